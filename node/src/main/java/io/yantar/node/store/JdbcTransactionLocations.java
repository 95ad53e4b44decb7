package io.yantar.node.store;

import com.google.protobuf.ByteString;
import io.yantar.node.config.NodeConfig.StorageKind;
import io.yantar.node.config.NodeConfig.StorageSettings;
import io.yantar.proto.Receipt;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TransactionLocations} as one table in the node's own database (the H2 file or the
 * PostgreSQL database of the journal): {@code yantar_tx_location(tx_id primary key, height)}.
 * A block's rows are one transaction on a writer thread of their own, after the block is
 * executed, so the ledger actor never waits on it; rows are idempotent (a success overwrites, a
 * refusal is inserted only when absent), so blocks recorded twice (a restart re-records those
 * above {@link #recordedHeight}) are harmless. The writer's queue is not bounded here: it holds
 * one task per executed block, and a database slow enough to let it grow also slows the block
 * store's appends to the same database, which hold back execution (and so new tasks) anyway.
 *
 * <p>Why a table and not a scan of the blocks: a lookup of an unknown id (a typo, a payment
 * never sent) would have to read every block; the table answers it with one index probe and
 * costs about 60 bytes per transaction on disk.
 */
public final class JdbcTransactionLocations implements TransactionLocations {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcTransactionLocations.class);
    private static final String TABLE = "yantar_tx_location";

    private final Connection writes;
    private final Connection reads;
    private final String upsert;
    private final String insertIfAbsent;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "yantar-tx-locations");
        thread.setDaemon(true);
        return thread;
    });

    private JdbcTransactionLocations(Connection writes, Connection reads, String upsert, String insertIfAbsent) {
        this.writes = writes;
        this.reads = reads;
        this.upsert = upsert;
        this.insertIfAbsent = insertIfAbsent;
    }

    /** Opens the node's database and creates the table when it is missing. */
    public static JdbcTransactionLocations open(StorageSettings storage) throws SQLException {
        Connection writes = connect(storage);
        Connection reads = connect(storage);
        boolean h2 = storage.kind() == StorageKind.H2;
        try (Statement create = writes.createStatement()) {
            create.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (tx_id " + (h2 ? "VARBINARY(64)" : "BYTEA")
                    + " PRIMARY KEY, height BIGINT NOT NULL)");
        }
        writes.setAutoCommit(false);
        String upsert = h2
                ? "MERGE INTO " + TABLE + " (tx_id, height) KEY (tx_id) VALUES (?, ?)"
                : "INSERT INTO " + TABLE + " (tx_id, height) VALUES (?, ?) ON CONFLICT (tx_id) DO UPDATE SET height = EXCLUDED.height";
        String insertIfAbsent = h2
                ? "INSERT INTO " + TABLE + " (tx_id, height) SELECT CAST(? AS VARBINARY(64)), CAST(? AS BIGINT) WHERE NOT EXISTS"
                        + " (SELECT 1 FROM " + TABLE + " WHERE tx_id = ?)"
                : "INSERT INTO " + TABLE + " (tx_id, height) VALUES (?, ?) ON CONFLICT (tx_id) DO NOTHING";
        return new JdbcTransactionLocations(writes, reads, upsert, insertIfAbsent);
    }

    private static Connection connect(StorageSettings storage) throws SQLException {
        return DriverManager.getConnection(storage.url(), storage.user(), storage.password());
    }

    @Override
    public void record(long height, List<Receipt> settled) {
        if (settled.isEmpty()) {
            return;
        }
        writer.execute(() -> {
            try (PreparedStatement successes = writes.prepareStatement(upsert);
                 PreparedStatement refusals = writes.prepareStatement(insertIfAbsent)) {
                for (Receipt receipt : settled) {
                    PreparedStatement statement = receipt.getSuccess() ? successes : refusals;
                    byte[] txId = receipt.getTxId().toByteArray();
                    statement.setBytes(1, txId);
                    statement.setLong(2, height);
                    if (statement == refusals && statement.getParameterMetaData().getParameterCount() == 3) {
                        statement.setBytes(3, txId);
                    }
                    statement.addBatch();
                }
                successes.executeBatch();
                refusals.executeBatch();
                writes.commit();
            } catch (SQLException e) {
                // Lookups of these transactions fall back to "unknown" until a restart re-records them.
                LOG.error("transaction index: block {} not recorded: {}", height, e.getMessage());
                rollbackQuietly();
            }
        });
    }

    private void rollbackQuietly() {
        try {
            writes.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next write reports it
        }
    }

    @Override
    public synchronized OptionalLong heightOf(ByteString txId) {
        try (PreparedStatement statement = reads.prepareStatement("SELECT height FROM " + TABLE + " WHERE tx_id = ?")) {
            statement.setBytes(1, txId.toByteArray());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            LOG.warn("transaction index: lookup failed: {}", e.getMessage());
            return OptionalLong.empty();
        }
    }

    @Override
    public synchronized long recordedHeight() {
        try (Statement statement = reads.createStatement();
             ResultSet row = statement.executeQuery("SELECT MAX(height) FROM " + TABLE)) {
            return row.next() ? row.getLong(1) : 0;
        } catch (SQLException e) {
            LOG.warn("transaction index: highest height unreadable, recording all blocks again: {}", e.getMessage());
            return 0;
        }
    }

    /** Waits for the writes queued so far (tests, and an orderly stop). */
    public void flush() throws InterruptedException {
        try {
            writer.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("transaction index writer did not drain", e);
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(writes);
        closeQuietly(reads);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
