package io.yantar.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.yantar.proto.Receipt;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every transaction index must do: point lookups, idempotent re-recording, kept across a restart. */
abstract class TransactionLocationsContractTest {
    @TempDir
    Path dataDir;

    /** Opens the index kept in {@link #dataDir} (again, after a close). */
    abstract TransactionLocations open() throws Exception;

    /** Waits until the rows recorded so far are written. */
    abstract void flush(TransactionLocations locations) throws Exception;

    @Test
    void recordsSurviveAReopenAndRecordingABlockTwiceIsHarmless() throws Exception {
        try (TransactionLocations locations = open()) {
            assertEquals(0, locations.recordedHeight());
            locations.record(1, List.of(success("a"), refusal("b", "INSUFFICIENT_FUNDS")));
            locations.record(2, List.of(success("c"), refusal("a", "NONCE_REPLAYED"))); // a re-proposed duplicate of a
            locations.record(2, List.of(success("c"), refusal("a", "NONCE_REPLAYED"))); // a restart records it again
            flush(locations);
            assertEquals(OptionalLong.of(1), locations.heightOf(id("b")), "a settled refusal is found too");
            assertEquals(OptionalLong.of(1), locations.heightOf(id("a")), "a duplicate's refusal never hides the success");
        }
        try (TransactionLocations reopened = open()) {
            assertEquals(2, reopened.recordedHeight());
            assertEquals(OptionalLong.of(2), reopened.heightOf(id("c")));
            assertEquals(OptionalLong.empty(), reopened.heightOf(id("never")));
        }
    }

    @Test
    void aSuccessAfterItsOwnRefusalMovesTheTransactionWhetherTheyShareAWriteOrNot() throws Exception {
        try (TransactionLocations locations = open()) {
            locations.record(1, List.of(refusal("early", "NONCE_AHEAD"), success("x")));
            flush(locations);
            locations.record(2, List.of(success("early"), success("y")));
            locations.record(3, List.of(refusal("late", "NONCE_AHEAD")));
            locations.record(4, List.of(success("late"), refusal("y", "NONCE_REPLAYED")));
            flush(locations);
            assertEquals(OptionalLong.of(2), locations.heightOf(id("early")), "ordered again after a refusal, in a later write");
            assertEquals(OptionalLong.of(4), locations.heightOf(id("late")), "refused and settled in blocks written together or apart");
            assertEquals(OptionalLong.of(2), locations.heightOf(id("y")), "a replay's refusal never hides the success");
            assertEquals(OptionalLong.of(1), locations.heightOf(id("x")));
            assertEquals(4, locations.recordedHeight());
        }
    }

    static Receipt success(String id) {
        return Receipt.newBuilder().setTxId(id(id)).setSuccess(true).build();
    }

    static Receipt refusal(String id, String reason) {
        return Receipt.newBuilder().setTxId(id(id)).setSuccess(false).setReasonCode(reason).build();
    }

    static ByteString id(String text) {
        return ByteString.copyFromUtf8(text);
    }
}
