package io.yantar.consensus.core;

import io.yantar.consensus.core.DurableRecord.AcceptedPrePrepare;
import io.yantar.consensus.core.DurableRecord.OwnMessage;
import io.yantar.consensus.core.DurableRecord.PeerMessage;
import io.yantar.consensus.core.DurableRecord.StableCheckpoint;
import io.yantar.consensus.core.DurableRecord.ViewEntered;
import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.NewView;
import io.yantar.consensus.core.message.ViewChange;
import io.yantar.consensus.core.message.Vote;
import java.util.ArrayList;
import java.util.List;

/**
 * Compaction of a replica's journal: what {@link Replica#restore} needs after the latest stable
 * checkpoint is that checkpoint's proof, the records above it, the latest view records and the
 * epoch switches.
 * Keeps the journal (like the log) bounded by the watermark window.
 */
public final class Journal {
    private Journal() {
    }

    public static List<DurableRecord> compact(List<DurableRecord> journal) {
        long stable = 0;
        int lastViewRecord = -1;
        for (int i = 0; i < journal.size(); i++) {
            DurableRecord record = journal.get(i);
            if (record instanceof StableCheckpoint checkpoint) {
                stable = Math.max(stable, checkpoint.height());
            }
            if (record instanceof ViewEntered || isOwn(record, ViewChange.class) || isOwn(record, NewView.class)) {
                lastViewRecord = i;
            }
        }
        List<DurableRecord> kept = new ArrayList<>();
        for (int i = 0; i < journal.size(); i++) {
            DurableRecord record = journal.get(i);
            if (keep(record, i, stable, lastViewRecord, journal)) {
                kept.add(record);
            }
        }
        return kept;
    }

    private static boolean keep(DurableRecord record, int index, long stable, int lastViewRecord, List<DurableRecord> journal) {
        if (record instanceof DurableRecord.EpochEntered) {
            return true; // one per epoch: the current set and the proofs of where older epochs ended
        }
        if (record instanceof StableCheckpoint checkpoint) {
            return checkpoint.height() == stable;
        }
        if (record instanceof ViewEntered || isOwn(record, ViewChange.class) || isOwn(record, NewView.class)) {
            return index == lastViewRecord || keptViewPair(record, journal, lastViewRecord);
        }
        ConsensusMessage message = record instanceof AcceptedPrePrepare accepted ? accepted.prePrepare().message()
                : record instanceof OwnMessage own ? own.message().message()
                : ((PeerMessage) record).message().message();
        if (message instanceof Checkpoint checkpoint) {
            return checkpoint.height() >= stable;
        }
        return message instanceof Vote vote && vote.height() > stable;
    }

    /** The VIEW-CHANGE that led into the last view record's view stays with it (restore needs the view it was for). */
    private static boolean keptViewPair(DurableRecord record, List<DurableRecord> journal, int lastViewRecord) {
        if (lastViewRecord < 0 || !(record instanceof OwnMessage own)) {
            return false;
        }
        long lastView = viewOf(journal.get(lastViewRecord));
        return own.message().message() instanceof NewView newView && newView.view() == lastView;
    }

    private static long viewOf(DurableRecord record) {
        if (record instanceof ViewEntered entered) {
            return entered.view();
        }
        ConsensusMessage message = ((OwnMessage) record).message().message();
        return message instanceof ViewChange viewChange ? viewChange.newView() : ((NewView) message).view();
    }

    private static boolean isOwn(DurableRecord record, Class<? extends ConsensusMessage> type) {
        return record instanceof OwnMessage own && type.isInstance(own.message().message());
    }
}
