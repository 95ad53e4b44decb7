package io.yantar.node.store;

import io.yantar.proto.CertifiedBlock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The last committed blocks, kept in memory for reads, bounded both by their number and by
 * their encoded bytes. A count alone held about 100 MiB of large blocks (1,024 blocks of 190
 * payments): the bulk of a node's live heap, copied by every young collection until promoted
 * and then traced by every full one. The newest block always stays, whatever its size.
 */
final class RecentBlocks {
    private final int countMax;
    private final long bytesMax;
    private final Map<Long, CertifiedBlock> byHeight = new HashMap<>();
    private final ArrayDeque<Long> oldestFirst = new ArrayDeque<>();
    private long bytes;

    RecentBlocks(int countMax, long bytesMax) {
        if (countMax < 1 || bytesMax < 1) {
            throw new IllegalArgumentException("the block cache needs room for a block: count " + countMax + ", bytes " + bytesMax);
        }
        this.countMax = countMax;
        this.bytesMax = bytesMax;
    }

    /** Keeps {@code block} at {@code height}, above every height held, and drops the oldest ones past either bound. */
    void add(long height, CertifiedBlock block) {
        CertifiedBlock replaced = byHeight.put(height, block);
        if (replaced != null) {
            bytes -= replaced.getSerializedSize();
        } else {
            oldestFirst.addLast(height);
        }
        bytes += block.getSerializedSize(); // memoised by protobuf: the journal's write already computed it
        while (oldestFirst.size() > 1 && (oldestFirst.size() > countMax || bytes > bytesMax)) {
            bytes -= byHeight.remove(oldestFirst.removeFirst()).getSerializedSize();
        }
    }

    /** The block at {@code height}, or null when it is not held. */
    CertifiedBlock get(long height) {
        return byHeight.get(height);
    }

    boolean contains(long height) {
        return byHeight.containsKey(height);
    }

    int count() {
        return oldestFirst.size();
    }

    long bytes() {
        return bytes;
    }
}
