package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import io.yantar.node.store.TransactionLocations;
import io.yantar.proto.Receipt;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** The persistent transaction index, in memory for unit tests; the same rules as the table. */
final class MapTransactionLocations implements TransactionLocations {
    private final Map<ByteString, Long> heights = new ConcurrentHashMap<>();
    private volatile long recordedHeight;

    @Override
    public void record(long height, List<Receipt> settled) {
        for (Receipt receipt : settled) {
            if (receipt.getSuccess()) {
                heights.put(receipt.getTxId(), height);
            } else {
                heights.putIfAbsent(receipt.getTxId(), height);
            }
        }
        recordedHeight = Math.max(recordedHeight, height);
    }

    @Override
    public OptionalLong heightOf(ByteString txId) {
        Long height = heights.get(txId);
        return height == null ? OptionalLong.empty() : OptionalLong.of(height);
    }

    @Override
    public long recordedHeight() {
        return recordedHeight;
    }

    @Override
    public void close() {
    }
}
