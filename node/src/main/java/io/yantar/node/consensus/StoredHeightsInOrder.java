package io.yantar.node.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Releases stored blocks in height order. Each append to the block store answers through its own
 * future, and two futures completing together may reach the ledger actor in either order, while
 * the replica must hear {@code Executed} strictly height by height (RELIABILITY.md, F4).
 *
 * @param <T> what is released for a height (the ledger actor's store confirmation)
 */
final class StoredHeightsInOrder<T> {
    private final TreeMap<Long, T> early = new TreeMap<>();
    private long releasedThrough;

    StoredHeightsInOrder(long releasedThrough) {
        this.releasedThrough = releasedThrough;
    }

    /** Records that {@code height} is stored; answers every height now contiguous, lowest first. */
    List<T> stored(long height, T value) {
        if (height <= releasedThrough) {
            return List.of();
        }
        early.put(height, value);
        List<T> released = new ArrayList<>();
        while (!early.isEmpty() && early.firstKey() == releasedThrough + 1) {
            released.add(early.pollFirstEntry().getValue());
            releasedThrough++;
        }
        return released;
    }

    long releasedThrough() {
        return releasedThrough;
    }

    int waiting() {
        return early.size();
    }
}
