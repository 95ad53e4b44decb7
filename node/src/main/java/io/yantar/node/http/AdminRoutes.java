package io.yantar.node.http;

import com.google.protobuf.ByteString;
import io.yantar.node.LedgerQueries;
import io.yantar.node.LedgerQueries.GovernanceView;
import io.yantar.node.config.NodeConfig.HttpSettings;
import io.yantar.node.metrics.Counter;
import io.yantar.proto.Authority;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener's routes (the {@link ApiEndpoint#admin()} endpoints), bound apart from
 * the public API and local-only by default. Every request, reads included, must be signed by
 * a key holding the admin role ({@link AdminAuthenticator}); the role is read from the
 * executed ledger at the time of the request. One log line per admin request served.
 */
public final class AdminRoutes extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

    private final NodeRoutes.Dependencies dependencies;
    private final HttpSettings settings;
    private final AdminAuthenticator authenticator;
    private final GovernanceHandlers governance;
    private final Counter requests;

    public AdminRoutes(NodeRoutes.Dependencies dependencies, AdminAuthenticator authenticator) {
        this.dependencies = dependencies;
        this.settings = dependencies.settings();
        this.authenticator = authenticator;
        this.governance = new GovernanceHandlers(dependencies.submitter(), dependencies.ledger(), settings.commitWaitTimeout(),
                dependencies.suite().hashLength());
        this.requests = dependencies.metrics().counter("yantar_admin_requests_total",
                "Requests to the admin listener by endpoint and outcome code.", "route", "code");
    }

    public Route routes() {
        return extractRequest(request -> completeWithFuture(dispatch(request)));
    }

    private CompletionStage<HttpResponse> dispatch(HttpRequest request) {
        List<String> segments = new ArrayList<>();
        request.getUri().pathSegments().forEach(segments::add);
        List<String> allowed = new ArrayList<>();
        for (ApiEndpoint endpoint : ApiEndpoint.adminEndpoints()) {
            Optional<Map<String, String>> parameters = endpoint.match(segments);
            if (parameters.isEmpty()) {
                continue;
            }
            if (!endpoint.method().equals(request.method().value())) {
                allowed.add(endpoint.method());
                continue;
            }
            ApiRequest apiRequest = new ApiRequest(request, endpoint, parameters.get(), settings.requestBodyBytesMax(),
                    settings.requestTimeout().toMillis(), dependencies.system());
            return authenticated(apiRequest).exceptionally(this::failure).thenApply(response -> {
                requests.increment(endpoint.template(), Integer.toString(response.status().intValue()));
                return response;
            });
        }
        request.discardEntityBytes(dependencies.system());
        return CompletableFuture.completedFuture(allowed.isEmpty()
                ? HttpResponses.notFound("No such admin resource on this node.")
                : HttpResponses.problem(405, "Method Not Allowed", "method-not-allowed",
                        request.method().value() + " is not supported here; use " + String.join(" or ", allowed) + "."));
    }

    private CompletionStage<HttpResponse> authenticated(ApiRequest request) {
        Optional<LedgerQueries> ledger = dependencies.ledger().get();
        if (ledger.isEmpty()) {
            request.request().discardEntityBytes(dependencies.system());
            return CompletableFuture.completedFuture(LedgerHandlers.noLedger());
        }
        return request.body().thenCompose(body -> ledger.get().governance().thenCompose(view -> {
            byte[] bytes = body.toArray();
            AdminAuthenticator.Outcome outcome = authenticator.authenticate(request.request().method().value(),
                    pathAndQuery(request.request()), signatureHeaders(request), bytes, key -> isAdmin(view, key));
            if (outcome instanceof AdminAuthenticator.Refused refused) {
                LOG.info("admin request {} {} refused: {}", request.endpoint().method(), request.endpoint().template(), refused.code());
                return CompletableFuture.completedFuture(HttpResponses.problem(refused.status(),
                        refused.status() == 401 ? "Unauthorized" : refused.status() == 403 ? "Forbidden" : "Service Unavailable",
                        refused.code(), refused.detail()));
            }
            ByteString admin = ((AdminAuthenticator.Authenticated) outcome).adminKey();
            LOG.info("admin request {} {} by {}", request.endpoint().method(), request.endpoint().template(),
                    GovernanceJson.hex(admin).substring(0, 16));
            return switch (request.endpoint()) {
                case ADMIN_PROPOSE -> governance.propose(request, bytes, admin);
                case ADMIN_APPROVE -> governance.approve(request, bytes, admin);
                case ADMIN_PROPOSALS -> governance.proposals(view);
                case ADMIN_PROPOSAL -> governance.proposal(request, view);
                default -> throw new IllegalStateException("not an admin endpoint: " + request.endpoint());
            };
        }));
    }

    private static boolean isAdmin(GovernanceView view, ByteString key) {
        for (Authority authority : view.authority().getAuthoritiesList()) {
            if (authority.getRole().equals("admin") && authority.getPublicKey().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static AdminAuthenticator.Signature signatureHeaders(ApiRequest request) {
        return new AdminAuthenticator.Signature(request.header(AdminRequestSigning.KEY_HEADER),
                request.header(AdminRequestSigning.TIMESTAMP_HEADER), request.header(AdminRequestSigning.SIGNATURE_HEADER));
    }

    /** The path and query as sent: what the admin signed. */
    static String pathAndQuery(HttpRequest request) {
        return request.getUri().path() + request.getUri().rawQueryString().map(query -> "?" + query).orElse("");
    }

    private HttpResponse failure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof EntityStreamSizeException) {
            return HttpResponses.payloadTooLarge(settings.requestBodyBytesMax());
        }
        if (cause instanceof TimeoutException || cause instanceof org.apache.pekko.pattern.AskTimeoutException) {
            return HttpResponses.unavailable("busy", "The node did not answer in time; retry shortly.");
        }
        LOG.warn("admin request failed: {}", cause.toString());
        return HttpResponses.internalError();
    }
}
