package io.yantar.node.http;

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
    EVENTS("GET", "/v1/events", "events"),
    VALIDATORS("GET", "/v1/validators", "validators"),
    // Served on the admin listener only (AdminRoutes), never on the public API port.
    ADMIN_PROPOSE("POST", "/v1/admin/proposals", "admin_propose", true),
    ADMIN_APPROVE("POST", "/v1/admin/proposals/{id}/approvals", "admin_approve", true),
    ADMIN_PROPOSALS("GET", "/v1/admin/proposals", "admin_proposals", true),
    ADMIN_PROPOSAL("GET", "/v1/admin/proposals/{id}", "admin_proposal", true);

    private final String method;
    private final String template;
    private final String metricName;
    private final List<String> segments;
    private final boolean admin;

    ApiEndpoint(String method, String template, String metricName) {
        this(method, template, metricName, false);
    }

    ApiEndpoint(String method, String template, String metricName, boolean admin) {
        this.method = method;
        this.template = template;
        this.metricName = metricName;
        this.segments = PathTemplate.segments(template);
        this.admin = admin;
    }

    static List<ApiEndpoint> publicEndpoints() {
        return java.util.Arrays.stream(values()).filter(endpoint -> !endpoint.admin).toList();
    }

    static List<ApiEndpoint> adminEndpoints() {
        return java.util.Arrays.stream(values()).filter(ApiEndpoint::admin).toList();
    }

    /** Whether the endpoint belongs to the admin listener (and is unknown on the public port). */
    public boolean admin() {
        return admin;
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
        return PathTemplate.match(segments, pathSegments);
    }
}
