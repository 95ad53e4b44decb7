package io.yantar.node.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one node says its ledger is: every block (with certificates) and the balances of the given accounts. */
record NodeLedger(String node, List<JsonNode> blocks, Map<String, Long> balances) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 100;
    private static final int PAGES_MAX = 10_000;

    static NodeLedger fetch(String node, URI base, Collection<String> accounts) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        List<JsonNode> blocks = new ArrayList<>();
        long from = 1;
        for (int page = 0; page < PAGES_MAX; page++) {
            JsonNode answer = get(http, base.resolve("/v1/blocks?from=" + from + "&limit=" + PAGE));
            answer.path("blocks").forEach(blocks::add);
            if (answer.path("next").isNull() || answer.path("next").isMissingNode() || answer.path("blocks").isEmpty()) {
                break;
            }
            from = answer.path("next").asLong();
        }
        Map<String, Long> balances = new LinkedHashMap<>();
        for (String account : accounts) {
            balances.put(account, get(http, base.resolve("/v1/accounts/" + account)).path("balanceKopecks").asLong());
        }
        return new NodeLedger(node, List.copyOf(blocks), balances);
    }

    private static JsonNode get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException(uri + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    long height() {
        return blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).path("height").asLong();
    }
}
