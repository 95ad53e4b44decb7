package io.yantar.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.yantar.node.config.NodeConfig.StorageKind;
import io.yantar.node.config.NodeConfig.StorageSettings;
import io.yantar.proto.Receipt;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transaction index table in the node's H2 file: point lookups, idempotent re-recording, kept across a restart. */
class JdbcTransactionLocationsTest {
    @TempDir
    Path dataDir;

    @Test
    void recordsSurviveAReopenAndRecordingABlockTwiceIsHarmless() throws Exception {
        StorageSettings storage = h2();
        try (JdbcTransactionLocations locations = JdbcTransactionLocations.open(storage)) {
            assertEquals(0, locations.recordedHeight());
            locations.record(1, List.of(success("a"), refusal("b", "INSUFFICIENT_FUNDS")));
            locations.record(2, List.of(success("c"), refusal("a", "NONCE_REPLAYED"))); // a re-proposed duplicate of a
            locations.record(2, List.of(success("c"), refusal("a", "NONCE_REPLAYED"))); // a restart records it again
            locations.flush();
            assertEquals(OptionalLong.of(1), locations.heightOf(id("b")), "a settled refusal is found too");
            assertEquals(OptionalLong.of(1), locations.heightOf(id("a")), "a duplicate's refusal never hides the success");
        }
        try (JdbcTransactionLocations reopened = JdbcTransactionLocations.open(storage)) {
            assertEquals(2, reopened.recordedHeight());
            assertEquals(OptionalLong.of(2), reopened.heightOf(id("c")));
            assertEquals(OptionalLong.empty(), reopened.heightOf(id("never")));
        }
    }

    @Test
    void aSuccessAfterItsOwnRefusalMovesTheTransactionWhetherTheyShareAWriteOrNot() throws Exception {
        StorageSettings storage = h2();
        try (JdbcTransactionLocations locations = JdbcTransactionLocations.open(storage)) {
            locations.record(1, List.of(refusal("early", "NONCE_AHEAD"), success("x")));
            locations.flush();
            locations.record(2, List.of(success("early"), success("y")));
            locations.record(3, List.of(refusal("late", "NONCE_AHEAD")));
            locations.record(4, List.of(success("late"), refusal("y", "NONCE_REPLAYED")));
            locations.flush();
            assertEquals(OptionalLong.of(2), locations.heightOf(id("early")), "ordered again after a refusal, in a later write");
            assertEquals(OptionalLong.of(4), locations.heightOf(id("late")), "refused and settled in blocks written together or apart");
            assertEquals(OptionalLong.of(2), locations.heightOf(id("y")), "a replay's refusal never hides the success");
            assertEquals(OptionalLong.of(1), locations.heightOf(id("x")));
            assertEquals(4, locations.recordedHeight());
        }
    }

    private StorageSettings h2() {
        return new StorageSettings(StorageKind.H2,
                "jdbc:h2:file:" + dataDir.resolve("journal").toString().replace('\\', '/') + ";WRITE_DELAY=0;RETENTION_TIME=5000", "sa", "", 1, 10, 0);
    }

    private static Receipt success(String id) {
        return Receipt.newBuilder().setTxId(id(id)).setSuccess(true).build();
    }

    private static Receipt refusal(String id, String reason) {
        return Receipt.newBuilder().setTxId(id(id)).setSuccess(false).setReasonCode(reason).build();
    }

    private static ByteString id(String text) {
        return ByteString.copyFromUtf8(text);
    }
}
