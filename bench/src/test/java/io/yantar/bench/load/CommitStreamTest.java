package io.yantar.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void receiptsAreReadFromTheTransactionsOfABlockEvent() throws Exception {
        var block = JSON.readTree("""
                {"height":7,"transactions":[
                  {"id":"aa","kind":"transfer","receipt":{"txId":"aa","success":true,"reasonCode":""}},
                  {"id":"bb","kind":"transfer","receipt":{"txId":"bb","success":false,"reasonCode":"NONCE_AHEAD"}}]}
                """);
        List<String> ids = CommitStream.receipts(block).stream().map(receipt -> receipt.path("txId").asText()).toList();
        assertEquals(List.of("aa", "bb"), ids);
    }

    @Test
    void aFlatReceiptListIsReadToo() throws Exception {
        var block = JSON.readTree("{\"height\":3,\"receipts\":[{\"txId\":\"cc\",\"success\":true}]}");
        assertEquals("cc", CommitStream.receipts(block).get(0).path("txId").asText());
    }
}
