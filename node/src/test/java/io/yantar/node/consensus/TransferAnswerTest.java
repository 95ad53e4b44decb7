package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TransferAnswerTest {
    private static final long NEXT = 101;

    @Test
    void theAnswerToTheLastRequestIsApplied() {
        assertEquals(TransferAnswer.AWAITED, TransferAnswer.classify("node-2", NEXT, false, "node-2", NEXT, NEXT, true));
        assertEquals(TransferAnswer.AWAITED, TransferAnswer.classify("node-2", NEXT, true, "node-2", NEXT, NEXT, true),
                "an empty awaited answer is handled too: the fetch asks another peer");
        assertEquals(TransferAnswer.AWAITED, TransferAnswer.classify("node-2", 301, false, "node-2", 301, NEXT, true),
                "the next chunk, asked for while this one executes");
    }

    @Test
    void aLateAnswerFromAPeerAskedBeforeIsAppliedWhenItStartsAtTheNextHeight() {
        assertEquals(TransferAnswer.LATE_BUT_NEXT, TransferAnswer.classify("node-3", NEXT, false, "node-4", NEXT, NEXT, true));
    }

    @Test
    void otherAnswersAreDropped() {
        assertEquals(TransferAnswer.DROPPED, TransferAnswer.classify("node-3", NEXT, true, "node-4", NEXT, NEXT, true),
                "a late empty answer");
        assertEquals(TransferAnswer.DROPPED, TransferAnswer.classify("node-3", 1, false, "node-4", NEXT, NEXT, true),
                "a late answer for heights already applied");
        assertEquals(TransferAnswer.DROPPED, TransferAnswer.classify("node-3", 301, false, "node-4", NEXT, NEXT, true),
                "a late answer above a gap");
        assertEquals(TransferAnswer.DROPPED, TransferAnswer.classify("node-2", 1, false, "node-2", NEXT, NEXT, true),
                "the asked peer's answer to an older request");
        assertEquals(TransferAnswer.DROPPED, TransferAnswer.classify("node-3", NEXT, false, "node-4", NEXT, NEXT, false),
                "an answer nobody asked for in this fetch");
    }
}
