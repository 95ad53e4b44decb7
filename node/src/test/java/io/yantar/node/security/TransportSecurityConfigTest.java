package io.yantar.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.yantar.crypto.CryptoSuites;
import io.yantar.node.config.InvalidConfigException;
import io.yantar.node.config.NodeConfig;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.config.PekkoSettings;
import io.yantar.node.config.TransportSecurity;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated node file turns into Artery TLS settings; every unusable TLS file stops the node with its reason. */
class TransportSecurityConfigTest {
    @TempDir
    Path dir;

    @Test
    void aGeneratedNodeRunsArteryOverTls13WithMutualAuthentication() throws IOException {
        NetworkLayout layout = generate(true);
        NodeConfig node = NodeConfigLoader.load(layout.nodeConfig("node-1"));
        TransportSecurity.MutualTls tls = assertInstanceOf(TransportSecurity.MutualTls.class, node.transport());
        assertEquals(layout.tls().keyStore("node-1"), tls.keyStore());
        assertEquals(layout.tls().caTrustStore(), tls.trustStore());
        assertEquals(Files.readString(layout.tls().keyStorePassword("node-1")).strip(), tls.keyStorePassword());
        assertFalse(tls.toString().contains(tls.keyStorePassword()), "passwords never printed: " + tls);
        assertFalse(Files.readString(layout.nodeConfig("node-1")).contains(tls.keyStorePassword()), "the node file holds no password");

        Config pekko = PekkoSettings.forNode(node);
        String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
        assertEquals("tls-tcp", pekko.getString("pekko.remote.artery.transport"));
        assertEquals("TLSv1.3", pekko.getString(engine + "protocol"));
        assertTrue(pekko.getBoolean(engine + "require-mutual-authentication"));
        assertTrue(pekko.getBoolean(engine + "hostname-verification"));
        assertEquals(pekko.getString(engine + "key-store-password"), pekko.getString(engine + "key-password"));
        assertEquals(layout.tls().caTrustStore().toString(), pekko.getString(engine + "trust-store"));
        assertEquals(TransportSecurity.MutualTls.CIPHER_SUITES, pekko.getStringList(engine + "enabled-algorithms"));
    }

    @Test
    void theFilesPekkoSectionCannotTurnTlsOff() throws IOException {
        NetworkLayout layout = generate(true);
        append(layout, "pekko.remote.artery.transport = tcp\npekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication = off\n");
        Config pekko = PekkoSettings.forNode(NodeConfigLoader.load(layout.nodeConfig("node-1")));
        assertEquals("tls-tcp", pekko.getString("pekko.remote.artery.transport"));
        assertTrue(pekko.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
    }

    @Test
    void noTlsWritesNoCertificatesAndPlainTcp() throws IOException {
        NetworkLayout layout = generate(false);
        assertFalse(Files.exists(layout.tls().dir()));
        NodeConfig node = NodeConfigLoader.load(layout.nodeConfig("node-2"));
        assertInstanceOf(TransportSecurity.PlainTcp.class, node.transport());
        assertEquals("tcp", PekkoSettings.forNode(node).getString("pekko.remote.artery.transport"));
    }

    @Test
    void aKeystoreReadableByOthersIsRefusedWithTheFixToRun() throws IOException {
        NetworkLayout layout = generate(true);
        Path keyStore = layout.tls().keyStore("node-3");
        Files.setPosixFilePermissions(keyStore, PosixFilePermissions.fromString("rw-r--r--"));
        InvalidConfigException refused = assertThrows(InvalidConfigException.class, () -> NodeConfigLoader.load(layout.nodeConfig("node-3")));
        assertEquals("yantar.tls.key-store", refused.key());
        assertEquals("yantar.tls.key-store: " + keyStore + ": accessible by group or others (rw-r--r--); run: chmod 600 " + keyStore,
                refused.getMessage());
    }

    @Test
    void everyUnusableTlsFileIsNamed() throws IOException {
        NetworkLayout layout = generate(true);
        Path password = layout.tls().keyStorePassword("node-1");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-rw----"));
        assertEquals("yantar.tls.key-store-password-file", refusal(layout, "node-1").key());

        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(password, "not-the-password\n");
        InvalidConfigException wrong = refusal(layout, "node-1");
        assertEquals("yantar.tls.key-store", wrong.key());
        assertTrue(wrong.getMessage().contains("cannot open it with its password"), wrong.getMessage());

        Files.writeString(password, "\n");
        assertTrue(refusal(layout, "node-1").getMessage().endsWith("holds no password"));

        Files.delete(layout.tls().caTrustStore());
        InvalidConfigException missing = refusal(layout, "node-2");
        assertEquals("yantar.tls.trust-store", missing.key());
        assertEquals("yantar.tls.trust-store: " + layout.tls().caTrustStore() + ": no such file", missing.getMessage());
    }

    @Test
    void aKeystoreOfAnotherConsortiumIsRefusedBeforeTheNodeStarts() throws IOException {
        NetworkLayout layout = generate(true);
        NetworkLayout other = new NetworkLayout(dir.resolve("other"));
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(other, spec(true), 1_790_000_000_000L);
        useKeyStoreOf(layout, "node-4", other, "node-4");
        InvalidConfigException refused = refusal(layout, "node-4");
        assertEquals("yantar.tls.key-store", refused.key());
        assertTrue(refused.getMessage().contains("is not issued by a certificate of " + layout.tls().caTrustStore()), refused.getMessage());
    }

    @Test
    void aNodeWithAnotherMembersCertificateFromTheConsortiumCaIsRefused() throws IOException {
        NetworkLayout layout = generate(true);
        useKeyStoreOf(layout, "node-1", layout, "node-2");

        InvalidConfigException refused = refusal(layout, "node-1");
        assertEquals("yantar.tls.key-store", refused.key());
        assertTrue(refused.getMessage().contains(": its certificate is for node-2 (CN=node-2,"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("but this node is node-1; each node must present its own certificate (CN=node-1)"
                + " from the consortium CA"), refused.getMessage());
    }

    /** Gives {@code nodeId} of {@code layout} the keystore (and its password file) of {@code owner} in {@code source}. */
    private static void useKeyStoreOf(NetworkLayout layout, String nodeId, NetworkLayout source, String owner) throws IOException {
        Files.delete(layout.tls().keyStore(nodeId));
        Files.delete(layout.tls().keyStorePassword(nodeId));
        Files.copy(source.tls().keyStore(owner), layout.tls().keyStore(nodeId));
        Files.copy(source.tls().keyStorePassword(owner), layout.tls().keyStorePassword(nodeId));
    }

    private InvalidConfigException refusal(NetworkLayout layout, String nodeId) {
        return assertThrows(InvalidConfigException.class, () -> NodeConfigLoader.load(layout.nodeConfig(nodeId)));
    }

    private NetworkLayout generate(boolean tls) throws IOException {
        NetworkLayout layout = new NetworkLayout(dir.resolve("network"));
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(layout, spec(tls), 1_790_000_000_000L);
        return layout;
    }

    private static NetworkSpec spec(boolean tls) {
        return new NetworkSpec("yantar-test", 4, 0, "127.0.0.1", 31000, 31100, NetworkSpec.DEFAULT_TREASURY_KOPECKS,
                NetworkSpec.DEFAULT_CITIZEN_KOPECKS, tls);
    }

    private static void append(NetworkLayout layout, String hocon) throws IOException {
        Files.writeString(layout.nodeConfig("node-1"), "\n" + hocon, StandardOpenOption.APPEND);
    }
}
