package io.yantar.node.store;

import com.google.protobuf.ByteString;
import io.yantar.proto.Receipt;
import java.util.List;
import java.util.OptionalLong;

/**
 * The persistent index of committed transactions: transaction id to the height of the block that
 * holds it. The node keeps only a bounded cache of recent receipts in memory; older lookups
 * (status, proof, idempotent resubmission) find the height here and read the receipt from the
 * block store.
 */
public interface TransactionLocations extends AutoCloseable {
    /**
     * Records the settled transactions of the block at {@code height} (blocks come in height
     * order). A success is where its transaction stays; a refusal is recorded only for a
     * transaction not recorded yet (a re-proposed duplicate's NONCE_REPLAYED never hides the
     * success before it).
     */
    void record(long height, List<Receipt> settled);

    /** The height of the block holding {@code txId}, if it is recorded; a point lookup. */
    OptionalLong heightOf(ByteString txId);

    /** The highest height recorded (0 when none): blocks above it must be recorded again at start. */
    long recordedHeight();

    @Override
    void close();
}
