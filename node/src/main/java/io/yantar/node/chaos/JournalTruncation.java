package io.yantar.node.chaos;

import io.yantar.node.network.NetworkLayout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * SIGKILL a node, cut the tail of its H2 journal file (a torn last write), start it again. The
 * node must either come back ready (and then pass the bank test with the others) or refuse to
 * start with one clear {@code yantar node: ...} line; anything else fails the run.
 */
final class JournalTruncation {
    private static final int CUT_BYTES_MAX = 4_096;
    private static final String REFUSAL_PREFIX = "yantar node: ";

    /** {@code votesBeforeCut}: what the journal held when the node was killed, before its tail was cut. */
    record Outcome(String node, long cutBytes, boolean recovered, String refusal, OwnVotes votesBeforeCut) {
        @Override
        public String toString() {
            return node + " journal cut by " + cutBytes + " bytes: " + (recovered ? "recovered" : "refused to start: " + refusal);
        }
    }

    private JournalTruncation() {
    }

    static Outcome apply(ProcessConsortium consortium, NetworkLayout layout, long seed, Duration timeout)
            throws IOException, InterruptedException {
        Random random = new Random(seed);
        int index = 1 + random.nextInt(consortium.nodes().size());
        NodeProcess node = consortium.node(index);
        node.kill9();
        Path journal = layout.dataDir(node.name()).resolve("journal.mv.db");
        OwnVotes votes = OwnVotes.read(journal);
        long cut = 1 + random.nextInt(CUT_BYTES_MAX);
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            channel.truncate(Math.max(0, channel.size() - cut));
        }
        long logBefore = Files.size(node.log());
        node.start();
        // Ready needs a quorum of validators in the cluster: others the split-brain resolver downed
        // meanwhile (O6) are started again, as in the run's other waits; the cut node itself is not.
        ProcessConsortium.Supervisor supervisor = consortium.supervisor();
        Await.until(node.name() + " recovers or refuses with a clear message", () -> {
            consortium.nodes().stream().filter(other -> other != node).forEach(supervisor::restartIfExited);
            return consortium.ready(node) || !node.running();
        }, timeout);
        if (consortium.ready(node)) {
            return new Outcome(node.name(), cut, true, "", votes);
        }
        Optional<String> refusal = Files.readString(node.log()).substring((int) logBefore).lines()
                .filter(line -> line.startsWith(REFUSAL_PREFIX)).findFirst();
        if (refusal.isEmpty()) {
            throw new AssertionError(node.name() + " exited after its journal was cut by " + cut + " bytes without a clear message; see "
                    + node.log());
        }
        return new Outcome(node.name(), cut, false, refusal.get(), votes);
    }
}
