package io.yantar.node.http;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.crypto.Hex;
import io.yantar.node.LedgerQueries;
import io.yantar.node.LedgerQueries.GovernanceView;
import io.yantar.node.LedgerQueries.TransactionStatus;
import io.yantar.node.TransactionSubmitter;
import io.yantar.node.TransactionSubmitter.Accepted;
import io.yantar.proto.GovernanceProposal;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * Governance endpoints: the validator set at a height (public), and on the admin listener the
 * proposals with their approvals, and submitting a proposal or an approval (a signed
 * GOVERNANCE transaction, from the admin that signed the request).
 */
final class GovernanceHandlers {
    private final Supplier<TransactionSubmitter> submitter;
    private final Supplier<Optional<LedgerQueries>> ledger;
    private final Duration commitWaitTimeout;
    private final int idHexLength;

    GovernanceHandlers(Supplier<TransactionSubmitter> submitter, Supplier<Optional<LedgerQueries>> ledger,
                       Duration commitWaitTimeout, int idBytes) {
        this.submitter = submitter;
        this.ledger = ledger;
        this.commitWaitTimeout = commitWaitTimeout;
        this.idHexLength = 2 * idBytes;
    }

    // ------------------------------------------------------------------ GET /v1/validators?height=

    /** The set deciding {@code height}; by default the next height to commit (the set voting now). */
    CompletionStage<HttpResponse> validators(ApiRequest request) {
        Optional<String> text = request.query("height");
        Optional<Long> height = text.flatMap(LedgerHandlers::nonNegative);
        if (text.isPresent() && height.isEmpty()) {
            return TransactionHandlers.done(HttpResponses.badRequest("bad-height",
                    "height is a whole number from 0 (was '" + TransactionHandlers.abbreviate(text.get()) + "')."));
        }
        return withLedger(queries -> queries.governance().thenApply(view -> {
            long next = view.height() + 1;
            long at = height.orElse(next);
            if (at > next) {
                return HttpResponses.problem(404, "Not Found", "height-not-reached", "Height " + at
                        + " is beyond the next height to commit (" + next + "); its validator set may still change.");
            }
            return HttpResponses.json(200, GovernanceJson.validators(view.validators(), at));
        }));
    }

    // ------------------------------------------------------------------ GET /v1/admin/proposals[/{id}]

    CompletionStage<HttpResponse> proposals(GovernanceView view) {
        List<GovernanceJson.ProposalJson> proposals = new ArrayList<>();
        view.authority().getPendingList().forEach(p -> proposals.add(GovernanceJson.pending(p, view)));
        view.authority().getApprovedValidatorChangesList().forEach(p -> proposals.add(GovernanceJson.approved(p, view)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("height", view.height());
        body.put("adminThreshold", view.authority().getAdminThreshold());
        body.put("proposals", proposals);
        return TransactionHandlers.done(HttpResponses.json(200, body));
    }

    CompletionStage<HttpResponse> proposal(ApiRequest request, GovernanceView view) {
        Optional<ByteString> id = proposalId(request.pathParameter("id"));
        if (id.isEmpty()) {
            return TransactionHandlers.done(badId(request.pathParameter("id")));
        }
        return proposalResponse(id.get(), view, 200);
    }

    private CompletionStage<HttpResponse> proposalResponse(ByteString id, GovernanceView view, int status) {
        Optional<GovernanceJson.ProposalJson> kept = find(id, view);
        if (kept.isPresent()) {
            return TransactionHandlers.done(HttpResponses.json(status, kept.get()));
        }
        return withLedger(queries -> queries.transaction(id).thenApply(tx -> {
            String hex = Hex.encode(id.toByteArray());
            if (tx.status() == TransactionStatus.UNKNOWN) {
                return HttpResponses.notFound("No proposal or governance transaction " + hex + " is known to this node.");
            }
            if (tx.status() == TransactionStatus.PENDING) {
                return HttpResponses.json(status, Map.of("id", hex, "state", "submitted"));
            }
            Optional<String> refusal = tx.receipt().filter(r -> !r.getSuccess()).map(r -> r.getReasonCode());
            return HttpResponses.json(status, GovernanceJson.closed(hex, tx.height(), refusal));
        }));
    }

    private static Optional<GovernanceJson.ProposalJson> find(ByteString id, GovernanceView view) {
        for (GovernanceProposal pending : view.authority().getPendingList()) {
            if (pending.getProposalId().equals(id)) {
                return Optional.of(GovernanceJson.pending(pending, view));
            }
        }
        for (GovernanceProposal approved : view.authority().getApprovedValidatorChangesList()) {
            if (approved.getProposalId().equals(id)) {
                return Optional.of(GovernanceJson.approved(approved, view));
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ POST /v1/admin/proposals[/{id}/approvals]

    /** A governance change (not an approval) signed by the admin who signed the request. */
    CompletionStage<HttpResponse> propose(ApiRequest request, byte[] body, ByteString admin) {
        return submitGovernance(request, body, admin, Optional.empty());
    }

    /** An approval of the proposal in the path, signed by the admin who signed the request. */
    CompletionStage<HttpResponse> approve(ApiRequest request, byte[] body, ByteString admin) {
        Optional<ByteString> id = proposalId(request.pathParameter("id"));
        if (id.isEmpty()) {
            return TransactionHandlers.done(badId(request.pathParameter("id")));
        }
        return submitGovernance(request, body, admin, id);
    }

    private CompletionStage<HttpResponse> submitGovernance(ApiRequest request, byte[] body, ByteString admin,
                                                           Optional<ByteString> approving) {
        Optional<String> wait = request.query("wait");
        if (wait.isPresent() && !wait.get().equals("commit")) {
            return TransactionHandlers.done(HttpResponses.badRequest("bad-parameter",
                    "wait must be 'commit' (was '" + TransactionHandlers.abbreviate(wait.get()) + "')."));
        }
        SignedTransactionDecoder.Decoded decoded = SignedTransactionDecoder.decode(request.bodySubType(), body);
        if (decoded instanceof SignedTransactionDecoder.Malformed malformed) {
            return TransactionHandlers.done("unsupported-media-type".equals(malformed.code())
                    ? HttpResponses.problem(415, "Unsupported Media Type", malformed.code(), malformed.detail())
                    : HttpResponses.badRequest(malformed.code(), malformed.detail()));
        }
        SignedTransaction signed = ((SignedTransactionDecoder.Ok) decoded).transaction();
        Transaction tx;
        try {
            tx = Transaction.parseFrom(signed.getTransaction());
        } catch (InvalidProtocolBufferException e) {
            return TransactionHandlers.done(HttpResponses.badRequest("MALFORMED", "The signed bytes are not a transaction."));
        }
        Optional<HttpResponse> misfit = misfit(tx, admin, approving);
        if (misfit.isPresent()) {
            return TransactionHandlers.done(misfit.get());
        }
        return submitter.get().submit(signed).thenCompose(submission -> {
            if (!(submission instanceof Accepted accepted)) {
                return TransactionHandlers.done(TransactionHandlers.submissionResponse(submission));
            }
            ByteString txId = ByteString.copyFrom(Hex.decode(accepted.transactionId()));
            ByteString proposalId = approving.orElse(txId);
            if (wait.isEmpty()) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("id", accepted.transactionId());
                answer.put("status", accepted.status());
                answer.put("proposal", "/v1/admin/proposals/" + Hex.encode(proposalId.toByteArray()));
                return TransactionHandlers.done(HttpResponses.json(202, answer));
            }
            return awaitCommit(txId, proposalId);
        });
    }

    private CompletionStage<HttpResponse> awaitCommit(ByteString txId, ByteString proposalId) {
        return withLedger(queries -> queries.awaitCommit(txId, commitWaitTimeout).thenCompose(view -> {
            if (view.status() != TransactionStatus.COMMITTED) {
                Map<String, Object> pending = new LinkedHashMap<>();
                pending.put("id", Hex.encode(txId.toByteArray()));
                pending.put("status", "pending");
                pending.put("detail", "Not committed within " + commitWaitTimeout.toMillis() + " ms.");
                return TransactionHandlers.done(HttpResponses.json(504, pending));
            }
            if (view.receipt().isPresent() && !view.receipt().get().getSuccess()) {
                return TransactionHandlers.done(HttpResponses.problem(422, "Unprocessable Content",
                        view.receipt().get().getReasonCode(), view.receipt().get().getDetail()));
            }
            return queries.governance().thenCompose(governance -> proposalResponse(proposalId, governance, 200));
        }));
    }

    /** Why this transaction does not belong on this route, if it does not. */
    private static Optional<HttpResponse> misfit(Transaction tx, ByteString admin, Optional<ByteString> approving) {
        if (!tx.hasGovernance()) {
            return Optional.of(HttpResponses.badRequest("not-governance", "The transaction is not a GOVERNANCE transaction."));
        }
        if (!tx.getSenderPublicKey().equals(admin)) {
            return Optional.of(HttpResponses.problem(403, "Forbidden", "signer-mismatch",
                    "The transaction is signed by another key than the admin request."));
        }
        boolean isApproval = tx.getGovernance().hasApprove();
        if (approving.isEmpty() && isApproval) {
            return Optional.of(HttpResponses.badRequest("not-a-proposal",
                    "An approval goes to POST /v1/admin/proposals/{id}/approvals."));
        }
        if (approving.isPresent() && (!isApproval || !tx.getGovernance().getApprove().equals(approving.get()))) {
            return Optional.of(HttpResponses.badRequest("approval-mismatch",
                    "The transaction does not approve the proposal named in the path."));
        }
        return Optional.empty();
    }

    private Optional<ByteString> proposalId(String text) {
        if (text == null || text.length() != idHexLength || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return Optional.empty();
        }
        return Optional.of(ByteString.copyFrom(Hex.decode(text)));
    }

    private HttpResponse badId(String text) {
        return HttpResponses.badRequest("bad-id", "A proposal id is " + idHexLength + " lower-case hex digits (was '"
                + TransactionHandlers.abbreviate(text) + "').");
    }

    private CompletionStage<HttpResponse> withLedger(java.util.function.Function<LedgerQueries, CompletionStage<HttpResponse>> handler) {
        return ledger.get().map(handler).orElseGet(() -> TransactionHandlers.done(LedgerHandlers.noLedger()));
    }
}
