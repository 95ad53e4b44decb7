package io.yantar.node.http;

import io.yantar.crypto.CryptoSuite;
import io.yantar.node.LedgerQueries;
import io.yantar.node.Readiness;
import io.yantar.node.TransactionSubmitter;
import io.yantar.node.config.NodeConfig.HttpSettings;
import io.yantar.node.explorer.ExplorerRoutes;
import io.yantar.node.metrics.Counter;
import io.yantar.node.metrics.Histogram;
import io.yantar.node.metrics.MetricsRegistry;
import io.yantar.node.metrics.PrometheusTextFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API. Requests are dispatched through the {@link ApiEndpoint} table (so the
 * OpenAPI file can be checked against it); every error is {@code application/problem+json};
 * bodies above {@code yantar.http.request-body-bytes-max} are answered with 413 before they are
 * decoded. Requests are counted by endpoint, method and status, and timed per endpoint.
 */
public final class NodeRoutes extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRoutes.class);
    /** Client addresses with a rate-limit bucket at once; idle ones are forgotten beyond this. */
    private static final int RATE_LIMITED_CLIENTS_MAX = 100_000;

    /** What the routes read; the ledger and the submitter come from the replica once it runs. */
    public record Dependencies(HttpSettings settings, Readiness readiness, MetricsRegistry metrics, NodeStatusService status,
                               Supplier<TransactionSubmitter> submitter, Supplier<Optional<LedgerQueries>> ledger,
                               CryptoSuite suite, ActorSystem<?> system) {
    }

    private final HttpSettings settings;
    private final Readiness readiness;
    private final MetricsRegistry metrics;
    private final NodeStatusService status;
    private final Supplier<Optional<LedgerQueries>> ledger;
    private final ActorSystem<?> system;
    private final TransactionHandlers transactions;
    private final LedgerHandlers reads;
    private final GovernanceHandlers governance;
    private final EventStream events;
    private final Counter responses;
    private final Counter requests;
    private final Map<ApiEndpoint, Histogram> latencies = new EnumMap<>(ApiEndpoint.class);
    private final Route explorer;
    private final ClientRateLimiter rateLimiter;
    private final Counter rateLimited;

    public NodeRoutes(Dependencies dependencies) {
        this.settings = dependencies.settings();
        this.readiness = dependencies.readiness();
        this.metrics = dependencies.metrics();
        this.status = dependencies.status();
        this.ledger = dependencies.ledger();
        this.system = dependencies.system();
        LedgerJson json = new LedgerJson(dependencies.suite());
        this.transactions = new TransactionHandlers(dependencies.submitter(), ledger, json, settings.commitWaitTimeout(),
                settings.batchTransactionsMax(), dependencies.suite().hashLength());
        this.reads = new LedgerHandlers(ledger, json, settings.blocksPageMax());
        this.governance = new GovernanceHandlers(dependencies.submitter(), ledger, settings.commitWaitTimeout(),
                dependencies.suite().hashLength());
        this.events = new EventStream(json, settings.eventsBufferMax());
        this.explorer = ExplorerRoutes.create(dependencies);
        this.rateLimiter = new ClientRateLimiter(settings.protection().requestsPerSecond(), settings.protection().requestsBurst(),
                RATE_LIMITED_CLIENTS_MAX, System::nanoTime);
        this.rateLimited = metrics.counter("yantar_http_rate_limited_total", "Requests answered 429 because their client exceeded its rate.");
        this.responses = metrics.counter("yantar_http_responses_total", "HTTP responses by status code.", "code");
        this.requests = metrics.counter("yantar_http_requests_total", "HTTP requests by endpoint, method and status code.",
                "route", "method", "code");
        for (ApiEndpoint endpoint : ApiEndpoint.values()) {
            latencies.put(endpoint, metrics.histogram("yantar_http_" + endpoint.metricName() + "_seconds",
                    "Time to the response head of " + endpoint.method() + " " + endpoint.template() + ".", Histogram.LATENCY_SECONDS));
        }
    }

    public Route routes() {
        Route served = concat(explorer, extractRequest(request -> completeWithFuture(dispatch(request))));
        return extractRequest(request -> overRate(request).map(response -> {
            request.discardEntityBytes(system);
            return complete(count("rate-limited", request.method().value(), response));
        }).orElse(served));
    }

    /**
     * The 429 answer when the request's client address has used up its tokens. A request
     * without a peer address (only the in-process route test kit makes those) is not limited.
     */
    private Optional<HttpResponse> overRate(HttpRequest request) {
        return request.getAttribute(AttributeKeys.remoteAddress)
                .flatMap(RemoteAddress::getAddress)
                .flatMap(rateLimiter::acquire)
                .map(retryAfter -> {
                    rateLimited.increment();
                    return HttpResponses.tooManyRequests("rate-limited", "This client sent more than "
                            + settings.protection().requestsPerSecond() + " requests per second.", retryAfter);
                });
    }

    private CompletionStage<HttpResponse> dispatch(HttpRequest request) {
        long started = System.nanoTime();
        List<String> segments = pathSegments(request);
        String method = request.method().value();
        List<String> allowed = new ArrayList<>();
        int fewestParameters = Integer.MAX_VALUE;
        // A literal path (/v1/transactions/batch) wins over a template that also fits it (/v1/transactions/{id}).
        List<ApiEndpoint> publicEndpoints = ApiEndpoint.publicEndpoints();
        for (ApiEndpoint endpoint : publicEndpoints) {
            fewestParameters = Math.min(fewestParameters, endpoint.match(segments).map(Map::size).orElse(Integer.MAX_VALUE));
        }
        for (ApiEndpoint endpoint : publicEndpoints) {
            Optional<Map<String, String>> parameters = endpoint.match(segments);
            if (parameters.isEmpty() || parameters.get().size() != fewestParameters) {
                continue;
            }
            if (!endpoint.method().equals(method)) {
                allowed.add(endpoint.method());
                continue;
            }
            ApiRequest apiRequest = new ApiRequest(request, endpoint, parameters.get(), settings.requestBodyBytesMax(),
                    settings.requestTimeout().toMillis(), system);
            return handle(apiRequest).thenApply(response -> {
                latencies.get(endpoint).observeNanos(System.nanoTime() - started);
                return count(endpoint.template(), method, response);
            });
        }
        request.discardEntityBytes(system);
        HttpResponse response = allowed.isEmpty()
                ? HttpResponses.notFound("No such resource on this node.")
                : HttpResponses.problem(405, "Method Not Allowed", "method-not-allowed",
                        method + " is not supported here; use " + String.join(" or ", allowed) + ".")
                        .addHeader(RawHeader.create("Allow", String.join(", ", allowed)));
        return CompletableFuture.completedFuture(count("unmatched", method, response));
    }

    private CompletionStage<HttpResponse> handle(ApiRequest request) {
        if (request.request().entity().getContentLengthOption().isPresent()
                && request.request().entity().getContentLengthOption().getAsLong() > settings.requestBodyBytesMax()) {
            // Answer once the body is drained: a response sent while the client still writes can be lost to a connection reset.
            return request.request().discardEntityBytes(system).completionStage()
                    .handle((drained, failure) -> HttpResponses.payloadTooLarge(settings.requestBodyBytesMax()));
        }
        CompletionStage<HttpResponse> response;
        try {
            response = endpoint(request);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.exceptionally(this::failureResponse);
    }

    private CompletionStage<HttpResponse> endpoint(ApiRequest request) {
        return switch (request.endpoint()) {
            case HEALTH_LIVE -> done(HttpResponses.json(200, Map.of("status", "live")));
            case HEALTH_READY -> done(readyResponse());
            case METRICS -> done(HttpResponses.metrics(PrometheusTextFormat.write(metrics)));
            case STATUS -> status.status().thenApply(body -> HttpResponses.json(200, body));
            case SUBMIT_TRANSACTION -> transactions.submit(request);
            case SUBMIT_BATCH -> transactions.submitBatch(request);
            case TRANSACTION -> transactions.status(request);
            case TRANSACTION_PROOF -> transactions.proof(request);
            case LATEST_BLOCK -> reads.latestBlock(request);
            case BLOCK -> reads.block(request);
            case BLOCKS -> reads.blocks(request);
            case ACCOUNT -> reads.account(request);
            case EVENTS -> done(ledger.get().map(queries -> events.events(request, queries)).orElseGet(LedgerHandlers::noLedger));
            case VALIDATORS -> governance.validators(request);
            case ADMIN_PROPOSE, ADMIN_APPROVE, ADMIN_PROPOSALS, ADMIN_PROPOSAL ->
                    throw new IllegalStateException("admin endpoints are dispatched by AdminRoutes only");
        };
    }

    private HttpResponse failureResponse(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof EntityStreamSizeException) {
            return HttpResponses.payloadTooLarge(settings.requestBodyBytesMax());
        }
        if (cause instanceof org.apache.pekko.http.scaladsl.model.EntityStreamException broken) {
            // A body that breaks HTTP framing (e.g. an illegal chunk header) is the client's fault.
            return HttpResponses.badRequest("malformed-body", "The request body is not valid HTTP: " + broken.getMessage());
        }
        if (cause instanceof TimeoutException || cause instanceof org.apache.pekko.pattern.AskTimeoutException) {
            return HttpResponses.unavailable("busy", "The node did not answer in time; retry shortly.");
        }
        LOG.warn("request failed: {}", cause.toString());
        return HttpResponses.internalError();
    }

    private HttpResponse readyResponse() {
        List<String> unmet = readiness.unmetReasons();
        if (unmet.isEmpty()) {
            return HttpResponses.json(200, Map.of("status", "ready"));
        }
        return HttpResponses.unavailable("not-ready", "Not ready: " + String.join("; ", unmet) + ".");
    }

    private HttpResponse count(String route, String method, HttpResponse response) {
        String code = Integer.toString(response.status().intValue());
        responses.increment(code);
        requests.increment(route, method, code);
        return response;
    }

    private static List<String> pathSegments(HttpRequest request) {
        List<String> segments = new ArrayList<>();
        request.getUri().pathSegments().forEach(segments::add);
        return segments;
    }

    private static CompletionStage<HttpResponse> done(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
