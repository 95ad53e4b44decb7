package io.yantar.consensus.core;

import java.util.Collection;
import java.util.TreeMap;

/** The slots inside the watermark window (stable, stable + L]; everything at or below stable is dropped. */
final class MessageLog {
    private final TreeMap<Long, Slot> slots = new TreeMap<>();
    private final int window;
    private long low;
    /** The last height of the current epoch when the next one is known: nothing above it is ordered in this epoch. */
    private long ceiling = Long.MAX_VALUE;

    MessageLog(int window) {
        this.window = window;
    }

    boolean inWindow(long height) {
        return height > low && height <= high();
    }

    void capAt(long lastHeight) {
        ceiling = lastHeight;
    }

    /** A new epoch: nothing of the old one stays above the (boundary) stable checkpoint. */
    void clearForEpoch() {
        slots.clear();
        ceiling = Long.MAX_VALUE;
    }

    long low() {
        return low;
    }

    long high() {
        return Math.min(low + window, ceiling);
    }

    /** The slot for {@code height}, created on first use; the height must be in the window. */
    Slot slot(long height) {
        if (!inWindow(height)) {
            throw new IllegalStateException("height " + height + " outside window (" + low + ", " + high() + "]");
        }
        return slots.computeIfAbsent(height, Slot::new);
    }

    Slot existing(long height) {
        return slots.get(height);
    }

    Collection<Slot> slots() {
        return slots.values();
    }

    void advanceLowTo(long height) {
        if (height > low) {
            low = height;
            slots.headMap(height, true).clear();
        }
    }

    int size() {
        return slots.size();
    }
}
