package io.yantar.node.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.Gost2012Suite;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.state.GenesisLoader;
import io.yantar.node.cli.YantarCli;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.config.NodeCredentials;
import io.yantar.node.config.TransportSecurity;
import io.yantar.proto.Genesis;
import io.yantar.proto.ValidatorInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code yantar genesis --suite gost3410-2012-256-streebog}: every key of the network and the genesis are GOST; TLS on unless --no-tls. */
class GenesisSuiteAndTlsTest {
    @TempDir
    Path dir;

    @Test
    void aGostGenesisHasGostKeysForValidatorsAuthoritiesAndCitizensAndTlsByDefault() throws IOException {
        Path out = dir.resolve("gost");
        String printed = genesis("--out", out.toString(), "--suite", Gost2012Suite.ID, "--citizens", "3", "--base-port", "33000",
                "--http-base-port", "33100");
        NetworkLayout layout = new NetworkLayout(out);
        Genesis genesis = NodeCredentials.readGenesis(layout.genesisBinary());
        assertEquals(Gost2012Suite.ID, genesis.getCryptoSuite());
        CryptoSuite gost = CryptoSuites.gost2012();
        assertTrue(GenesisLoader.load(genesis, gost, LedgerLimits.DEFAULTS).isOk(), "the ledger accepts the GOST genesis");
        for (ValidatorInfo validator : genesis.getValidators().getValidatorsList()) {
            SigningKey key = KeyFiles.read(layout.key(validator.getNodeId()));
            assertEquals(Gost2012Suite.ID, key.suite().id());
            assertEquals(validator.getPublicKey(), ByteString.copyFrom(key.publicKey()));
        }
        for (var authority : genesis.getAuthoritiesList()) {
            assertEquals(authority.getPublicKey(), ByteString.copyFrom(KeyFiles.read(layout.key(authority.getName())).publicKey()));
        }
        SigningKey citizen = KeyFiles.read(layout.key("citizen-3"));
        assertEquals(Address.ofPublicKey(gost, ByteString.copyFrom(citizen.publicKey())).bytes(), genesis.getBalances(3).getAddress());
        assertTrue(printed.contains("crypto suite " + Gost2012Suite.ID), printed);
        assertTrue(Files.isRegularFile(layout.tls().keyStore("node-4")), "TLS on by default");
        assertTrue(NodeConfigLoader.load(layout.nodeConfig("node-4")).transport() instanceof TransportSecurity.MutualTls);
    }

    @Test
    void noTlsAndAnUnknownSuite() throws IOException {
        Path out = dir.resolve("plain");
        String printed = genesis("--out", out.toString(), "--no-tls", "--citizens", "0", "--base-port", "33200", "--http-base-port", "33300");
        NetworkLayout layout = new NetworkLayout(out);
        assertEquals("ed25519-sha256", NodeCredentials.readGenesis(layout.genesisBinary()).getCryptoSuite(), "Ed25519 stays the default");
        assertFalse(Files.exists(layout.tls().dir()));
        assertTrue(NodeConfigLoader.load(layout.nodeConfig("node-1")).transport() instanceof TransportSecurity.PlainTcp);
        assertTrue(printed.contains("TLS between nodes is OFF"), printed);

        StringWriter err = new StringWriter();
        int exit = YantarCli.run(new String[] {"genesis", "--out", dir.resolve("x").toString(), "--suite", "rsa"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertEquals(YantarCli.EXIT_USAGE, exit);
        assertTrue(err.toString().contains("--suite: unknown crypto suite 'rsa'"), err.toString());
    }

    private static String genesis(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "genesis";
        System.arraycopy(options, 0, args, 1, options.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(YantarCli.EXIT_OK, YantarCli.run(args, new PrintWriter(out), new PrintWriter(err)), err.toString());
        return out.toString();
    }
}
