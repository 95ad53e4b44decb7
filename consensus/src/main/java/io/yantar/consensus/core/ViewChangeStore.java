package io.yantar.consensus.core;

import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Valid VIEW-CHANGEs by replica and view, the newest {@code perReplica} views of each replica.
 * Older ones are kept because a replica that timed out into v+1 still counts for v: without its
 * VIEW-CHANGE for v, the others could wait for a NEW-VIEW of v forever while it waits in v+1.
 */
final class ViewChangeStore {
    private final List<TreeMap<Long, Signed>> byReplica = new ArrayList<>();
    private final int perReplica;

    ViewChangeStore(int replicas, int perReplica) {
        for (int i = 0; i < replicas; i++) {
            byReplica.add(new TreeMap<>());
        }
        this.perReplica = perReplica;
    }

    boolean has(int replica, long view) {
        return byReplica.get(replica).containsKey(view);
    }

    void add(Signed signed) {
        ViewChange viewChange = (ViewChange) signed.message();
        TreeMap<Long, Signed> mine = byReplica.get(viewChange.replica());
        mine.put(viewChange.newView(), signed);
        if (mine.size() > perReplica) {
            mine.pollFirstEntry();
        }
    }

    /** The VIEW-CHANGEs for exactly {@code view}, by replica index. */
    List<Signed> forView(long view) {
        List<Signed> out = new ArrayList<>();
        for (TreeMap<Long, Signed> mine : byReplica) {
            Signed signed = mine.get(view);
            if (signed != null) {
                out.add(signed);
            }
        }
        out.sort(Comparator.comparingInt(Signed::signer));
        return out;
    }

    /** One replica's VIEW-CHANGEs above {@code view}, lowest first. */
    List<Signed> of(int replica, long aboveView) {
        return new ArrayList<>(byReplica.get(replica).tailMap(aboveView, false).values());
    }

    void dropUpTo(long view) {
        for (TreeMap<Long, Signed> mine : byReplica) {
            mine.headMap(view, true).clear();
        }
    }

    int size() {
        int total = 0;
        for (TreeMap<Long, Signed> mine : byReplica) {
            total += mine.size();
        }
        return total;
    }
}
