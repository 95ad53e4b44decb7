package io.yantar.node.consensus;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The same consortium suite with every node's journal in its own PostgreSQL database. */
@EnabledIfEnvironmentVariable(named = "YANTAR_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresConsensusConsortiumTest extends ConsensusConsortiumTest {
    private final String serverUrl = System.getenv("YANTAR_TEST_POSTGRES_URL");
    private final String user = System.getenv("YANTAR_TEST_POSTGRES_USER");
    private final String password = System.getenv("YANTAR_TEST_POSTGRES_PASSWORD");
    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final List<String> databases = new ArrayList<>();

    @Override
    String storageSection(String nodeId) {
        String database = "yantar_consensus_" + run + "_" + nodeId.replace('-', '_');
        execute("CREATE DATABASE " + database);
        databases.add(database);
        String url = serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + database;
        return """
                yantar.storage {
                  kind = postgres
                  postgres { url = "%s", user = "%s", password = "%s" }
                }
                """.formatted(url, user, password);
    }

    @AfterAll
    void dropDatabases() {
        databases.forEach(database -> execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"));
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
