package io.yantar.node.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every endpoint of the node's HTTP API, as data: the router dispatches through this table
 * only, and {@code docs/api/openapi.yaml} must list exactly these (a test compares them).
 * Literal paths come before templates that could also match them ({@code /v1/blocks/latest}
 * before {@code /v1/blocks/{height}}).
 */
public enum ApiEndpoint {
    HEALTH_LIVE("GET", "/health/live", "health_live"),
    HEALTH_READY("GET", "/health/ready", "health_ready"),
    METRICS("GET", "/metrics", "metrics"),
    STATUS("GET", "/v1/status", "status"),
    SUBMIT_TRANSACTION("POST", "/v1/transactions", "submit_transaction"),
    SUBMIT_BATCH("POST", "/v1/transactions/batch", "submit_batch"),
    TRANSACTION("GET", "/v1/transactions/{id}", "transaction"),
    TRANSACTION_PROOF("GET", "/v1/transactions/{id}/proof", "transaction_proof"),
    LATEST_BLOCK("GET", "/v1/blocks/latest", "latest_block"),
    BLOCK("GET", "/v1/blocks/{height}", "block"),
    BLOCKS("GET", "/v1/blocks", "blocks"),
    ACCOUNT("GET", "/v1/accounts/{address}", "account"),
    EVENTS("GET", "/v1/events", "events");

    private final String method;
    private final String template;
    private final String metricName;
    private final List<String> segments;

    ApiEndpoint(String method, String template, String metricName) {
        this.method = method;
        this.template = template;
        this.metricName = metricName;
        this.segments = List.of(template.substring(1).split("/"));
    }

    public String method() {
        return method;
    }

    /** The OpenAPI path, e.g. {@code /v1/transactions/{id}}. */
    public String template() {
        return template;
    }

    /** A label-safe name for metrics. */
    public String metricName() {
        return metricName;
    }

    /** The path parameters when {@code pathSegments} (decoded, without the leading slash) fit this template. */
    Optional<Map<String, String>> match(List<String> pathSegments) {
        if (pathSegments.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            String actual = pathSegments.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (actual.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(Map.copyOf(parameters));
    }
}
