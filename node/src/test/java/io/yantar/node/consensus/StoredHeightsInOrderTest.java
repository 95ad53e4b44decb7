package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoredHeightsInOrderTest {

    @Test
    void aHeightStoredBeforeItsPredecessorWaitsForIt() {
        StoredHeightsInOrder<String> order = new StoredHeightsInOrder<>(411);

        assertEquals(List.of(), order.stored(413, "413"));
        assertEquals(1, order.waiting());
        assertEquals(List.of("412", "413"), order.stored(412, "412"));
        assertEquals(413, order.releasedThrough());
        assertEquals(0, order.waiting());
    }

    @Test
    void heightsInOrderPassStraightThrough() {
        StoredHeightsInOrder<Long> order = new StoredHeightsInOrder<>(0);

        assertEquals(List.of(1L), order.stored(1, 1L));
        assertEquals(List.of(2L), order.stored(2, 2L));
        assertEquals(2, order.releasedThrough());
    }

    @Test
    void aHeightAlreadyReleasedIsIgnored() {
        StoredHeightsInOrder<Long> order = new StoredHeightsInOrder<>(5);

        assertEquals(List.of(), order.stored(5, 5L));
        assertEquals(List.of(), order.stored(3, 3L));
        assertEquals(0, order.waiting());
    }

    @Test
    void aLongRunInReverseIsReleasedAtOnceWhenTheGapCloses() {
        StoredHeightsInOrder<Long> order = new StoredHeightsInOrder<>(0);
        for (long height = 10; height >= 2; height--) {
            assertEquals(List.of(), order.stored(height, height));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), order.stored(1, 1L));
    }
}
