package io.yantar.node.config;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.Parsed;
import io.yantar.ledger.state.GenesisLoader;
import io.yantar.ledger.state.LoadedGenesis;
import io.yantar.proto.Genesis;
import io.yantar.proto.ValidatorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The genesis and the validator key a node runs with, checked before anything starts: the
 * ledger must accept the genesis (its rules, via {@link GenesisLoader}); the node must be one
 * of its validators, with the organisation and role written there, holding the private half
 * of its registered key.
 *
 * @param genesisBlockHash the hash of block 0, the chain identity; block 1 links to it
 */
public record NodeCredentials(Genesis genesis, CryptoSuite suite, ValidatorInfo self, SigningKey signingKey, ByteString genesisBlockHash) {

    public static NodeCredentials load(NodeConfig config) {
        Genesis genesis = readGenesis(config.genesisFile());
        CryptoSuite suite;
        try {
            suite = CryptoSuites.byId(genesis.getCryptoSuite());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("yantar.genesis-file", e.getMessage());
        }
        Parsed<LoadedGenesis> loaded = GenesisLoader.load(genesis, suite, LedgerLimits.DEFAULTS);
        if (!loaded.isOk()) {
            throw new InvalidConfigException("yantar.genesis-file", "the ledger refuses this genesis: " + loaded.reasonOrEmpty());
        }
        String nodeId = config.identity().nodeId();
        ValidatorInfo self = genesis.getValidators().getValidatorsList().stream()
                .filter(v -> v.getNodeId().equals(nodeId))
                .findFirst()
                .orElseThrow(() -> new InvalidConfigException("yantar.node.id",
                        "\"" + nodeId + "\" is not a validator of chain \"" + genesis.getChainId() + "\""));
        if (!self.getOrganisation().equals(config.identity().organisation())) {
            throw new InvalidConfigException("yantar.node.organisation",
                    "\"" + config.identity().organisation() + "\" differs from the genesis (\"" + self.getOrganisation() + "\")");
        }
        if (!self.getRole().equals(config.identity().role())) {
            throw new InvalidConfigException("yantar.node.role",
                    "\"" + config.identity().role() + "\" differs from the genesis (\"" + self.getRole() + "\")");
        }
        SigningKey key;
        try {
            key = KeyFiles.read(config.keyFile());
        } catch (IOException e) {
            throw new InvalidConfigException("yantar.key-file", String.valueOf(e.getMessage()));
        }
        if (!ByteString.copyFrom(key.publicKey()).equals(self.getPublicKey())) {
            throw new InvalidConfigException("yantar.key-file", config.keyFile() + " is not the key registered for " + nodeId + " in the genesis");
        }
        return new NodeCredentials(genesis, suite, self, key, loaded.orThrow().chainIdentity());
    }

    public static Genesis readGenesis(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException("yantar.genesis-file", "no such file: " + file);
        }
        try {
            return Genesis.parseFrom(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidConfigException("yantar.genesis-file", file + " is not a Genesis protobuf (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InvalidConfigException("yantar.genesis-file", "cannot read " + file + " (" + e.getMessage() + ")");
        }
    }
}
