package io.yantar.consensus.core;

import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.Vote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PREPAREs or COMMITs for one height, by view and replica. One vote per replica per view: a
 * second different one is equivocation. At most {@code maxViews} views are kept; when a new view
 * arrives and the tally is full, the view with the fewest votes goes (spam in made-up views
 * carries at most f votes each, honest views up to n).
 */
final class VoteTally {
    enum Added { NEW, DUPLICATE, EQUIVOCATION }

    private final TreeMap<Long, Map<Integer, Signed>> byView = new TreeMap<>();

    Added add(Signed signed, int maxViews) {
        Vote vote = (Vote) signed.message();
        Map<Integer, Signed> votes = byView.get(vote.view());
        if (votes == null) {
            if (byView.size() >= maxViews) {
                evictWeakestView();
            }
            votes = new HashMap<>();
            byView.put(vote.view(), votes);
        }
        Signed previous = votes.get(vote.replica());
        if (previous != null) {
            return ((Vote) previous.message()).digest().equals(vote.digest()) ? Added.DUPLICATE : Added.EQUIVOCATION;
        }
        votes.put(vote.replica(), signed);
        return Added.NEW;
    }

    /** Drops the view with the fewest votes (the furthest ahead among equals): made-up views carry at most f. */
    private void evictWeakestView() {
        Long victim = null;
        int fewest = Integer.MAX_VALUE;
        for (Map.Entry<Long, Map<Integer, Signed>> entry : byView.descendingMap().entrySet()) {
            if (entry.getValue().size() < fewest) {
                fewest = entry.getValue().size();
                victim = entry.getKey();
            }
        }
        byView.remove(victim);
    }

    /** PREPAREs of views below {@code view} are useless once the replica entered it (O re-proposes what matters). */
    void dropViewsBelow(long view) {
        byView.headMap(view, false).clear();
    }

    /** Matching votes for (view, digest), excluding {@code excludedReplica} (-1: none), by replica index. */
    List<Signed> matching(long view, Bytes digest, int excludedReplica) {
        Map<Integer, Signed> votes = byView.get(view);
        if (votes == null) {
            return List.of();
        }
        List<Signed> out = new ArrayList<>();
        for (Signed signed : votes.values()) {
            if (signed.signer() != excludedReplica && ((Vote) signed.message()).digest().equals(digest)) {
                out.add(signed);
            }
        }
        out.sort(Comparator.comparingInt(Signed::signer));
        return out;
    }

    int count(long view, Bytes digest, int excludedReplica) {
        Map<Integer, Signed> votes = byView.get(view);
        if (votes == null) {
            return 0;
        }
        int count = 0;
        for (Signed signed : votes.values()) {
            if (signed.signer() != excludedReplica && ((Vote) signed.message()).digest().equals(digest)) {
                count++;
            }
        }
        return count;
    }

    /** A view in which {@code digest} has at least {@code needed} votes, or -1. */
    long viewWithQuorum(Bytes digest, int needed) {
        for (Map.Entry<Long, Map<Integer, Signed>> entry : byView.entrySet()) {
            if (entry.getValue().size() >= needed && count(entry.getKey(), digest, -1) >= needed) {
                return entry.getKey();
            }
        }
        return -1;
    }

    Signed voteOf(long view, int replica) {
        Map<Integer, Signed> votes = byView.get(view);
        return votes == null ? null : votes.get(replica);
    }

    int views() {
        return byView.size();
    }
}
