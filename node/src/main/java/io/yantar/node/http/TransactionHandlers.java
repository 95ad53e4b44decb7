package io.yantar.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.yantar.crypto.Hex;
import io.yantar.node.LedgerQueries;
import io.yantar.node.LedgerQueries.TransactionStatus;
import io.yantar.node.TransactionSubmitter;
import io.yantar.node.TransactionSubmitter.Accepted;
import io.yantar.node.TransactionSubmitter.AccountBusy;
import io.yantar.node.TransactionSubmitter.Overloaded;
import io.yantar.node.TransactionSubmitter.Refused;
import io.yantar.node.TransactionSubmitter.Submission;
import io.yantar.node.TransactionSubmitter.Unavailable;
import io.yantar.proto.ReceiptBundle;
import io.yantar.proto.RequestBatch;
import io.yantar.proto.SignedTransaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Transaction endpoints: submission (one, or a batch, optionally waiting for the commit),
 * status with receipt, and the offline-verifiable receipt bundle.
 */
final class TransactionHandlers {
    /** The reason code of a payment refused because its sender has too many pending at this node. */
    static final String ACCOUNT_PENDING_LIMIT = "account-pending-limit";
    static final String PROTOBUF = "application/x-protobuf";

    private final Supplier<TransactionSubmitter> submitter;
    private final Supplier<Optional<LedgerQueries>> ledger;
    private final LedgerJson json;
    private final Duration commitWaitTimeout;
    private final int batchTransactionsMax;
    private final int idHexLength;

    TransactionHandlers(Supplier<TransactionSubmitter> submitter, Supplier<Optional<LedgerQueries>> ledger, LedgerJson json,
                        Duration commitWaitTimeout, int batchTransactionsMax, int idBytes) {
        this.submitter = submitter;
        this.ledger = ledger;
        this.json = json;
        this.commitWaitTimeout = commitWaitTimeout;
        this.batchTransactionsMax = batchTransactionsMax;
        this.idHexLength = 2 * idBytes;
    }

    // ------------------------------------------------------------------ POST /v1/transactions

    CompletionStage<HttpResponse> submit(ApiRequest request) {
        Optional<String> wait = request.query("wait");
        if (wait.isPresent() && !wait.get().equals("commit")) {
            return done(HttpResponses.badRequest("bad-parameter", "wait must be 'commit' (was '" + wait.get() + "')."));
        }
        String subType = request.bodySubType();
        return request.body().thenCompose(body -> {
            SignedTransactionDecoder.Decoded decoded = SignedTransactionDecoder.decode(subType, body.toArray());
            if (decoded instanceof SignedTransactionDecoder.Malformed malformed) {
                return done(malformedResponse(malformed));
            }
            SignedTransactionDecoder.Ok ok = (SignedTransactionDecoder.Ok) decoded;
            return submitter.get().submit(ok.transaction()).thenCompose(submission -> wait.isPresent() && submission instanceof Accepted accepted
                    ? awaitCommit(accepted)
                    : done(submissionResponse(submission)));
        });
    }

    private CompletionStage<HttpResponse> awaitCommit(Accepted accepted) {
        Optional<LedgerQueries> queries = ledger.get();
        if (queries.isEmpty()) {
            return done(submissionResponse(accepted));
        }
        ByteString id = ByteString.copyFrom(Hex.decode(accepted.transactionId()));
        return queries.get().awaitCommit(id, commitWaitTimeout).thenApply(view -> {
            if (view.status() == TransactionStatus.COMMITTED) {
                return HttpResponses.json(200, json.transaction(view));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", accepted.transactionId());
            body.put("status", "pending");
            body.put("detail", "Not committed within " + commitWaitTimeout.toMillis() + " ms; poll GET /v1/transactions/"
                    + accepted.transactionId() + ".");
            return HttpResponses.json(504, body);
        });
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static HttpResponse submissionResponse(Submission submission) {
        if (submission instanceof Accepted accepted) {
            return HttpResponses.json(202, Map.of("id", accepted.transactionId(), "status", accepted.status()));
        }
        if (submission instanceof Refused refused) {
            return HttpResponses.badRequest(refused.reasonCode(), refused.detail());
        }
        if (submission instanceof Overloaded overloaded) {
            return HttpResponses.overloaded(overloaded.retryAfter());
        }
        if (submission instanceof AccountBusy busy) {
            return HttpResponses.tooManyRequests(ACCOUNT_PENDING_LIMIT, capitalised(busy.detail()) + ".", busy.retryAfter());
        }
        return HttpResponses.unavailable("unavailable", ((Unavailable) submission).detail());
    }

    private static HttpResponse malformedResponse(SignedTransactionDecoder.Malformed malformed) {
        return "unsupported-media-type".equals(malformed.code())
                ? HttpResponses.problem(415, "Unsupported Media Type", malformed.code(), malformed.detail())
                : HttpResponses.badRequest(malformed.code(), malformed.detail());
    }

    // ------------------------------------------------------------------ POST /v1/transactions/batch

    /** One result per item, in order; the batch itself answers 200 once its items could be read. */
    CompletionStage<HttpResponse> submitBatch(ApiRequest request) {
        String subType = request.bodySubType();
        return request.body().thenCompose(body -> {
            BatchItems items = readBatch(subType, body.toArray());
            if (items.problem() != null) {
                return done(items.problem());
            }
            List<SignedTransaction> wellFormed = new ArrayList<>();
            for (SignedTransactionDecoder.Decoded item : items.decoded()) {
                if (item instanceof SignedTransactionDecoder.Ok ok) {
                    wellFormed.add(ok.transaction());
                }
            }
            // The well-formed items go to consensus together, so they travel to the peers as one message.
            CompletionStage<List<Map<String, Object>>> results = submitter.get().submitAll(wellFormed).thenApply(submissions -> {
                List<Map<String, Object>> list = new ArrayList<>(items.decoded().size());
                Iterator<Submission> answers = submissions.iterator();
                for (int index = 0; index < items.decoded().size(); index++) {
                    SignedTransactionDecoder.Decoded item = items.decoded().get(index);
                    list.add(item instanceof SignedTransactionDecoder.Malformed malformed
                            ? malformedItem(index, malformed) : submittedItem(index, answers.next()));
                }
                return list;
            });
            return results.thenApply(list -> HttpResponses.json(200, Map.of("results", list)));
        });
    }

    private record BatchItems(List<SignedTransactionDecoder.Decoded> decoded, HttpResponse problem) {
    }

    private BatchItems readBatch(String subType, byte[] body) {
        List<SignedTransactionDecoder.Decoded> decoded = new ArrayList<>();
        if ("json".equals(subType)) {
            JsonNode array;
            try {
                array = HttpResponses.json().readTree(body);
            } catch (IOException e) {
                return new BatchItems(null, HttpResponses.badRequest("malformed-batch", "The body is not JSON: "
                        + SignedTransactionDecoder.oneLine(e.getMessage())));
            }
            if (array == null || !array.isArray()) {
                return new BatchItems(null, HttpResponses.badRequest("malformed-batch", "The body must be a JSON array of signed transactions."));
            }
            if (array.size() > batchTransactionsMax) {
                return new BatchItems(null, tooMany(array.size()));
            }
            array.forEach(element -> decoded.add(SignedTransactionDecoder.decode("json", element.toString().getBytes(StandardCharsets.UTF_8))));
        } else if (SignedTransactionDecoder.PROTOBUF_SUBTYPE.equals(subType) || "octet-stream".equals(subType)) {
            RequestBatch batch;
            try {
                batch = RequestBatch.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                return new BatchItems(null, HttpResponses.badRequest("malformed-batch",
                        "The body is not a RequestBatch of SignedTransaction bytes: " + SignedTransactionDecoder.oneLine(e.getMessage())));
            }
            if (batch.getPayloadsCount() > batchTransactionsMax) {
                return new BatchItems(null, tooMany(batch.getPayloadsCount()));
            }
            batch.getPayloadsList().forEach(payload -> decoded.add(SignedTransactionDecoder.decode(SignedTransactionDecoder.PROTOBUF_SUBTYPE,
                    payload.toByteArray())));
        } else {
            return new BatchItems(null, HttpResponses.problem(415, "Unsupported Media Type", "unsupported-media-type",
                    "Send application/json or application/x-protobuf, not application/" + subType + "."));
        }
        if (decoded.isEmpty()) {
            return new BatchItems(null, HttpResponses.badRequest("malformed-batch", "The batch holds no transactions."));
        }
        return new BatchItems(decoded, null);
    }

    private HttpResponse tooMany(int count) {
        return HttpResponses.problem(413, "Content Too Large", "batch-too-large",
                "A batch holds at most " + batchTransactionsMax + " transactions (got " + count + ").");
    }

    private static Map<String, Object> malformedItem(int index, SignedTransactionDecoder.Malformed malformed) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("index", index);
        result.put("status", "malformed");
        result.put("code", malformed.code());
        result.put("detail", malformed.detail());
        return result;
    }

    private static Map<String, Object> submittedItem(int index, Submission submission) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("index", index);
        if (submission instanceof Accepted accepted) {
            result.put("id", accepted.transactionId());
            result.put("status", accepted.status());
        } else if (submission instanceof Refused refused) {
            result.put("status", "refused");
            result.put("code", refused.reasonCode());
            result.put("detail", refused.detail());
        } else if (submission instanceof Overloaded overloaded) {
            result.put("status", "overloaded");
            result.put("retryAfterSeconds", Math.max(1, (overloaded.retryAfter().toMillis() + 999) / 1000));
        } else if (submission instanceof AccountBusy busy) {
            result.put("status", "refused");
            result.put("code", ACCOUNT_PENDING_LIMIT);
            result.put("detail", busy.detail());
            result.put("retryAfterSeconds", Math.max(1, (busy.retryAfter().toMillis() + 999) / 1000));
        } else {
            result.put("status", "unavailable");
            result.put("detail", ((Unavailable) submission).detail());
        }
        return result;
    }

    // ------------------------------------------------------------------ GET /v1/transactions/{id}[/proof]

    CompletionStage<HttpResponse> status(ApiRequest request) {
        return withId(request, (queries, id) -> queries.transaction(id).thenApply(view -> view.status() == TransactionStatus.UNKNOWN
                ? unknown(id)
                : HttpResponses.json(200, json.transaction(view))));
    }

    /**
     * 404 for an unknown id; 409 with {@code Retry-After} while the transaction is pending or
     * committed but its block's checkpoint certificate has not formed yet (a few ms at K = 1).
     */
    CompletionStage<HttpResponse> proof(ApiRequest request) {
        boolean binary = request.acceptsProtobuf();
        return withId(request, (queries, id) -> queries.transaction(id).thenCompose(view -> switch (view.status()) {
            case UNKNOWN -> done(unknown(id));
            case PENDING -> done(notYet("not-yet-committed", "The transaction is pending; its proof exists once it commits."));
            case COMMITTED -> queries.proof(id).thenApply(bundle -> bundle
                    .map(found -> bundleResponse(found, binary))
                    .orElseGet(() -> notYet("not-yet-certified",
                            "The transaction is committed at height " + view.height() + " but its checkpoint certificate is not formed yet.")));
        }));
    }

    private static HttpResponse bundleResponse(ReceiptBundle bundle, boolean binary) {
        if (binary) {
            return HttpResponse.create().withStatus(StatusCodes.OK)
                    .withEntity(ContentTypes.create(MediaTypes.applicationBinary("x-protobuf", false)),
                            bundle.toByteArray());
        }
        try {
            return HttpResponse.create().withStatus(StatusCodes.OK)
                    .withEntity(ContentTypes.APPLICATION_JSON, JsonFormat.printer().print(bundle).getBytes(StandardCharsets.UTF_8));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a receipt bundle could not be printed as JSON", e);
        }
    }

    private static HttpResponse notYet(String code, String detail) {
        return HttpResponses.problem(409, "Conflict", code, detail).addHeader(RawHeader.create("Retry-After", "1"));
    }

    private static HttpResponse unknown(ByteString id) {
        return HttpResponses.problem(404, "Not Found", "unknown-transaction",
                "This node knows no transaction " + LedgerJson.hex(id) + ".");
    }

    private interface IdHandler {
        CompletionStage<HttpResponse> handle(LedgerQueries queries, ByteString id);
    }

    private CompletionStage<HttpResponse> withId(ApiRequest request, IdHandler handler) {
        String text = request.pathParameter("id");
        if (text.length() != idHexLength || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return done(HttpResponses.badRequest("malformed-id",
                    "A transaction id is " + idHexLength + " lower-case hex digits (was '" + abbreviate(text) + "')."));
        }
        Optional<LedgerQueries> queries = ledger.get();
        if (queries.isEmpty()) {
            return done(LedgerHandlers.noLedger());
        }
        return handler.handle(queries.get(), ByteString.copyFrom(Hex.decode(text)));
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    static CompletionStage<HttpResponse> done(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
