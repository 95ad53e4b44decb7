package io.yantar.bench;

import com.google.protobuf.ByteString;
import io.yantar.node.config.NodeConfig.StorageKind;
import io.yantar.node.config.NodeConfig.StorageSettings;
import io.yantar.node.store.JdbcTransactionLocations;
import io.yantar.node.store.MvStoreTransactionLocations;
import io.yantar.node.store.TransactionLocations;
import io.yantar.proto.Receipt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The transaction index recording one executed block and waiting until its rows are in the
 * file, into an index that already holds {@code indexed} random ids: {@code jdbc}, the table
 * ({@link JdbcTransactionLocations}) in an H2 file opened as the node opens its journal
 * ({@code WRITE_DELAY=0}); {@code mvstore}, the map file an H2 node uses
 * ({@link MvStoreTransactionLocations}). Random ids land on index pages of their own and each
 * commit rewrites those pages. One block and one commit at a time, so the score is the writer's
 * time per block of {@code transactions} successes (a node on H2 commits its map about once a
 * second, for several blocks).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class TransactionIndexBenchmark {
    private static final int ID_BYTES = 32;
    private static final int PREFILL_BLOCK = 5_000;

    /** Transactions in each block. */
    @Param({"166"})
    public int transactions;

    /** jdbc: the table of PostgreSQL nodes, here in the H2 file; mvstore: the H2 node's own map file. */
    @Param({"jdbc", "mvstore"})
    public String index;

    /** Rows in the table before the measurement. */
    @Param({"300000"})
    public int indexed;

    private final SplittableRandom random = new SplittableRandom(8);
    private Path dataDir;
    private TransactionLocations locations;
    private Flush flush;
    private long height;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dataDir = Files.createTempDirectory("yantar-tx-index-bench-");
        switch (index) {
            case "jdbc" -> {
                JdbcTransactionLocations jdbc = JdbcTransactionLocations.open(new StorageSettings(StorageKind.H2,
                        "jdbc:h2:file:" + dataDir.resolve("journal").toString().replace('\\', '/') + ";WRITE_DELAY=0;RETENTION_TIME=45000",
                        "sa", "", 1, 16, 1 << 20, 0, 0));
                locations = jdbc;
                flush = jdbc::flush;
            }
            case "mvstore" -> {
                MvStoreTransactionLocations map = MvStoreTransactionLocations.open(dataDir.resolve("transactions.mv.db"), 2 << 20);
                locations = map;
                flush = map::flush;
            }
            default -> throw new IllegalArgumentException("index must be jdbc or mvstore, was '" + index + "'");
        }
        for (int written = 0; written < indexed; written += PREFILL_BLOCK) {
            locations.record(++height, successes(Math.min(PREFILL_BLOCK, indexed - written)));
        }
        flush.run();
    }

    @Benchmark
    public long recordBlock() throws InterruptedException {
        locations.record(++height, successes(transactions));
        flush.run();
        return height;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        locations.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Waits until the rows recorded so far are in the file. */
    private interface Flush {
        void run() throws InterruptedException;
    }

    private List<Receipt> successes(int count) {
        List<Receipt> receipts = new ArrayList<>(count);
        byte[] id = new byte[ID_BYTES];
        for (int i = 0; i < count; i++) {
            random.nextBytes(id);
            receipts.add(Receipt.newBuilder().setTxId(ByteString.copyFrom(id)).setSuccess(true).build());
        }
        return receipts;
    }
}
