package io.yantar.node.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The block store on PostgreSQL, each test in a database of its own (created and dropped
 * here). Runs where a server is configured, as {@code .ci/run} does:
 * {@code YANTAR_TEST_POSTGRES_URL}, {@code _USER}, {@code _PASSWORD} (a role with CREATEDB).
 */
@EnabledIfEnvironmentVariable(named = "YANTAR_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresBlockStoreTest extends BlockStoreContractTest {
    private final String serverUrl = System.getenv("YANTAR_TEST_POSTGRES_URL");
    private final String user = System.getenv("YANTAR_TEST_POSTGRES_USER");
    private final String password = System.getenv("YANTAR_TEST_POSTGRES_PASSWORD");
    private String database;

    @BeforeEach
    void createDatabase() throws Exception {
        database = "yantar_store_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        execute("CREATE DATABASE " + database);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Override
    String storageSection() {
        String url = serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + database;
        return """
                yantar.storage {
                  kind = postgres
                  postgres { url = "%s", user = "%s", password = "%s" }
                }
                """.formatted(url, user, password);
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
