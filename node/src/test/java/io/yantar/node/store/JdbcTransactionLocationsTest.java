package io.yantar.node.store;

import io.yantar.node.config.NodeConfig.StorageKind;
import io.yantar.node.config.NodeConfig.StorageSettings;

/** The transaction index as a table in the node's H2 file (PostgreSQL nodes keep it so). */
class JdbcTransactionLocationsTest extends TransactionLocationsContractTest {
    @Override
    TransactionLocations open() throws Exception {
        return JdbcTransactionLocations.open(new StorageSettings(StorageKind.H2,
                "jdbc:h2:file:" + dataDir.resolve("journal").toString().replace('\\', '/') + ";WRITE_DELAY=0;RETENTION_TIME=5000", "sa", "", 1, 10, 1 << 20, 0, 0));
    }

    @Override
    void flush(TransactionLocations locations) throws Exception {
        ((JdbcTransactionLocations) locations).flush();
    }
}
