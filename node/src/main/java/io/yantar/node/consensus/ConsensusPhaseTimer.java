package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.CommittedBlock;
import io.yantar.consensus.core.DurableRecord;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.node.metrics.Histogram;
import io.yantar.node.metrics.MetricsRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Times each block through the PBFT phases at this replica, at the edge: the core stays pure
 * and only its durable outputs are observed. A block's milestones here are its PRE-PREPARE
 * accepted (durable), prepared (this replica's COMMIT durable: PBFT sends it once prepared),
 * committed (the core hands the block out) and stored (executed and appended to the block
 * store). Also times the replica's journal writes and, for transactions admitted at this
 * node, admission to the PRE-PREPARE that carries them.
 *
 * <p>Called from the replica actor (records, commits) and the ledger actor (stored); the
 * per-height table is bounded by {@link #HEIGHTS_TRACKED_MAX} and cleared below a stored height.
 */
final class ConsensusPhaseTimer {
    /** More heights than the watermark window can hold in flight; a full table only loses timings. */
    static final int HEIGHTS_TRACKED_MAX = 4_096;

    private final LongSupplier nanoClock;
    private final LongSupplier wallClockMillis;
    private final Function<ByteString, Long> admittedAtMillis;
    private final Function<ByteString, ByteString> txId;
    private final Histogram admissionToPrePrepare;
    private final Histogram prePrepareToPrepared;
    private final Histogram preparedToCommitted;
    private final Histogram committedToStored;
    private final Histogram journalWrite;
    private final Map<Long, Milestones> heights = new HashMap<>();
    private long journalWriteStartedNanos = -1;
    private long highestPrePrepared;

    /** The nanosecond times this replica reached each phase of one height; 0 = not yet. */
    private static final class Milestones {
        long prePrepared;
        long prepared;
        long committed;
    }

    /**
     * @param admittedAtMillis wall-clock admission time of a transaction id admitted at this node and still pending, else null
     * @param txId             the transaction id of a payload
     */
    ConsensusPhaseTimer(MetricsRegistry metrics, LongSupplier nanoClock, LongSupplier wallClockMillis,
                        Function<ByteString, Long> admittedAtMillis, Function<ByteString, ByteString> txId) {
        this.nanoClock = nanoClock;
        this.wallClockMillis = wallClockMillis;
        this.admittedAtMillis = admittedAtMillis;
        this.txId = txId;
        this.admissionToPrePrepare = metrics.histogram("yantar_consensus_admission_to_preprepare_seconds",
                "From admission at this node to this replica accepting the PRE-PREPARE that carries the payment.", Histogram.LATENCY_SECONDS);
        this.prePrepareToPrepared = metrics.histogram("yantar_consensus_preprepare_to_prepared_seconds",
                "From this replica accepting a block's PRE-PREPARE to being prepared (its COMMIT durable).", Histogram.LATENCY_SECONDS);
        this.preparedToCommitted = metrics.histogram("yantar_consensus_prepared_to_committed_seconds",
                "From this replica being prepared for a block to the block being committed here.", Histogram.LATENCY_SECONDS);
        this.committedToStored = metrics.histogram("yantar_consensus_committed_to_stored_seconds",
                "From a block being committed at this replica to it being executed and durable in the block store.", Histogram.LATENCY_SECONDS);
        this.journalWrite = metrics.histogram("yantar_consensus_journal_write_seconds",
                "Time to make one step's consensus records durable in the replica's journal (before its messages leave).",
                Histogram.LATENCY_SECONDS);
    }

    /** The replica asks its journal to write these records; one write is in flight at a time. */
    synchronized void persisting(List<DurableRecord> records) {
        journalWriteStartedNanos = nanoClock.getAsLong();
    }

    /** The records are durable: the journal write is done and the phases they mark are reached. */
    synchronized void persisted(List<DurableRecord> records) {
        long now = nanoClock.getAsLong();
        if (journalWriteStartedNanos >= 0) {
            journalWrite.observeNanos(now - journalWriteStartedNanos);
            journalWriteStartedNanos = -1;
        }
        for (DurableRecord record : records) {
            if (record instanceof DurableRecord.AcceptedPrePrepare accepted) {
                prePrepared(accepted.proposal(), now);
            } else if (record instanceof DurableRecord.OwnMessage own && own.message().message() instanceof Commit commit) {
                prepared(commit.height(), now);
            }
        }
    }

    synchronized void committed(CommittedBlock block) {
        long now = nanoClock.getAsLong();
        Milestones milestones = heights.get(block.proposal().height());
        if (milestones == null) {
            return; // committed from a view change or before a restart: no phase times here
        }
        if (milestones.prepared > 0) {
            preparedToCommitted.observeNanos(now - milestones.prepared);
        }
        milestones.committed = now;
    }

    /** The ledger executed {@code height} and the block store holds it. */
    synchronized void stored(long height) {
        Milestones milestones = heights.get(height);
        if (milestones != null && milestones.committed > 0) {
            committedToStored.observeNanos(nanoClock.getAsLong() - milestones.committed);
        }
        heights.keySet().removeIf(tracked -> tracked <= height);
    }

    private void prePrepared(Proposal proposal, long now) {
        Milestones milestones = milestones(proposal.height());
        if (milestones == null || milestones.prePrepared > 0) {
            return;
        }
        milestones.prePrepared = now;
        if (proposal.height() > highestPrePrepared) {
            highestPrePrepared = proposal.height();
            observeAdmissions(proposal.payloads());
        }
    }

    private void prepared(long height, long now) {
        Milestones milestones = milestones(height);
        if (milestones == null || milestones.prepared > 0) {
            return;
        }
        milestones.prepared = now;
        if (milestones.prePrepared > 0) {
            prePrepareToPrepared.observeNanos(now - milestones.prePrepared);
        }
    }

    /** Only the first proposal of a height counts, so a re-proposal after a view change is not timed twice. */
    private void observeAdmissions(List<Bytes> payloads) {
        long nowMillis = wallClockMillis.getAsLong();
        for (Bytes payload : payloads) {
            Long admitted = admittedAtMillis.apply(txId.apply(UnsafeByteOperations.unsafeWrap(payload.toArray())));
            if (admitted != null) {
                admissionToPrePrepare.observe(Math.max(0, nowMillis - admitted) / 1000.0);
            }
        }
    }

    private Milestones milestones(long height) {
        Milestones existing = heights.get(height);
        if (existing != null || heights.size() >= HEIGHTS_TRACKED_MAX) {
            return existing;
        }
        Milestones created = new Milestones();
        heights.put(height, created);
        return created;
    }
}
