package io.yantar.bench;

import com.google.protobuf.ByteString;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuites;
import io.yantar.node.config.NodeConfig;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.cli.YantarCli;
import io.yantar.node.config.PekkoSettings;
import io.yantar.node.metrics.MetricsRegistry;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.store.BlockHasher;
import io.yantar.node.store.BlockStore;
import io.yantar.node.store.BlockStoreClient;
import io.yantar.node.store.JournalBlockReader;
import io.yantar.node.store.JournalSchema;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CertifiedBlock;
import io.yantar.proto.CommitCertificate;
import io.yantar.proto.Receipt;
import io.yantar.proto.ReplicaSignature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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
 * The node's block store writing one committed block and waiting until it is durable, exactly
 * as the ledger actor does: {@link BlockStoreClient#append} on the node's own Pekko
 * Persistence JDBC settings (node-1's file of a fresh {@code yantar genesis} network), on its
 * H2 file database or on PostgreSQL (a fresh
 * database, dropped afterwards). One block at a time, so the score is the latency of a write.
 * Each block holds {@code transactions} 200-byte payloads with their receipts and a commit
 * certificate of three signatures.
 *
 * <p>PostgreSQL: {@code -Dyantar.bench.postgres.url=jdbc:postgresql://127.0.0.1:5432/postgres}
 * (a database of that server to connect to), {@code .user}, {@code .password} (defaults:
 * yantar/yantar; the role needs CREATEDB). When the server does not answer, the postgres trial
 * stops at set-up with a message saying so and the others still run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class JournalWriteBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PAYLOAD_BYTES = 200;
    private static final BlockHasher HASHER = header -> ByteString.copyFrom(CryptoSuites.ed25519().hash(Canonical.bytes(header)));
    private static final ByteString GENESIS_HASH = ByteString.copyFrom(new byte[32]);

    @Param({"h2", "postgres"})
    public String storage;

    /** Transactions in each block (200 bytes each). */
    @Param({"1", "500"})
    public int transactions;

    private Path dataDir;
    private String database;
    private ActorSystem<Void> system;
    private BlockStoreClient store;
    private List<ByteString> payloads;
    private ByteString commitSignature;
    private long height;
    private ByteString previousHash = GENESIS_HASH;

    @Setup(Level.Trial)
    public void start() throws Exception {
        dataDir = Files.createTempDirectory("yantar-journal-bench-");
        String section = switch (storage) {
            case "h2" -> "";
            case "postgres" -> postgresSection();
            default -> throw new IllegalArgumentException("storage must be h2 or postgres, was '" + storage + "'");
        };
        Config config = ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING")
                .withFallback(PekkoSettings.forNode(nodeConfig(dataDir, section)));
        system = ActorSystem.create(Behaviors.empty(), "journal-bench", config);
        JournalSchema.createIfNotExists(system).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        CompletableFuture<BlockStore.Tip> recovered = new CompletableFuture<>();
        AtomicLong storedHeight = new AtomicLong();
        ActorRef<BlockStore.Command> actor = system.systemActorOf(BlockStore.create(
                new BlockStore.Settings("blocks-bench", 16, 1 << 24, 4, Optional.of(GENESIS_HASH)), HASHER, new JournalBlockReader(system),
                recovered::complete), "block-store", Props.empty());
        store = new BlockStoreClient(actor, system, TIMEOUT, new MetricsRegistry(), storedHeight);
        recovered.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        SplittableRandom random = new SplittableRandom(5);
        payloads = new ArrayList<>(transactions);
        for (int i = 0; i < transactions; i++) {
            payloads.add(randomBytes(random, PAYLOAD_BYTES));
        }
        commitSignature = randomBytes(random, 64);
    }

    @Benchmark
    public BlockStore.AppendResult appendCommittedBlock() throws Exception {
        CertifiedBlock block = nextBlock();
        BlockStore.AppendResult result = store.append(block).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!(result instanceof BlockStore.Appended appended)) {
            throw new IllegalStateException("block " + height + " was not stored: " + result);
        }
        previousHash = appended.blockHash();
        return result;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (system != null) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        if (database != null) {
            executeOnServer("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        deleteRecursively(dataDir);
    }

    private CertifiedBlock nextBlock() {
        height++;
        BlockHeader header = BlockHeader.newBuilder()
                .setChainId("yantar-bench")
                .setHeight(height)
                .setPrevBlockHash(previousHash)
                .setTimestampMillis(1_790_000_000_000L + height)
                .setProposalDigest(ByteString.copyFromUtf8("digest-" + height))
                .build();
        CommitCertificate.Builder certificate = CommitCertificate.newBuilder().setHeight(height).setProposalDigest(header.getProposalDigest());
        for (int replica = 0; replica < 3; replica++) {
            certificate.addSignatures(ReplicaSignature.newBuilder().setReplica(replica).setSignature(commitSignature));
        }
        Block.Builder block = Block.newBuilder().setHeader(header).addAllTransactions(payloads);
        for (int i = 0; i < transactions; i++) {
            block.addReceipts(Receipt.newBuilder().setTxId(payloads.get(i).substring(0, 32)).setHeight(height).setIndex(i).setSuccess(true));
        }
        return CertifiedBlock.newBuilder()
                .setBlock(block)
                .setCommitCertificate(certificate)
                .build();
    }

    private String postgresSection() throws SQLException {
        database = "yantar_journal_bench_" + Long.toHexString(System.nanoTime());
        try {
            executeOnServer("CREATE DATABASE " + database);
        } catch (SQLException e) {
            database = null;
            throw new IllegalStateException("PostgreSQL not reachable at " + postgresUrl() + " as " + postgresUser() + " (" + e.getMessage()
                    + "): the postgres trial is skipped; set -Dyantar.bench.postgres.url/.user/.password", e);
        }
        String url = postgresUrl().substring(0, postgresUrl().lastIndexOf('/') + 1) + database;
        return """
                yantar.storage {
                  kind = postgres
                  postgres { url = "%s", user = "%s", password = "%s" }
                }
                """.formatted(url, postgresUser(), postgresPassword());
    }

    private static String postgresUrl() {
        return System.getProperty("yantar.bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    }

    private static String postgresUser() {
        return System.getProperty("yantar.bench.postgres.user", "yantar");
    }

    private static String postgresPassword() {
        return System.getProperty("yantar.bench.postgres.password", "yantar");
    }

    private static void executeOnServer(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgresUrl(), postgresUser(), postgresPassword());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** node-1's file of a network written by {@code yantar genesis}, with the storage section given appended. */
    private static NodeConfig nodeConfig(Path dataDir, String storageSection) throws IOException {
        Path network = dataDir.resolve("network");
        StringWriter output = new StringWriter();
        int exit = YantarCli.run(new String[] {"genesis", "--out", network.toString(), "--no-tls", "--citizens", "0"},
                new PrintWriter(output), new PrintWriter(output));
        if (exit != 0) {
            throw new IllegalStateException("yantar genesis failed: " + output);
        }
        NetworkLayout layout = new NetworkLayout(network);
        Files.writeString(layout.nodeConfig("node-1"), "\n" + storageSection, StandardOpenOption.APPEND);
        return NodeConfigLoader.load(layout.nodeConfig("node-1"));
    }

    private static ByteString randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
