package io.yantar.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CertifiedBlock;
import org.junit.jupiter.api.Test;

class RecentBlocksTest {

    @Test
    void dropsTheOldestBlocksPastTheCount() {
        RecentBlocks recent = new RecentBlocks(2, Long.MAX_VALUE);
        for (long height = 1; height <= 3; height++) {
            recent.add(height, block(height, 10));
        }
        assertFalse(recent.contains(1));
        assertNull(recent.get(1));
        assertEquals(3, recent.get(3).getBlock().getHeader().getHeight());
        assertEquals(2, recent.count());
    }

    @Test
    void dropsTheOldestBlocksPastTheBytes() {
        CertifiedBlock first = block(1, 1_000);
        int size = first.getSerializedSize();
        RecentBlocks recent = new RecentBlocks(1_000, 2L * size + size / 2);
        recent.add(1, first);
        recent.add(2, block(2, 1_000));
        assertTrue(recent.contains(1), "two blocks fit");
        recent.add(3, block(3, 1_000));
        assertFalse(recent.contains(1), "the third pushes the first out");
        assertTrue(recent.contains(2));
        assertTrue(recent.contains(3));
        assertEquals(recent.get(2).getSerializedSize() + recent.get(3).getSerializedSize(), recent.bytes());
    }

    @Test
    void keepsTheNewestBlockEvenWhenItAloneIsLarger() {
        RecentBlocks recent = new RecentBlocks(10, 100);
        recent.add(1, block(1, 10));
        CertifiedBlock large = block(2, 5_000);
        recent.add(2, large);
        assertSame(large, recent.get(2));
        assertEquals(1, recent.count());
        assertEquals(large.getSerializedSize(), recent.bytes());
    }

    @Test
    void aBlockAddedAgainAtItsHeightIsCountedOnce() {
        RecentBlocks recent = new RecentBlocks(10, Long.MAX_VALUE);
        recent.add(1, block(1, 10));
        CertifiedBlock again = block(1, 20);
        recent.add(1, again);
        assertEquals(1, recent.count());
        assertEquals(again.getSerializedSize(), recent.bytes());
    }

    @Test
    void refusesBoundsThatHoldNoBlock() {
        assertThrows(IllegalArgumentException.class, () -> new RecentBlocks(0, 100));
        assertThrows(IllegalArgumentException.class, () -> new RecentBlocks(1, 0));
    }

    private static CertifiedBlock block(long height, int filler) {
        BlockHeader header = BlockHeader.newBuilder().setHeight(height)
                .setPrevBlockHash(ByteString.copyFrom(new byte[filler])).build();
        return CertifiedBlock.newBuilder().setBlock(Block.newBuilder().setHeader(header)).build();
    }
}
