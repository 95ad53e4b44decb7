package io.yantar.node.http;

import io.yantar.ledger.Parsed;
import io.yantar.ledger.account.Address;
import io.yantar.node.LedgerQueries;
import io.yantar.node.LedgerQueries.BlockView;
import io.yantar.proto.BlockHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** Read endpoints over the executed ledger: blocks with their certificates, and accounts with their proofs. */
final class LedgerHandlers {
    private static final int BLOCKS_PAGE_DEFAULT = 20;

    private final Supplier<Optional<LedgerQueries>> ledger;
    private final LedgerJson json;
    private final int blocksPageMax;

    LedgerHandlers(Supplier<Optional<LedgerQueries>> ledger, LedgerJson json, int blocksPageMax) {
        this.ledger = ledger;
        this.json = json;
        this.blocksPageMax = blocksPageMax;
    }

    static HttpResponse noLedger() {
        return HttpResponses.unavailable("unavailable", "This node runs no ledger yet (no replica, or still starting); retry shortly.");
    }

    CompletionStage<HttpResponse> latestBlock(ApiRequest request) {
        return withLedger(queries -> {
            long height = queries.tip().height();
            if (height == 0) {
                return TransactionHandlers.done(HttpResponses.problem(404, "Not Found", "no-block", "No block has been committed yet."));
            }
            return blockResponse(queries, height);
        });
    }

    CompletionStage<HttpResponse> block(ApiRequest request) {
        Optional<Long> height = nonNegative(request.pathParameter("height"));
        if (height.isEmpty() || height.get() == 0) {
            return TransactionHandlers.done(HttpResponses.badRequest("bad-height",
                    "A block height is a whole number from 1 (was '" + TransactionHandlers.abbreviate(request.pathParameter("height")) + "')."));
        }
        return withLedger(queries -> blockResponse(queries, height.get()));
    }

    private CompletionStage<HttpResponse> blockResponse(LedgerQueries queries, long height) {
        return queries.block(height).thenApply(found -> found
                .map(view -> HttpResponses.json(200, json.block(view)))
                .orElseGet(() -> unknownBlock(height, queries.tip().height())));
    }

    private static HttpResponse unknownBlock(long height, long tip) {
        return HttpResponses.problem(404, "Not Found", "unknown-block",
                "No block at height " + height + " on this node (its committed height is " + tip + ").");
    }

    /** {@code from} (default 1) and {@code limit} (default 20, at most blocks-page-max); {@code next} is where the next page starts. */
    CompletionStage<HttpResponse> blocks(ApiRequest request) {
        Optional<Long> from = nonNegative(request.query("from").orElse("1"));
        if (from.isEmpty() || from.get() == 0) {
            return TransactionHandlers.done(HttpResponses.badRequest("bad-parameter", "from must be a whole number from 1."));
        }
        Optional<Long> limit = nonNegative(request.query("limit").orElse(Integer.toString(Math.min(BLOCKS_PAGE_DEFAULT, blocksPageMax))));
        if (limit.isEmpty() || limit.get() < 1 || limit.get() > blocksPageMax) {
            return TransactionHandlers.done(HttpResponses.badRequest("bad-parameter", "limit must be a whole number from 1 to " + blocksPageMax + "."));
        }
        return withLedger(queries -> {
            long tip = queries.tip().height();
            long last = Math.min(tip, from.get() + limit.get() - 1);
            CompletionStage<List<Object>> page = CompletableFuture.completedFuture(new ArrayList<>());
            for (long height = from.get(); height <= last; height++) {
                long wanted = height;
                page = page.thenCompose(list -> queries.block(wanted).thenApply(found -> {
                    found.map(json::block).ifPresent(list::add);
                    return list;
                }));
            }
            return page.thenApply(list -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("from", from.get());
                body.put("height", tip);
                body.put("blocks", list);
                body.put("next", last < tip ? Long.valueOf(last + 1) : null);
                return HttpResponses.json(200, body);
            });
        });
    }

    /**
     * Balance, nonce and the state proof against the header of the node's latest executed block.
     * An address the ledger has never seen answers {@code exists: false} with a zero balance.
     */
    CompletionStage<HttpResponse> account(ApiRequest request) {
        String text = request.pathParameter("address");
        Parsed<Address> parsed = json.addresses().parse(text);
        if (parsed instanceof Parsed.Rejected<Address> rejected) {
            return TransactionHandlers.done(HttpResponses.badRequest("bad-address", capitalised(rejected.reason()) + "."));
        }
        Address address = parsed.orThrow();
        return withLedger(queries -> queries.account(address.bytes()).thenCompose(view -> {
            long height = view.map(v -> v.proofHeader().getHeight()).orElse(queries.tip().height());
            CompletionStage<Optional<BlockView>> block = height == 0
                    ? CompletableFuture.completedFuture(Optional.empty())
                    : queries.block(height);
            return block.thenApply(found -> {
                BlockHeader header = view.map(LedgerQueries.AccountView::proofHeader)
                        .orElseGet(() -> found.map(b -> b.block().getBlock().getHeader())
                                .orElse(BlockHeader.newBuilder().setHeight(height).build()));
                return HttpResponses.json(200, json.account(text, view, header, found.flatMap(BlockView::checkpoint)));
            });
        }));
    }

    private CompletionStage<HttpResponse> withLedger(Function<LedgerQueries, CompletionStage<HttpResponse>> handler) {
        return ledger.get().map(handler).orElseGet(() -> TransactionHandlers.done(noLedger()));
    }

    static Optional<Long> nonNegative(String text) {
        if (text == null || text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    private static String capitalised(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
