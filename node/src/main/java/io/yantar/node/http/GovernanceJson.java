package io.yantar.node.http;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Hex;
import io.yantar.ledger.epoch.EpochRules;
import io.yantar.ledger.epoch.ValidatorChanges;
import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.node.LedgerQueries.GovernanceView;
import io.yantar.proto.Governance;
import io.yantar.proto.GovernanceProposal;
import io.yantar.proto.RoleChange;
import io.yantar.proto.ValidatorInfo;
import io.yantar.proto.ValidatorSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON of validator sets and governance proposals; keys and ids are lower-case hex. */
final class GovernanceJson {
    private GovernanceJson() {
    }

    record ValidatorJson(String nodeId, String organisation, String role, String publicKey, String host, int clusterPort,
                         int httpPort) {
    }

    record ValidatorSetJson(long epoch, long startHeight, int quorum, List<ValidatorJson> validators) {
    }

    /** The set deciding {@code height}, and the next epoch when one is scheduled after it. */
    record ValidatorsJson(long height, ValidatorSetJson set, ValidatorSetJson next) {
    }

    /**
     * @param state pending, approved (validator changes, kept by the ledger) or closed (see {@link #closed})
     * @param takesEffectAt for a validator change: the epoch and its start height once approved, or
     *     the start height it would get if approved in the next block; role and threshold changes
     *     take effect in the block that approves them
     */
    record ProposalJson(String id, String state, String kind, Map<String, Object> change, String proposer,
                        long proposedAtHeight, List<String> approvals, int approvalsNeeded, Long approvedAtHeight,
                        Map<String, Object> takesEffectAt) {
    }

    static ValidatorsJson validators(ValidatorHistory history, long height) {
        ValidatorSet set = history.setAt(height);
        ValidatorSetJson next = history.ofEpoch(set.getEpoch() + 1).map(GovernanceJson::set).orElse(null);
        return new ValidatorsJson(height, set(set), next);
    }

    static ValidatorSetJson set(ValidatorSet set) {
        return new ValidatorSetJson(set.getEpoch(), set.getStartHeight(), ValidatorChanges.quorumOf(set.getValidatorsCount()),
                set.getValidatorsList().stream().map(GovernanceJson::validator).toList());
    }

    static ValidatorJson validator(ValidatorInfo v) {
        return new ValidatorJson(v.getNodeId(), v.getOrganisation(), v.getRole(), hex(v.getPublicKey()), v.getHost(),
                v.getClusterPort(), v.getHttpPort());
    }

    static ProposalJson pending(GovernanceProposal proposal, GovernanceView view) {
        EpochRules rules = view.rules();
        Map<String, Object> effect = null;
        if (ValidatorChanges.isValidatorChange(proposal.getChange())) {
            effect = new LinkedHashMap<>();
            effect.put("ifApprovedInBlock", view.height() + 1);
            effect.put("startHeight", rules.startHeightFor(view.height() + 1));
        }
        return proposal(proposal, "pending", view, null, effect);
    }

    static ProposalJson approved(GovernanceProposal proposal, GovernanceView view) {
        EpochRules rules = view.rules();
        long start = rules.startHeightFor(proposal.getApprovedAtHeight());
        Map<String, Object> effect = new LinkedHashMap<>();
        effect.put("epoch", view.validators().setAt(start).getEpoch());
        effect.put("startHeight", start);
        return proposal(proposal, "approved", view, proposal.getApprovedAtHeight(), effect);
    }

    private static ProposalJson proposal(GovernanceProposal proposal, String state, GovernanceView view, Long approvedAt,
                                         Map<String, Object> effect) {
        return new ProposalJson(hex(proposal.getProposalId()), state, kind(proposal.getChange()), change(proposal.getChange()),
                hex(proposal.getProposerPublicKey()), proposal.getProposedAtHeight(),
                proposal.getApprovalsList().stream().map(GovernanceJson::hex).toList(), view.authority().getAdminThreshold(),
                approvedAt, effect);
    }

    /** A proposal the ledger no longer keeps: a role or threshold change applied when approved, or one that lapsed. */
    static Map<String, Object> closed(String id, long height, Optional<String> refusal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("state", refusal.isPresent() ? "refused" : "closed");
        body.put("height", height);
        refusal.ifPresent(reason -> body.put("reasonCode", reason));
        if (refusal.isEmpty()) {
            body.put("detail", "No longer pending: a role or threshold change took effect in the block that approved it,"
                    + " or the proposal lapsed after its lifetime.");
        }
        return body;
    }

    static String kind(Governance change) {
        return switch (change.getChangeCase()) {
            case ADD_VALIDATOR -> "add-validator";
            case REMOVE_VALIDATOR -> "remove-validator";
            case REPLACE_VALIDATOR_KEY -> "replace-key";
            case GRANT_ROLE -> "grant-role";
            case REVOKE_ROLE -> "revoke-role";
            case SET_ADMIN_THRESHOLD -> "set-threshold";
            case APPROVE -> "approve";
            case CHANGE_NOT_SET -> "none";
        };
    }

    static Map<String, Object> change(Governance change) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (change.getChangeCase()) {
            case ADD_VALIDATOR -> body.put("validator", validator(change.getAddValidator()));
            case REMOVE_VALIDATOR -> body.put("nodeId", change.getRemoveValidator());
            case REPLACE_VALIDATOR_KEY -> {
                body.put("nodeId", change.getReplaceValidatorKey().getNodeId());
                body.put("newPublicKey", hex(change.getReplaceValidatorKey().getNewPublicKey()));
                body.put("host", change.getReplaceValidatorKey().getHost());
                body.put("clusterPort", change.getReplaceValidatorKey().getClusterPort());
                body.put("httpPort", change.getReplaceValidatorKey().getHttpPort());
            }
            case GRANT_ROLE, REVOKE_ROLE -> {
                RoleChange role = change.hasGrantRole() ? change.getGrantRole() : change.getRevokeRole();
                body.put("publicKey", hex(role.getPublicKey()));
                body.put("role", role.getRole());
                body.put("name", role.getName());
                body.put("organisation", role.getOrganisation());
            }
            case SET_ADMIN_THRESHOLD -> body.put("threshold", change.getSetAdminThreshold());
            case APPROVE -> body.put("proposal", hex(change.getApprove()));
            case CHANGE_NOT_SET -> {
            }
        }
        return body;
    }

    static String hex(ByteString bytes) {
        return Hex.encode(bytes.toByteArray());
    }
}
