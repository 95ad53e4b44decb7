package io.yantar.node.store;

import io.yantar.proto.CertifiedBlock;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Run as a separate JVM by {@link H2BlockStoreTest}: appends blocks to an H2 block store in
 * the given folder and prints {@code appended N} after each append is acknowledged, until it
 * is killed.
 */
public final class BlockWriterProcess {
    private BlockWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        try (BlockStoreContractTest.StoreUnderTest store = BlockStoreContractTest.StoreUnderTest.start(
                BlockStoreContractTest.nodeConfig(dataDir, "yantar.storage.kind = h2"), 16)) {
            store.recovered.get(30, TimeUnit.SECONDS);
            for (CertifiedBlock block : BlockStoreContractTest.chain(Integer.parseInt(args[1]))) {
                BlockStore.AppendResult result = store.append(block);
                if (!(result instanceof BlockStore.Appended appended)) {
                    throw new IllegalStateException("append refused: " + result);
                }
                System.out.println("appended " + appended.height());
                System.out.flush();
            }
        }
    }
}
