package io.yantar.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.proto.CertifiedBlock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The block store on the default storage: an embedded H2 file in the node's data directory. */
class H2BlockStoreTest extends BlockStoreContractTest {

    @Override
    String storageSection() {
        return "yantar.storage.kind = h2";
    }

    @Test
    void acknowledgedAppendsSurviveKill9() throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BlockWriterProcess.class.getName(), dataDir.toString(), "100000")
                .redirectErrorStream(true)
                .start();
        long lastAcknowledged = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null && lastAcknowledged < 300; line = lines.readLine()) {
                if (line.startsWith("appended ")) {
                    lastAcknowledged = Long.parseLong(line.substring("appended ".length()));
                }
            }
            writer.destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(lastAcknowledged >= 300, "the writer acknowledged appends before it was killed");

        List<CertifiedBlock> chain = chain((int) lastAcknowledged);
        try (StoreUnderTest store = StoreUnderTest.start(nodeConfig(), 16)) {
            BlockStore.Tip tip = store.recovered.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(tip.height() >= lastAcknowledged, "recovered height " + tip.height() + " < acknowledged " + lastAcknowledged);
            assertEquals(new BlockStore.Found(chain.get(0)), store.lookup(1));
            assertEquals(new BlockStore.Found(chain.get((int) lastAcknowledged - 1)), store.lookup(lastAcknowledged));
        }
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
