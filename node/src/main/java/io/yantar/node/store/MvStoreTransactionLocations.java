package io.yantar.node.store;

import com.google.protobuf.ByteString;
import io.yantar.node.store.IndexWriterThread.BlockRows;
import io.yantar.proto.Receipt;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TransactionLocations} of a node on H2 storage: one key-value map (transaction id to
 * height) in a file of its own beside the journal, written through H2's MVStore API without SQL
 * or transactions. The index is derived data: every row can be read again from the block store,
 * so it needs neither the journal's per-commit durability nor its undo log. Rows are put on a
 * writer thread of their own, visible to lookups at once, and reach the file with MVStore's
 * background commit every few seconds ({@link #COMMIT_DELAY_MILLIS}), so one file write carries the rows of several blocks
 * (an H2 commit rewrites every index page it touched, one per row for random ids). The highest
 * recorded height is a row of the same map, put after its block's rows: whatever version of the
 * file survives a crash holds every row up to the height it names, and the blocks above it are
 * recorded again at start. Recording is idempotent, as in {@link JdbcTransactionLocations}.
 */
public final class MvStoreTransactionLocations implements TransactionLocations {
    private static final Logger LOG = LoggerFactory.getLogger(MvStoreTransactionLocations.class);
    /** Transaction ids are hashes of 32 bytes or more, so the empty key names no transaction. */
    private static final byte[] RECORDED_HEIGHT_KEY = new byte[0];
    /**
     * Between background commits. With MVStore's 1 s default, 2,000 rows/s into a map of a million
     * random 32-byte keys allocated about 30 MB/s and wrote 5 MB/s of pages; with 5 s, 17-20 MB/s
     * and about 3 MB/s (60 s at that rate).
     * A crash loses at most this much of the index, which start records again from the blocks.
     */
    private static final int COMMIT_DELAY_MILLIS = 5_000;
    /** Changed pages held in memory before a commit comes early, in KiB (MVStore's default: 1 MiB). */
    private static final int UNSAVED_KIB_MAX = 16 * 1024;
    /** A torn last write falls back to an earlier version of the file, which must still be there: well above the time between commits. */
    private static final int RETENTION_MILLIS = 3 * COMMIT_DELAY_MILLIS;

    private final MVStore store;
    private final MVMap<byte[], Long> heights;
    private final IndexWriterThread writer = new IndexWriterThread(this::putQueued);
    /** Set by a failed put: the recorded height then stays below the block that failed. */
    private volatile boolean broken;

    private MvStoreTransactionLocations(MVStore store) {
        this.store = store;
        this.heights = store.openMap("transaction-heights",
                new MVMap.Builder<byte[], Long>().keyType(ByteArrayDataType.INSTANCE).valueType(LongDataType.INSTANCE));
    }

    /**
     * Opens (or creates) the index file, with a page cache of {@code cacheBytes} (whole MiB, at
     * least one). Ids are random, so a put or lookup reads a leaf the cache rarely holds: a
     * smaller cache changes few hits, and its pages die young instead of being promoted.
     */
    public static MvStoreTransactionLocations open(Path file, long cacheBytes) {
        int cacheMib = (int) Math.max(1, (cacheBytes + (1 << 20) - 1) >> 20);
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitBufferSize(UNSAVED_KIB_MAX).cacheSize(cacheMib).open();
        store.setAutoCommitDelay(COMMIT_DELAY_MILLIS);
        store.setRetentionTime(RETENTION_MILLIS);
        return new MvStoreTransactionLocations(store);
    }

    @Override
    public void record(long height, List<Receipt> settled) {
        writer.enqueue(height, settled);
    }

    private void putQueued(List<BlockRows> blocks) {
        for (BlockRows block : blocks) {
            if (broken) {
                return;
            }
            try {
                for (Receipt receipt : block.settled()) {
                    byte[] txId = receipt.getTxId().toByteArray();
                    if (receipt.getSuccess()) {
                        heights.put(txId, block.height()); // a success after its own refusal moves the transaction
                    } else {
                        heights.putIfAbsent(txId, block.height()); // a replay's refusal never hides the success
                    }
                }
                heights.put(RECORDED_HEIGHT_KEY, block.height());
            } catch (MVStoreException e) {
                // Lookups of these transactions answer "unknown" until a restart records their blocks again.
                LOG.error("transaction index: block {} and the blocks after it not recorded: {}", block.height(), e.getMessage());
                broken = true;
            }
        }
    }

    @Override
    public OptionalLong heightOf(ByteString txId) {
        byte[] key = txId.toByteArray();
        if (key.length == 0) {
            return OptionalLong.empty();
        }
        Long height = heights.get(key);
        return height == null ? OptionalLong.empty() : OptionalLong.of(height);
    }

    @Override
    public long recordedHeight() {
        Long height = heights.get(RECORDED_HEIGHT_KEY);
        return height == null ? 0 : height;
    }

    /** Waits until the rows queued so far are in the file (tests and benchmarks; the node leaves it to the background commit). */
    public void flush() throws InterruptedException {
        writer.runAfterQueued(store::commit);
    }

    @Override
    public void close() {
        writer.stop();
        try {
            store.close(); // writes what the background commit has not
        } catch (MVStoreException e) {
            LOG.warn("transaction index: closing its file failed, blocks above the last commit are recorded again at start: {}",
                    e.getMessage());
        }
    }
}
