package io.yantar.bench;

import com.google.protobuf.ByteString;
import io.yantar.node.config.NodeConfig.StorageKind;
import io.yantar.node.config.NodeConfig.StorageSettings;
import io.yantar.node.store.JdbcTransactionLocations;
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
 * The transaction index ({@link JdbcTransactionLocations}) recording one executed block and
 * waiting for the write, on an H2 file opened as the node opens it ({@code WRITE_DELAY=0}),
 * whose table already holds {@code indexed} rows: the ids are random, so every row lands on an
 * index page of its own and each commit rewrites those pages. One block at a time, so the score
 * is the writer's time per block of {@code transactions} successes.
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

    /** Rows in the table before the measurement. */
    @Param({"300000"})
    public int indexed;

    private final SplittableRandom random = new SplittableRandom(8);
    private Path dataDir;
    private JdbcTransactionLocations locations;
    private long height;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dataDir = Files.createTempDirectory("yantar-tx-index-bench-");
        locations = JdbcTransactionLocations.open(new StorageSettings(StorageKind.H2,
                "jdbc:h2:file:" + dataDir.resolve("journal").toString().replace('\\', '/') + ";WRITE_DELAY=0;RETENTION_TIME=45000",
                "sa", "", 1, 16, 0));
        for (int written = 0; written < indexed; written += PREFILL_BLOCK) {
            locations.record(++height, successes(Math.min(PREFILL_BLOCK, indexed - written)));
        }
        locations.flush();
    }

    @Benchmark
    public long recordBlock() throws InterruptedException {
        locations.record(++height, successes(transactions));
        locations.flush();
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
