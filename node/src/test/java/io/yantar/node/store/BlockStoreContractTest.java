package io.yantar.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuites;
import io.yantar.node.config.NodeConfig;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.config.PekkoSettings;
import io.yantar.node.metrics.MetricsRegistry;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CertifiedBlock;
import io.yantar.proto.CommitCertificate;
import io.yantar.proto.ReplicaSignature;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block store on a real database: persist, stop the whole ActorSystem, start again on the
 * same database, read back. Run on H2 by {@link H2BlockStoreTest} and on PostgreSQL by
 * {@link PostgresBlockStoreTest}.
 */
abstract class BlockStoreContractTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final BlockHasher HASHER = header -> ByteString.copyFrom(CryptoSuites.ed25519().hash(Canonical.bytes(header)));
    private static final ByteString GENESIS_HASH = ByteString.copyFrom(new byte[32]);

    @TempDir
    Path dataDir;

    /** The node file's storage section for this run. */
    abstract String storageSection();

    @Test
    void persistsBlocksAndRecoversThemAfterARestart() throws Exception {
        List<CertifiedBlock> chain = chain(5);
        BlockStore.Tip tipBeforeRestart;
        try (StoreUnderTest store = StoreUnderTest.start(nodeConfig(), 2)) {
            assertEquals(new BlockStore.Tip(0, ByteString.EMPTY), store.recovered.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            for (CertifiedBlock block : chain) {
                BlockStore.AppendResult result = store.client.append(block).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(new BlockStore.Appended(height(block), HASHER.hash(block.getBlock().getHeader())), result);
            }
            tipBeforeRestart = store.client.tip().toCompletableFuture().get();
            assertEquals(5, tipBeforeRestart.height());
            // Heights 4 and 5 are in the cache; 1 comes from the journal.
            assertEquals(new BlockStore.Found(chain.get(4)), store.lookup(5));
            assertEquals(new BlockStore.Found(chain.get(0)), store.lookup(1));
            assertEquals(new BlockStore.NotFound(6, 5), store.lookup(6));
            assertEquals(new BlockStore.NotFound(0, 5), store.lookup(0));
        }
        try (StoreUnderTest restarted = StoreUnderTest.start(nodeConfig(), 2)) {
            assertEquals(tipBeforeRestart, restarted.recovered.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            for (int height = 1; height <= 5; height++) {
                assertEquals(new BlockStore.Found(chain.get(height - 1)), restarted.lookup(height));
            }
            CertifiedBlock sixth = next(chain.get(4));
            assertInstanceOf(BlockStore.Appended.class, restarted.client.append(sixth).toCompletableFuture().get());
            assertEquals(6, restarted.storedHeight.get());
        }
    }

    @Test
    void refusesBlocksThatDoNotExtendTheChain() throws Exception {
        List<CertifiedBlock> chain = chain(3);
        try (StoreUnderTest store = StoreUnderTest.start(nodeConfig(), 16)) {
            store.recovered.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(new BlockStore.Refused("expected height 1 but the block is at height 2"), store.append(chain.get(1)));
            CertifiedBlock wrongGenesisLink = chain.get(0).toBuilder()
                    .setBlock(chain.get(0).getBlock().toBuilder().setHeader(header(chain.get(0)).toBuilder().setPrevBlockHash(ByteString.copyFromUtf8("x"))))
                    .build();
            assertEquals(new BlockStore.Refused("the block at height 1 does not link to the stored block 0"), store.append(wrongGenesisLink));
            assertInstanceOf(BlockStore.Appended.class, store.append(chain.get(0)));
            CertifiedBlock forked = chain.get(1).toBuilder()
                    .setBlock(chain.get(1).getBlock().toBuilder().setHeader(header(chain.get(1)).toBuilder().setPrevBlockHash(GENESIS_HASH)))
                    .build();
            assertEquals(new BlockStore.Refused("the block at height 2 does not link to the stored block 1"), store.append(forked));
            CertifiedBlock uncertified = chain.get(1).toBuilder().clearCommitCertificate().build();
            assertEquals(new BlockStore.Refused("the block at height 2 has no commit certificate for its height"), store.append(uncertified));
            assertEquals(new BlockStore.Refused("the block has no header"), store.append(CertifiedBlock.getDefaultInstance()));
            assertEquals(1, store.client.tip().toCompletableFuture().get().height());
        }
    }

    @Test
    void appendsARunOfBlocksInOneWriteOrNoneOfIt() throws Exception {
        List<CertifiedBlock> chain = chain(6);
        try (StoreUnderTest store = StoreUnderTest.start(nodeConfig(), 2)) {
            store.recovered.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            CertifiedBlock forked = chain.get(2).toBuilder()
                    .setBlock(chain.get(2).getBlock().toBuilder().setHeader(header(chain.get(2)).toBuilder().setPrevBlockHash(GENESIS_HASH)))
                    .build();
            assertEquals(new BlockStore.Refused("the block at height 3 does not link to the stored block 2"),
                    store.appendAll(List.of(chain.get(0), chain.get(1), forked)));
            assertEquals(0, store.client.tip().toCompletableFuture().get().height(), "nothing of a refused run is written");

            assertEquals(new BlockStore.Appended(3, HASHER.hash(header(chain.get(2)))), store.appendAll(chain.subList(0, 3)));
            assertEquals(new BlockStore.Appended(6, HASHER.hash(header(chain.get(5)))), store.appendAll(chain.subList(3, 6)));
            assertEquals(6, store.storedHeight.get());
        }
        try (StoreUnderTest restarted = StoreUnderTest.start(nodeConfig(), 2)) {
            assertEquals(6, restarted.recovered.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).height());
            for (int height = 1; height <= 6; height++) {
                assertEquals(new BlockStore.Found(chain.get(height - 1)), restarted.lookup(height));
            }
            // Ranges, read from the journal in one query (the cache holds two blocks) or from the cache.
            assertEquals(chain, restarted.range(1, 6));
            assertEquals(chain.subList(4, 6), restarted.range(5, 10), "a range past the tip ends at the tip");
            assertEquals(List.of(), restarted.range(7, 8));
        }
    }

    NodeConfig nodeConfig() {
        return nodeConfig(dataDir, storageSection());
    }

    /** A node file around {@code storageSection}, with {@code dataDir} as its folder and data directory. */
    static NodeConfig nodeConfig(Path dataDir, String storageSection) {
        String file = """
                yantar {
                  node { id = "node-1", organisation = "Regional Government", role = "government" }
                  key-file = "node-1.key"
                  genesis-file = "genesis.pb"
                  data-dir = "."
                  cluster { host = "127.0.0.1", port = 25521, seed-nodes = ["127.0.0.1:25521"] }
                  http.port = 8081
                }
                """ + storageSection;
        return NodeConfigLoader.fromConfig(ConfigFactory.parseString(file), dataDir);
    }

    static List<CertifiedBlock> chain(int length) {
        List<CertifiedBlock> chain = new ArrayList<>();
        CertifiedBlock previous = null;
        for (int i = 0; i < length; i++) {
            previous = previous == null ? block(1, GENESIS_HASH) : next(previous);
            chain.add(previous);
        }
        return chain;
    }

    private static CertifiedBlock next(CertifiedBlock previous) {
        return block(height(previous) + 1, HASHER.hash(header(previous)));
    }

    private static CertifiedBlock block(long height, ByteString prevHash) {
        BlockHeader header = BlockHeader.newBuilder()
                .setChainId("yantar-test")
                .setHeight(height)
                .setPrevBlockHash(prevHash)
                .setTimestampMillis(1_790_000_000_000L + height)
                .setProposalDigest(ByteString.copyFromUtf8("digest-" + height))
                .build();
        return CertifiedBlock.newBuilder()
                .setBlock(Block.newBuilder().setHeader(header).addTransactions(ByteString.copyFromUtf8("tx-" + height)))
                .setCommitCertificate(CommitCertificate.newBuilder()
                        .setHeight(height)
                        .setProposalDigest(header.getProposalDigest())
                        .addSignatures(ReplicaSignature.newBuilder().setReplica(0).setSignature(ByteString.copyFrom(new byte[64]))))
                .build();
    }

    private static BlockHeader header(CertifiedBlock block) {
        return block.getBlock().getHeader();
    }

    private static long height(CertifiedBlock block) {
        return header(block).getHeight();
    }

    /** A local ActorSystem with the JDBC journal on an H2 file, the schema created, and one block store. */
    static final class StoreUnderTest implements AutoCloseable {
        final ActorSystem<Void> system;
        final BlockStoreClient client;
        final CompletableFuture<BlockStore.Tip> recovered;
        final AtomicLong storedHeight;

        private StoreUnderTest(ActorSystem<Void> system, BlockStoreClient client, CompletableFuture<BlockStore.Tip> recovered, AtomicLong storedHeight) {
            this.system = system;
            this.client = client;
            this.recovered = recovered;
            this.storedHeight = storedHeight;
        }

        static StoreUnderTest start(NodeConfig node, int cacheSize) throws Exception {
            // The node's own Pekko settings (JDBC profile, driver, URL from its storage keys), without the cluster.
            Config config = ConfigFactory.parseString("pekko.actor.provider = local").withFallback(PekkoSettings.forNode(node));
            ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "block-store-test", config);
            JournalSchema.createIfNotExists(system).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            CompletableFuture<BlockStore.Tip> recovered = new CompletableFuture<>();
            AtomicLong storedHeight = new AtomicLong();
            Behavior<BlockStore.Command> behavior = BlockStore.create(
                    new BlockStore.Settings("blocks-test", cacheSize, 1 << 24, 4, Optional.of(GENESIS_HASH)),
                    HASHER, new JournalBlockReader(system), tip -> {
                        storedHeight.set(tip.height());
                        recovered.complete(tip);
                    });
            ActorRef<BlockStore.Command> store = system.systemActorOf(behavior, "block-store", org.apache.pekko.actor.typed.Props.empty());
            return new StoreUnderTest(system, new BlockStoreClient(store, system, TIMEOUT, new MetricsRegistry(), storedHeight), recovered, storedHeight);
        }

        BlockStore.BlockLookup lookup(long height) throws Exception {
            return client.block(height).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        BlockStore.AppendResult append(CertifiedBlock block) throws Exception {
            return client.append(block).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        List<CertifiedBlock> range(long from, long to) throws Exception {
            return client.blocks(from, to).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).blocks();
        }

        BlockStore.AppendResult appendAll(List<CertifiedBlock> blocks) throws Exception {
            return client.appendAll(blocks).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
