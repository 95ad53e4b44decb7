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
 * of its registered key, or an observer (yantar.node.observer = true): a node outside the set
 * whose key no genesis validator holds, or the new machine of a validator (its id, a new key)
 * that signs only from the epoch in which the admins replaced the key.
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
        SigningKey key;
        try {
            key = KeyFiles.read(config.keyFile());
        } catch (IOException e) {
            throw new InvalidConfigException("yantar.key-file", String.valueOf(e.getMessage()));
        }
        java.util.Optional<ValidatorInfo> validator = genesis.getValidators().getValidatorsList().stream()
                .filter(v -> v.getNodeId().equals(nodeId))
                .findFirst();
        if (validator.isEmpty()) {
            return observer(config, genesis, suite, key, loaded.orThrow().chainIdentity());
        }
        ValidatorInfo self = validator.get();
        if (!self.getOrganisation().equals(config.identity().organisation())) {
            throw new InvalidConfigException("yantar.node.organisation",
                    "\"" + config.identity().organisation() + "\" differs from the genesis (\"" + self.getOrganisation() + "\")");
        }
        if (!self.getRole().equals(config.identity().role())) {
            throw new InvalidConfigException("yantar.node.role",
                    "\"" + config.identity().role() + "\" differs from the genesis (\"" + self.getRole() + "\")");
        }
        if (!ByteString.copyFrom(key.publicKey()).equals(self.getPublicKey())) {
            if (config.identity().observer()) { // the new machine of a validator whose key the admins replace
                return new NodeCredentials(genesis, suite, self.toBuilder().setPublicKey(ByteString.copyFrom(key.publicKey())).build(),
                        key, loaded.orThrow().chainIdentity());
            }
            throw new InvalidConfigException("yantar.key-file", config.keyFile() + " is not the key registered for " + nodeId
                    + " in the genesis (the new machine of a validator whose key is replaced: yantar.node.observer = true)");
        }
        return new NodeCredentials(genesis, suite, self, key, loaded.orThrow().chainIdentity());
    }

    /**
     * A node outside the genesis set: allowed with {@code yantar.node.observer = true} (it follows
     * the chain and votes from an epoch that adds it with this key), refused otherwise, since a
     * mistyped node id would otherwise start a node that never votes.
     */
    private static NodeCredentials observer(NodeConfig config, Genesis genesis, CryptoSuite suite, SigningKey key,
                                            ByteString genesisBlockHash) {
        String nodeId = config.identity().nodeId();
        if (!config.identity().observer()) {
            throw new InvalidConfigException("yantar.node.id", "\"" + nodeId + "\" is not a validator of chain \"" + genesis.getChainId()
                    + "\" (a node that follows the chain until the admins add it: yantar.node.observer = true)");
        }
        ByteString publicKey = ByteString.copyFrom(key.publicKey());
        for (ValidatorInfo validator : genesis.getValidators().getValidatorsList()) {
            if (validator.getPublicKey().equals(publicKey)) {
                throw new InvalidConfigException("yantar.key-file", config.keyFile() + " is validator " + validator.getNodeId()
                        + "'s key in the genesis, not an observer's");
            }
        }
        ValidatorInfo self = ValidatorInfo.newBuilder().setNodeId(nodeId).setOrganisation(config.identity().organisation())
                .setRole(config.identity().role()).setPublicKey(publicKey).build();
        return new NodeCredentials(genesis, suite, self, key, genesisBlockHash);
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
