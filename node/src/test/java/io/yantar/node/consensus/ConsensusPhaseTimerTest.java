package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.CommitCertificate;
import io.yantar.consensus.core.CommittedBlock;
import io.yantar.consensus.core.DurableRecord;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.Signed;
import io.yantar.node.metrics.Histogram;
import io.yantar.node.metrics.MetricsRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The phase timer on a hand-driven clock: each milestone of a height is timed from the one before it, once. */
class ConsensusPhaseTimerTest {
    private static final Bytes DIGEST = Bytes.ofLong(42);
    private static final Bytes ADMITTED_HERE = Bytes.ofLong(1);
    private static final Bytes ADMITTED_ELSEWHERE = Bytes.ofLong(2);

    private final MetricsRegistry metrics = new MetricsRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong millis = new AtomicLong(10_000);
    private final ConsensusPhaseTimer timer = new ConsensusPhaseTimer(metrics, nanos::get, millis::get,
            Map.of(ByteString.copyFrom(ADMITTED_HERE.toArray()), 9_750L)::get, payload -> payload);

    @Test
    void eachPhaseOfAHeightIsTimedFromThePreviousMilestone() {
        Proposal proposal = new Proposal(7, 0, 0, 9_900, false, List.of(ADMITTED_HERE, ADMITTED_ELSEWHERE));
        List<DurableRecord> prePrepared = List.of(new DurableRecord.AcceptedPrePrepare(signed(new PrePrepare(0, 0, 7, DIGEST, 0)), proposal),
                new DurableRecord.OwnMessage(signed(new Prepare(0, 0, 7, DIGEST, 1))));
        timer.persisting(prePrepared);
        at(3_000_000);
        timer.persisted(prePrepared);
        List<DurableRecord> prepared = List.of(new DurableRecord.OwnMessage(signed(new Commit(0, 0, 7, DIGEST, 1))));
        timer.persisting(prepared);
        at(23_000_000);
        timer.persisted(prepared);
        at(30_000_000);
        timer.committed(new CommittedBlock(proposal, new CommitCertificate(0, 0, 7, DIGEST, List.of())));
        at(34_000_000);
        timer.stored(7);

        assertObserved("yantar_consensus_admission_to_preprepare_seconds", 1, 0.25);
        assertObserved("yantar_consensus_preprepare_to_prepared_seconds", 1, 0.020);
        assertObserved("yantar_consensus_prepared_to_committed_seconds", 1, 0.007);
        assertObserved("yantar_consensus_committed_to_stored_seconds", 1, 0.004);
        assertObserved("yantar_consensus_journal_write_seconds", 2, 0.003 + 0.020);
    }

    @Test
    void aReProposalAfterAViewChangeAndHeightsCommittedWithoutPhasesAreNotTimedAgain() {
        Proposal proposal = new Proposal(3, 0, 0, 9_900, false, List.of(ADMITTED_HERE));
        timer.persisted(List.of(new DurableRecord.AcceptedPrePrepare(signed(new PrePrepare(0, 0, 3, DIGEST, 0)), proposal)));
        timer.persisted(List.of(new DurableRecord.AcceptedPrePrepare(signed(new PrePrepare(0, 1, 3, DIGEST, 1)), proposal)));
        timer.committed(new CommittedBlock(new Proposal(9, 1, 1, 9_900, false, List.of()), new CommitCertificate(0, 1, 9, DIGEST, List.of())));
        timer.stored(9);

        assertObserved("yantar_consensus_admission_to_preprepare_seconds", 1, 0.25);
        assertObserved("yantar_consensus_preprepare_to_prepared_seconds", 0, 0);
        assertObserved("yantar_consensus_committed_to_stored_seconds", 0, 0);
        assertObserved("yantar_consensus_journal_write_seconds", 0, 0);
    }

    private void at(long nanoTime) {
        nanos.set(nanoTime);
    }

    private void assertObserved(String name, long count, double sumSeconds) {
        Histogram histogram = metrics.histogram(name, "", Histogram.LATENCY_SECONDS);
        assertEquals(count, histogram.count(), name + " count");
        assertEquals(sumSeconds, histogram.sum(), 1e-9, name + " sum");
    }

    private static Signed signed(io.yantar.consensus.core.message.ConsensusMessage message) {
        return new Signed(message, Bytes.ofLong(0));
    }
}
