package io.yantar.node.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The block store on the default storage: an embedded H2 file in the node's data directory. */
class H2BlockStoreTest extends BlockStoreContractTest {

    @Override
    String storageSection() {
        return "yantar.storage.kind = h2";
    }

    @Test
    void theJournalIsAnH2FileInTheDataDirectory() throws Exception {
        try (StoreUnderTest store = StoreUnderTest.start(nodeConfig(), 16)) {
            store.recovered.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertInstanceOf(BlockStore.Appended.class, store.append(chain(1).get(0)));
        }
        assertTrue(Files.exists(dataDir.resolve("journal.mv.db")), "the journal is an H2 file in the data directory");
    }
}
