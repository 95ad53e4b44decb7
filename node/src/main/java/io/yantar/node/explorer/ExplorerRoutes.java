package io.yantar.node.explorer;

import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.Parsed;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.node.LedgerQueries;
import io.yantar.node.http.HttpResponses;
import io.yantar.node.http.NodeRoutes;
import io.yantar.node.http.NodeStatusService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The web explorer every node serves: the page at {@code /} (plain ES modules and CSS from
 * the {@code web/} resources, no build step, nothing from elsewhere) and the few reads it needs
 * that the API lacks: {@code GET /v1/genesis} (the validator keys the page verifies
 * certificates against), {@code GET /v1/programs} and
 * {@code GET /v1/accounts/{address}/transactions}, both computed from committed blocks.
 * Routes here reject what they do not match, so the API router behind them answers the rest.
 */
public final class ExplorerRoutes extends AllDirectives {
    /** "METHOD /path" of the /v1 endpoints added here, for the OpenAPI check. */
    public static final List<String> API_OPERATIONS = List.of(
            "GET /v1/genesis", "GET /v1/programs", "GET /v1/accounts/{address}/transactions");

    /** The page talks to its own node only; no inline script, so an injected string cannot run. */
    private static final List<HttpHeader> PAGE_HEADERS = List.of(
            RawHeader.create("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'"),
            RawHeader.create("X-Content-Type-Options", "nosniff"),
            RawHeader.create("Cache-Control", "no-cache"));

    private final Supplier<Optional<LedgerQueries>> ledger;
    private final NodeStatusService status;
    private final CryptoSuite suite;
    private final AddressCodec addresses;
    private final ExplorerSettings settings;
    private final ExplorerIndex index;
    private ExplorerFeed feed;

    ExplorerRoutes(Supplier<Optional<LedgerQueries>> ledger, NodeStatusService status, CryptoSuite suite, ExplorerSettings settings) {
        this.ledger = ledger;
        this.status = status;
        this.suite = suite;
        this.addresses = new AddressCodec(suite);
        this.settings = settings;
        this.index = new ExplorerIndex(suite, settings);
    }

    /** The hook {@link NodeRoutes} mounts in front of the API router. */
    public static Route create(NodeRoutes.Dependencies dependencies) {
        ExplorerSettings settings = ExplorerSettings.from(dependencies.system().settings().config());
        return new ExplorerRoutes(dependencies.ledger(), dependencies.status(), dependencies.suite(), settings).routes();
    }

    Route routes() {
        return concat(
                pathSingleSlash(() -> get(() -> startingFeed(() -> respondWithHeaders(PAGE_HEADERS,
                        () -> getFromResource("web/index.html", ContentTypes.TEXT_HTML_UTF8))))),
                pathPrefix("web", () -> get(() -> respondWithHeaders(PAGE_HEADERS, () -> getFromResourceDirectory("web")))),
                path(PathMatchers.segment("v1").slash("genesis"), () -> get(() -> completeWithFuture(genesis()))),
                path(PathMatchers.segment("v1").slash("programs"), () -> get(() -> completeWithFuture(programs()))),
                path(PathMatchers.segment("v1").slash("accounts").slash(PathMatchers.segment()).slash("transactions"),
                        address -> get(() -> completeWithFuture(history(address)))));
    }

    /** Opening the page starts the index, so it is ready by the time the visitor asks for programs or a history. */
    private Route startingFeed(Supplier<Route> inner) {
        startFeed();
        return inner.get();
    }

    private CompletionStage<HttpResponse> genesis() {
        Optional<LedgerQueries> queries = ledger.get();
        if (queries.isEmpty()) {
            return done(noLedger());
        }
        return status.status().thenCombine(queries.get().governance(), (node, governance) -> HttpResponses.json(200,
                ExplorerJson.genesis(node.chainId(), suite, governance.validators().genesis())));
    }

    private CompletionStage<HttpResponse> programs() {
        Optional<ExplorerFeed> started = startFeed();
        if (started.isEmpty()) {
            return done(noLedger());
        }
        return caughtUp(started.get()).thenApply(height -> HttpResponses.json(200, ExplorerJson.programs(height, index.programs())));
    }

    private CompletionStage<HttpResponse> history(String addressText) {
        Parsed<Address> parsed = addresses.parse(addressText);
        if (parsed instanceof Parsed.Rejected<Address> rejected) {
            return done(HttpResponses.badRequest("malformed-address", "Not an address: " + rejected.reason() + "."));
        }
        Optional<ExplorerFeed> started = startFeed();
        if (started.isEmpty()) {
            return done(noLedger());
        }
        Address address = ((Parsed.Ok<Address>) parsed).value();
        return caughtUp(started.get()).thenApply(height -> HttpResponses.json(200, ExplorerJson.history(addressText, height,
                index.history(address.bytes()), addresses)));
    }

    /** The index follows the ledger from the first request on; empty while the replica has not started. */
    private synchronized Optional<ExplorerFeed> startFeed() {
        if (feed == null) {
            Optional<LedgerQueries> queries = ledger.get();
            if (queries.isEmpty()) {
                return Optional.empty();
            }
            feed = new ExplorerFeed(index, queries.get(), settings.pendingBlocksMax());
            feed.start();
        }
        return Optional.of(feed);
    }

    private CompletionStage<Long> caughtUp(ExplorerFeed started) {
        return started.caughtUp(settings.catchUpWait(), settings.catchUpWaitersMax());
    }

    private static HttpResponse noLedger() {
        return HttpResponses.unavailable("no-ledger", "The node's ledger is not running yet; retry shortly.");
    }

    private static CompletionStage<HttpResponse> done(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
