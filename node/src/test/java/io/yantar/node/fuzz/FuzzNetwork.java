package io.yantar.node.fuzz;

import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.state.GenesisLoader;
import io.yantar.ledger.state.LoadedGenesis;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.testing.TestNetworks;
import io.yantar.proto.Genesis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real generated network (genesis, validator and client keys), made once per JVM: fuzz targets
 * run millions of times and must not pay for key generation or files on each input.
 */
final class FuzzNetwork {
    static final CryptoSuite SUITE = CryptoSuites.ed25519();

    private static FuzzNetwork instance;

    final Genesis genesis;
    final SigningKey citizen;
    final SigningKey treasury;

    private FuzzNetwork() throws IOException {
        Path root = Files.createTempDirectory("yantar-fuzz");
        NetworkLayout layout = TestNetworks.generate(root, 4);
        genesis = Genesis.parseFrom(Files.readAllBytes(layout.genesisBinary()));
        citizen = KeyFiles.read(layout.key("citizen-1"));
        treasury = KeyFiles.read(layout.key("treasury"));
    }

    static synchronized FuzzNetwork get() {
        if (instance == null) {
            try {
                instance = new FuzzNetwork();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A fresh genesis state: execution mutates the state it is given. */
    LoadedGenesis freshGenesis() {
        return GenesisLoader.load(genesis, SUITE, LedgerLimits.DEFAULTS).orThrow();
    }

    String chainId() {
        return genesis.getChainId();
    }
}
