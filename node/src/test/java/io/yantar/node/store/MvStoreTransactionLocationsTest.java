package io.yantar.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The transaction index of an H2 node: a map in a file of its own, written without SQL. */
class MvStoreTransactionLocationsTest extends TransactionLocationsContractTest {
    @Override
    TransactionLocations open() {
        return MvStoreTransactionLocations.open(dataDir.resolve("transactions.mv.db"), 2 << 20);
    }

    @Override
    void flush(TransactionLocations locations) throws Exception {
        ((MvStoreTransactionLocations) locations).flush();
    }

    @Test
    void aBlockWithoutSettledTransactionsStillCountsAsRecordedAndTheHeightRowNamesNoTransaction() throws Exception {
        try (TransactionLocations locations = open()) {
            locations.record(1, List.of(success("a")));
            locations.record(2, List.of());
            flush(locations);
            assertEquals(2, locations.recordedHeight());
            assertEquals(OptionalLong.empty(), locations.heightOf(id("")));
        }
    }
}
