package io.yantar.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigLoaderTest {
    private static final String VALID = """
            yantar {
              node { id = "node-2", organisation = "State Development Bank", role = "bank" }
              key-file = "keys/node-2.key"
              genesis-file = "genesis.pb"
              data-dir = "data/node-2"
              cluster { host = "127.0.0.1", port = 25522, seed-nodes = ["127.0.0.1:25521", "127.0.0.1:25522"] }
              http { port = 8082 }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void readsAFileAndResolvesPathsAgainstItsFolder() throws Exception {
        Path file = dir.resolve("node-2.conf");
        Files.writeString(file, VALID);
        NodeConfig config = NodeConfigLoader.load(file);
        assertEquals(new NodeConfig.Identity("node-2", "State Development Bank", "bank"), config.identity());
        assertEquals(dir.resolve("keys/node-2.key"), config.keyFile());
        assertEquals(dir.resolve("data/node-2"), config.dataDir());
        assertEquals(List.of(new NodeConfig.HostPort("127.0.0.1", 25521), new NodeConfig.HostPort("127.0.0.1", 25522)),
                config.cluster().seedNodes());
        assertEquals("yantar", config.cluster().systemName());
        assertEquals(1024 * 1024, config.http().requestBodyBytesMax());
        assertEquals(Duration.ofSeconds(30), config.http().requestTimeout());
        assertEquals(NodeConfig.StorageKind.H2, config.storage().kind());
        assertEquals(8L * 1024 * 1024, config.storage().blockCacheBytes(), "the default bound of the block cache");
        assertEquals(java.time.Duration.ofMillis(500), config.consensus().stallThreshold(), "pauses over half a second are the node's own");
        assertEquals("jdbc:h2:file:" + dir.resolve("data/node-2/journal") + ";WRITE_DELAY=0;MAX_LENGTH_INPLACE_LOB=16777216;CACHE_SIZE=4096;RETENTION_TIME=5000",
                config.storage().url());
        assertEquals(2L << 20, config.storage().indexCacheBytes(), "the transaction index's page cache");
    }

    @Test
    void theH2RetentionTimeIsConfigurableWithinBounds() {
        NodeConfig longer = NodeConfigLoader.fromConfig(ConfigFactory.parseString(VALID + "\nyantar.storage.h2.retention-time = 45s\n"), dir);
        assertTrue(longer.storage().url().endsWith(";RETENTION_TIME=45000"), longer.storage().url());
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> NodeConfigLoader.fromConfig(
                ConfigFactory.parseString(VALID + "\nyantar.storage.h2.retention-time = 11m\n"), dir));
        assertTrue(e.getMessage().contains("yantar.storage.h2.retention-time"), e.getMessage());
    }

    @Test
    void theH2PageCachesAreConfigurableWithinBounds() {
        NodeConfig larger = NodeConfigLoader.fromConfig(ConfigFactory.parseString(VALID
                + "\nyantar.storage.h2.cache-size = 64MiB\nyantar.storage.h2.index-cache-size = 16MiB\n"), dir);
        assertTrue(larger.storage().url().contains(";CACHE_SIZE=65536;"), larger.storage().url());
        assertEquals(16L << 20, larger.storage().indexCacheBytes());
        InvalidConfigException tooSmall = assertThrows(InvalidConfigException.class, () -> NodeConfigLoader.fromConfig(
                ConfigFactory.parseString(VALID + "\nyantar.storage.h2.cache-size = 100KiB\n"), dir));
        assertTrue(tooSmall.getMessage().contains("yantar.storage.h2.cache-size"), tooSmall.getMessage());
        InvalidConfigException tooLarge = assertThrows(InvalidConfigException.class, () -> NodeConfigLoader.fromConfig(
                ConfigFactory.parseString(VALID + "\nyantar.storage.h2.index-cache-size = 2GiB\n"), dir));
        assertTrue(tooLarge.getMessage().contains("yantar.storage.h2.index-cache-size"), tooLarge.getMessage());
    }

    @Test
    void h2KeepsValuesUpToTheLargestBlockInTheirRows() throws Exception {
        NodeConfig config = NodeConfigLoader.fromConfig(ConfigFactory.parseString(VALID), dir);
        try (Connection connection = DriverManager.getConnection(config.storage().url(), config.storage().user(), config.storage().password());
             ResultSet setting = connection.createStatement().executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MAX_LENGTH_INPLACE_LOB'")) {
            assertTrue(setting.next(), "H2 reports no MAX_LENGTH_INPLACE_LOB");
            assertEquals(String.valueOf(NodeConfigLoader.H2_INPLACE_VALUE_BYTES_MAX), setting.getString(1));
        }
    }

    @Test
    void theDocumentedExampleFileIsValid() {
        NodeConfig example = NodeConfigLoader.load(Path.of("../config/node.conf.example"));
        assertEquals("node-1", example.identity().nodeId());
        assertEquals(4, example.cluster().seedNodes().size());
        assertEquals(1024 * 1024, example.http().requestBodyBytesMax());
        assertEquals(new NodeConfig.AdminSettings(true, "127.0.0.1", 8181, Duration.ofSeconds(60)), example.admin());
        assertEquals(Duration.ofSeconds(30), example.cluster().removedValidatorDownAfter());
    }

    @Test
    void theAdminListenerIsOffByDefaultAndNeverOnTheHttpPort() {
        NodeConfig node = NodeConfigLoader.fromConfig(ConfigFactory.parseString(VALID), dir);
        assertEquals(NodeConfig.AdminSettings.DISABLED, node.admin());
        NodeConfig enabled = NodeConfigLoader.fromConfig(ConfigFactory.parseString(VALID
                + "yantar.admin { enabled = true, port = 9000, timestamp-window = 30s }"), dir);
        assertEquals(new NodeConfig.AdminSettings(true, "127.0.0.1", 9000, Duration.ofSeconds(30)), enabled.admin());
        int httpPort = node.http().port();
        assertProblem(VALID + "yantar.admin { enabled = true, port = " + httpPort + " }",
                "yantar.admin.port: must differ from yantar.http.port (" + httpPort + ")");
        assertProblem(VALID + "yantar.admin { enabled = true, port = 9000, timestamp-window = 0s }",
                "yantar.admin.timestamp-window: must be");
    }

    @Test
    void derivesThePekkoSettingsOfTheNode() throws Exception {
        NodeConfig node = NodeConfigLoader.fromConfig(ConfigFactory.parseString(VALID), dir);
        Config pekko = PekkoSettings.forNode(node);
        assertEquals("cluster", pekko.getString("pekko.actor.provider"));
        assertEquals(25522, pekko.getInt("pekko.remote.artery.canonical.port"));
        assertEquals(List.of("pekko://yantar@127.0.0.1:25521", "pekko://yantar@127.0.0.1:25522"), pekko.getStringList("pekko.cluster.seed-nodes"));
        assertEquals(List.of("node:node-2", "bank"), pekko.getStringList("pekko.cluster.roles"));
        assertEquals("keep-majority", pekko.getString("pekko.cluster.split-brain-resolver.active-strategy"));
        assertEquals("off", pekko.getString("pekko.actor.allow-java-serialization"));
        assertEquals("slick", pekko.getString("jdbc-journal.use-shared-db"));
        assertEquals(node.storage().url(), pekko.getString("pekko-persistence-jdbc.shared-databases.slick.db.url"));
        assertEquals("yantar-protobuf", pekko.getString("pekko.actor.serialization-bindings.\"io.yantar.proto.PeerEnvelope\""));
    }

    @Test
    void theFilesPekkoSectionOverridesYantarsDefaults() {
        NodeConfig node = NodeConfigLoader.fromConfig(ConfigFactory.parseString(VALID + "pekko.cluster.split-brain-resolver.stable-after = 7s"), dir);
        assertEquals(Duration.ofSeconds(7), PekkoSettings.forNode(node).getDuration("pekko.cluster.split-brain-resolver.stable-after"));
    }

    @Test
    void postgresNeedsAJdbcUrlAndUser() {
        String postgres = VALID + "yantar.storage { kind = postgres, postgres { url = \"jdbc:postgresql://db:5432/yantar\", user = yantar, password = s3cret } }";
        NodeConfig node = NodeConfigLoader.fromConfig(ConfigFactory.parseString(postgres), dir);
        assertEquals(NodeConfig.StorageKind.POSTGRES, node.storage().kind());
        assertEquals("slick.jdbc.PostgresProfile$", PekkoSettings.forNode(node).getString("pekko-persistence-jdbc.shared-databases.slick.profile"));
        assertTrue(!node.storage().toString().contains("s3cret"), "the password must not be printed");
        assertProblem(VALID + "yantar.storage { kind = postgres, postgres.url = \"jdbc:mysql://x\", postgres.user = u }",
                "yantar.storage.postgres.url: must start with jdbc:postgresql:");
        assertProblem(VALID + "yantar.storage.kind = postgres", "yantar.storage.postgres.url: must not be empty");
    }

    @Test
    void everyBadValueIsReportedWithItsKey() {
        assertProblem(VALID + "yantar.http.port = 70000", "yantar.http.port: must be between 1 and 65535 (was 70000)");
        assertProblem(VALID + "yantar.http.port = eighty", "yantar.http.port: must be a whole number");
        assertProblem(VALID + "yantar.node.role = auditor", "yantar.node.role: must be one of [bank, government] (was \"auditor\")");
        assertProblem(VALID + "yantar.node.id = \"Node 2\"", "yantar.node.id: must be a lower-case id such as node-1 (was \"Node 2\")");
        assertProblem(VALID + "yantar.cluster.seed-nodes = []", "yantar.cluster.seed-nodes: must name at least one seed node");
        assertProblem(VALID + "yantar.cluster.seed-nodes = [\"localhost\"]", "yantar.cluster.seed-nodes: \"localhost\" is not host:port");
        assertProblem(VALID + "yantar.http.request-body-bytes-max = 1GiB", "yantar.http.request-body-bytes-max: must be between 1024 and 67108864 bytes");
        assertProblem(VALID + "yantar.http.request-timeout = forever", "yantar.http.request-timeout: must be a duration such as 30s or 500ms");
        assertProblem(VALID + "yantar.storage.pool-size = 0", "yantar.storage.pool-size: must be between 1 and 64 (was 0)");
        assertProblem(VALID + "yantar.consensus.stall-threshold = 2m", "yantar.consensus.stall-threshold: must be between 0s and 60s (was 120s)");
        assertProblem(VALID + "yantar.storage.block-cache-bytes = 1KiB", "yantar.storage.block-cache-bytes: must be between 65536 and 4294967296 bytes");
        assertProblem(VALID + "yantar.http.port = 25522", "yantar.http.port: must differ from yantar.cluster.port (25522)");
        assertProblem(VALID.replace("key-file = \"keys/node-2.key\"", ""), "yantar.key-file: is missing");
    }

    @Test
    void aMissingOrUnparsableFileIsOneLine() throws Exception {
        InvalidConfigException missing = assertThrows(InvalidConfigException.class, () -> NodeConfigLoader.load(dir.resolve("none.conf")));
        assertTrue(missing.getMessage().startsWith("config file: no such file: "), missing.getMessage());
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "yantar { node { id = \n");
        InvalidConfigException unparsable = assertThrows(InvalidConfigException.class, () -> NodeConfigLoader.load(broken));
        assertTrue(unparsable.getMessage().startsWith("config file: ") && !unparsable.getMessage().contains("\n"), unparsable.getMessage());
    }

    private void assertProblem(String hocon, String expectedPrefix) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> NodeConfigLoader.fromConfig(ConfigFactory.parseString(hocon), dir));
        assertTrue(e.getMessage().startsWith(expectedPrefix), "expected '" + expectedPrefix + "' but got '" + e.getMessage() + "'");
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }
}
