package io.yantar.node.http;

import io.yantar.node.Readiness;
import io.yantar.node.TransactionSubmitter;
import io.yantar.node.TransactionSubmitter.Accepted;
import io.yantar.node.TransactionSubmitter.Overloaded;
import io.yantar.node.TransactionSubmitter.Refused;
import io.yantar.node.TransactionSubmitter.Submission;
import io.yantar.node.TransactionSubmitter.Unavailable;
import io.yantar.node.config.NodeConfig.HttpSettings;
import io.yantar.node.metrics.Counter;
import io.yantar.node.metrics.MetricsRegistry;
import io.yantar.node.metrics.PrometheusTextFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API: health, metrics, status and transaction submission. Every error is
 * {@code application/problem+json}; bodies above {@code yantar.http.request-body-bytes-max}
 * are answered with 413 before they are decoded.
 */
public final class NodeRoutes extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRoutes.class);

    private final HttpSettings settings;
    private final Readiness readiness;
    private final MetricsRegistry metrics;
    private final NodeStatusService status;
    private final Supplier<TransactionSubmitter> submitter;
    private final ActorSystem<?> system;
    private final Counter responses;

    public NodeRoutes(HttpSettings settings, Readiness readiness, MetricsRegistry metrics, NodeStatusService status,
            Supplier<TransactionSubmitter> submitter, ActorSystem<?> system) {
        this.settings = settings;
        this.readiness = readiness;
        this.metrics = metrics;
        this.status = status;
        this.submitter = submitter;
        this.system = system;
        this.responses = metrics.counter("yantar_http_responses_total", "HTTP responses by status code.", "code");
    }

    public Route routes() {
        return mapResponse(this::count, () -> handleExceptions(exceptionHandler(), () -> handleRejections(rejectionHandler(), () -> concat(
                pathPrefix("health", () -> concat(
                        path("live", () -> get(() -> complete(HttpResponses.json(200, Map.of("status", "live"))))),
                        path("ready", () -> get(() -> complete(readyResponse()))))),
                path("metrics", () -> get(() -> complete(HttpResponses.metrics(PrometheusTextFormat.write(metrics))))),
                pathPrefix("v1", () -> concat(
                        path("status", () -> get(() -> completeWithFuture(status.status().thenApply(body -> HttpResponses.json(200, body))))),
                        path("transactions", () -> post(() -> extractRequestEntity(this::submit)))))))));
    }

    private HttpResponse readyResponse() {
        List<String> unmet = readiness.unmetReasons();
        if (unmet.isEmpty()) {
            return HttpResponses.json(200, Map.of("status", "ready"));
        }
        return HttpResponses.unavailable("not-ready", "Not ready: " + String.join("; ", unmet) + ".");
    }

    private Route submit(RequestEntity entity) {
        long limit = settings.requestBodyBytesMax();
        if (entity.getContentLengthOption().isPresent() && entity.getContentLengthOption().getAsLong() > limit) {
            entity.discardBytes(system);
            return complete(HttpResponses.payloadTooLarge(limit));
        }
        String subType = entity.getContentType().mediaType().subType();
        CompletionStage<HttpResponse> response = entity.toStrict(settings.requestTimeout().toMillis(), limit, system)
                .thenCompose(strict -> decodeAndSubmit(subType, strict))
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    if (cause instanceof EntityStreamSizeException) {
                        return HttpResponses.payloadTooLarge(limit);
                    }
                    LOG.warn("transaction submission failed: {}", cause.toString());
                    return HttpResponses.internalError();
                });
        return completeWithFuture(response);
    }

    private CompletionStage<HttpResponse> decodeAndSubmit(String subType, HttpEntity.Strict strict) {
        byte[] body = strict.getData().toArray();
        SignedTransactionDecoder.Decoded decoded = SignedTransactionDecoder.decode(subType, body);
        if (decoded instanceof SignedTransactionDecoder.Ok ok) {
            return submitter.get().submit(ok.transaction()).thenApply(NodeRoutes::submissionResponse);
        }
        SignedTransactionDecoder.Malformed malformed = (SignedTransactionDecoder.Malformed) decoded;
        return CompletableFuture.completedFuture("unsupported-media-type".equals(malformed.code())
                ? HttpResponses.problem(415, "Unsupported Media Type", malformed.code(), malformed.detail())
                : HttpResponses.badRequest(malformed.code(), malformed.detail()));
    }

    private static HttpResponse submissionResponse(Submission submission) {
        if (submission instanceof Accepted accepted) {
            return HttpResponses.json(202, Map.of("id", accepted.transactionId(), "status", accepted.status()));
        }
        if (submission instanceof Refused refused) {
            return HttpResponses.badRequest(refused.reasonCode(), refused.detail());
        }
        if (submission instanceof Overloaded overloaded) {
            return HttpResponses.overloaded(overloaded.retryAfter());
        }
        return HttpResponses.unavailable("unavailable", ((Unavailable) submission).detail());
    }

    private HttpResponse count(HttpResponse response) {
        responses.increment(Integer.toString(response.status().intValue()));
        return response;
    }

    private ExceptionHandler exceptionHandler() {
        return ExceptionHandler.newBuilder()
                .match(EntityStreamSizeException.class, e -> complete(HttpResponses.payloadTooLarge(settings.requestBodyBytesMax())))
                .matchAny(e -> {
                    LOG.warn("request failed: {}", e.toString());
                    return complete(HttpResponses.internalError());
                })
                .build();
    }

    /** Pekko's default rejection answers, re-written as problem+json with the status as code. */
    private RejectionHandler rejectionHandler() {
        return RejectionHandler.newBuilder()
                .handleNotFound(complete(HttpResponses.notFound("No such resource on this node.")))
                .build()
                .withFallback(RejectionHandler.defaultHandler())
                .mapRejectionResponse(NodeRoutes::asProblem);
    }

    private static HttpResponse asProblem(HttpResponse response) {
        if (response.entity().getContentType().equals(HttpResponses.PROBLEM_JSON)) {
            return response;
        }
        String detail = response.entity() instanceof HttpEntity.Strict strict
                ? strict.getData().decodeString(StandardCharsets.UTF_8)
                : response.status().reason();
        int status = response.status().intValue();
        String code = response.status().reason().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        return HttpResponses.problem(status, response.status().reason(), code, detail)
                .withHeaders(response.getHeaders());
    }
}
