package io.yantar.node.store;

import com.google.protobuf.ByteString;
import io.yantar.node.config.NodeConfig.StorageKind;
import io.yantar.node.config.NodeConfig.StorageSettings;
import io.yantar.node.store.IndexWriterThread.BlockRows;
import io.yantar.proto.Receipt;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TransactionLocations} as one table in the node's own database, the PostgreSQL database
 * of the journal: {@code yantar_tx_location(tx_id primary key, height)}. It runs on H2 too (tests,
 * the benchmark), but an H2 node keeps its index in a file of its own ({@link MvStoreTransactionLocations}).
 * Rows are written on a writer thread of their own, after their block is executed, so the ledger
 * actor never waits on it; the blocks queued when the writer runs are one database transaction.
 * Rows are idempotent (a success overwrites, a refusal is inserted only when absent), so blocks
 * recorded twice (a restart re-records those above {@link #recordedHeight}) are harmless. The
 * writer's queue is not bounded here: it holds one entry per executed block, and a database slow
 * enough to let it grow also slows the block store's appends to the same database, which hold
 * back execution (and so new entries) anyway.
 *
 * <p>Why a table and not a scan of the blocks: a lookup of an unknown id (a typo, a payment
 * never sent) would have to read every block; the table answers it with one index probe and
 * holds about 60 bytes of live data per transaction (H2 writes more: each commit rewrites every
 * index page it touched, one per row for random ids).
 */
public final class JdbcTransactionLocations implements TransactionLocations {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcTransactionLocations.class);
    private static final String TABLE = "yantar_tx_location";
    private static final String INSERT_NEW = "INSERT INTO " + TABLE + " (tx_id, height) VALUES (?, ?)";

    private final Connection writes;
    private final Connection reads;
    private final String upsert;
    private final String insertIfAbsent;
    private final IndexWriterThread writer = new IndexWriterThread(this::writeQueued);

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
        writer.enqueue(height, settled);
    }

    /**
     * Writes every block queued so far in one database transaction: a writer that fell behind
     * (it competes for the same cores as the replica) catches up with one commit for several
     * blocks, and with WRITE_DELAY=0 every H2 commit writes a chunk of the pages it touched.
     */
    private void writeQueued(List<BlockRows> blocks) {
        try {
            if (!insertAllNew(blocks)) {
                writeIdempotently(blocks);
            }
            writes.commit();
        } catch (SQLException e) {
            // Lookups of these transactions fall back to "unknown" until a restart re-records them.
            LOG.error("transaction index: blocks {}-{} not recorded: {}", blocks.get(0).height(), blocks.get(blocks.size() - 1).height(),
                    e.getMessage());
            rollbackQuietly();
        }
    }

    /**
     * The common case, every transaction new to the index: plain inserts, one index probe per row
     * (a MERGE costs two; 27 % less CPU per row in H2 against a table of 300,000 rows). False, with
     * nothing written, when a row exists already: a success after its own refusal, a block
     * recorded again after a restart.
     */
    private boolean insertAllNew(List<BlockRows> blocks) throws SQLException {
        try (PreparedStatement inserts = writes.prepareStatement(INSERT_NEW)) {
            for (BlockRows block : blocks) {
                for (Receipt receipt : block.settled()) {
                    inserts.setBytes(1, receipt.getTxId().toByteArray());
                    inserts.setLong(2, block.height());
                    inserts.addBatch();
                }
            }
            inserts.executeBatch();
            return true;
        } catch (SQLException rowExists) {
            writes.rollback();
            return false;
        }
    }

    /** A success overwrites, a refusal is inserted only when absent, in height order. */
    private void writeIdempotently(List<BlockRows> blocks) throws SQLException {
        try (PreparedStatement successes = writes.prepareStatement(upsert);
             PreparedStatement refusals = writes.prepareStatement(insertIfAbsent)) {
            boolean refusalNamesIdTwice = refusals.getParameterMetaData().getParameterCount() == 3;
            for (BlockRows block : blocks) {
                for (Receipt receipt : block.settled()) {
                    PreparedStatement statement = receipt.getSuccess() ? successes : refusals;
                    byte[] txId = receipt.getTxId().toByteArray();
                    statement.setBytes(1, txId);
                    statement.setLong(2, block.height());
                    if (statement == refusals && refusalNamesIdTwice) {
                        statement.setBytes(3, txId);
                    }
                    // One statement at a time: a refusal and a success of one transaction may meet in these blocks.
                    statement.executeUpdate();
                }
            }
        }
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
        writer.runAfterQueued(() -> { });
    }

    @Override
    public void close() {
        writer.stop();
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
