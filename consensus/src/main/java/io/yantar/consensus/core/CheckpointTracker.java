package io.yantar.consensus.core;

import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.Signed;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * CHECKPOINT messages above the stable checkpoint, at any height (so a replica far behind still
 * learns that it is behind), bounded per signer: a replica's newest {@code perReplica} heights
 * are kept, so a Byzantine signer can only evict its own.
 */
final class CheckpointTracker {
    private final List<TreeMap<Long, Signed>> bySigner = new ArrayList<>();
    private final int perReplica;

    CheckpointTracker(int replicas, int perReplica) {
        for (int i = 0; i < replicas; i++) {
            bySigner.add(new TreeMap<>());
        }
        this.perReplica = perReplica;
    }

    /** Records the checkpoint (first one per signer and height wins). */
    void add(Signed signed) {
        Checkpoint checkpoint = (Checkpoint) signed.message();
        TreeMap<Long, Signed> mine = bySigner.get(checkpoint.replica());
        if (mine.containsKey(checkpoint.height())) {
            return;
        }
        mine.put(checkpoint.height(), signed);
        if (mine.size() > perReplica) {
            mine.pollFirstEntry();
        }
    }

    /** The matching checkpoints for (height, digest), by signer. */
    List<Signed> matching(long height, Bytes digest) {
        List<Signed> out = new ArrayList<>();
        for (TreeMap<Long, Signed> mine : bySigner) {
            Signed signed = mine.get(height);
            if (signed != null && ((Checkpoint) signed.message()).stateDigest().equals(digest)) {
                out.add(signed);
            }
        }
        out.sort(Comparator.comparingInt(Signed::signer));
        return out;
    }

    Signed of(int replica, long height) {
        return bySigner.get(replica).get(height);
    }

    void dropUpTo(long height) {
        for (TreeMap<Long, Signed> mine : bySigner) {
            mine.headMap(height, false).clear();
        }
    }

    int size() {
        int total = 0;
        for (TreeMap<Long, Signed> mine : bySigner) {
            total += mine.size();
        }
        return total;
    }
}
