package io.yantar.ledger.state;

import com.google.protobuf.ByteString;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.epoch.EpochRules;
import io.yantar.ledger.epoch.ValidatorChanges;
import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.ledger.account.Role;
import io.yantar.ledger.tx.ReasonCode;
import io.yantar.ledger.tx.Refusal;
import io.yantar.proto.Authority;
import io.yantar.proto.Governance;
import io.yantar.proto.GovernanceProposal;
import io.yantar.proto.LedgerAuthorityState;
import io.yantar.proto.RoleChange;
import io.yantar.proto.ValidatorInfo;
import io.yantar.proto.ValidatorSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who holds which role, the admin threshold, and governance proposals with their approvals.
 *
 * <p>An admin's governance transaction proposes a change (its transaction id becomes the
 * proposal id, and the proposer's approval counts); other admins approve it by id. When the
 * approvals of current admins reach the threshold the proposal is approved: role changes and
 * the threshold are ledger state and take effect at once; a validator change schedules the
 * next epoch's set in {@link #validatorHistory()} at the boundary {@link EpochRules} computes
 * (changes for the same boundary are merged in approval order), and is also recorded in
 * {@link #approvedValidatorChanges()}. Every method checks before it mutates, so a refused
 * transaction leaves no trace here beyond the lapse of proposals past their lifetime.
 */
public final class GovernanceState {
    private static final Comparator<ByteString> UNSIGNED = ByteString.unsignedLexicographicalComparator();
    private static final Comparator<RoleKey> ROLE_KEY_ORDER =
            Comparator.comparing(RoleKey::publicKey, UNSIGNED).thenComparing(RoleKey::role);

    private final TreeMap<RoleKey, Authority> authorities = new TreeMap<>(ROLE_KEY_ORDER);
    private final TreeMap<ByteString, GovernanceProposal> pending = new TreeMap<>(UNSIGNED);
    private final List<GovernanceProposal> approvedValidatorChanges = new ArrayList<>();
    private final EpochRules epochRules;
    private ValidatorHistory validatorHistory;
    private int adminThreshold;
    private boolean changedSinceHashed = true;

    private record RoleKey(ByteString publicKey, Role role) {
    }

    GovernanceState(List<Authority> initialAuthorities, int adminThreshold, ValidatorHistory validatorHistory,
                    EpochRules epochRules) {
        this.validatorHistory = validatorHistory;
        this.epochRules = epochRules;
        for (Authority authority : initialAuthorities) {
            Role role = Role.fromWireName(authority.getRole())
                    .orElseThrow(() -> new IllegalArgumentException("unknown role " + authority.getRole()));
            authorities.put(new RoleKey(authority.getPublicKey(), role), authority);
        }
        this.adminThreshold = adminThreshold;
    }

    /**
     * @throws IllegalArgumentException when a role is unknown or the epochs do not follow the genesis set
     */
    static GovernanceState fromProto(LedgerAuthorityState proto, ValidatorSet genesisSet, EpochRules epochRules) {
        GovernanceState state = new GovernanceState(proto.getAuthoritiesList(), proto.getAdminThreshold(),
                ValidatorHistory.of(genesisSet, proto.getEpochsList()), epochRules);
        for (GovernanceProposal proposal : proto.getPendingList()) {
            state.pending.put(proposal.getProposalId(), proposal);
        }
        state.approvedValidatorChanges.addAll(proto.getApprovedValidatorChangesList());
        return state;
    }

    public LedgerAuthorityState toProto() {
        return LedgerAuthorityState.newBuilder()
                .addAllAuthorities(authorities.values())
                .setAdminThreshold(adminThreshold)
                .addAllPending(pending.values())
                .addAllApprovedValidatorChanges(approvedValidatorChanges)
                .addAllEpochs(validatorHistory.later())
                .build();
    }

    public boolean hasRole(ByteString publicKey, Role role) {
        return authorities.containsKey(new RoleKey(publicKey, role));
    }

    public int adminThreshold() {
        return adminThreshold;
    }

    public int adminCount() {
        return (int) authorities.keySet().stream().filter(key -> key.role() == Role.ADMIN).count();
    }

    public List<Authority> authorities() {
        return List.copyOf(authorities.values());
    }

    public List<GovernanceProposal> pendingProposals() {
        return List.copyOf(pending.values());
    }

    /** Approved validator additions, removals and key replacements, in approval order. */
    public List<GovernanceProposal> approvedValidatorChanges() {
        return List.copyOf(approvedValidatorChanges);
    }

    /** The genesis set and every epoch scheduled since, the next one included once approved. */
    public ValidatorHistory validatorHistory() {
        return validatorHistory;
    }

    public EpochRules epochRules() {
        return epochRules;
    }

    Optional<Refusal> propose(ByteString proposalId, ByteString proposer, Governance change, long height,
                              LedgerLimits limits) {
        if (!hasRole(proposer, Role.ADMIN)) {
            return refuse(ReasonCode.NOT_ADMIN, "only an admin may propose a governance change");
        }
        dropLapsed(height, limits);
        if (pending.size() >= limits.pendingProposalsMax()) {
            return refuse(ReasonCode.TOO_MANY_PENDING_PROPOSALS,
                    "there are already " + pending.size() + " pending proposals");
        }
        Optional<Refusal> invalid = checkApplicable(change, height);
        if (invalid.isPresent()) {
            return invalid;
        }
        GovernanceProposal proposal = GovernanceProposal.newBuilder()
                .setProposalId(proposalId)
                .setChange(change)
                .setProposerPublicKey(proposer)
                .setProposedAtHeight(height)
                .addApprovals(proposer)
                .build();
        settle(proposal, height);
        return Optional.empty();
    }

    Optional<Refusal> approve(ByteString proposalId, ByteString approver, long height, LedgerLimits limits) {
        if (!hasRole(approver, Role.ADMIN)) {
            return refuse(ReasonCode.NOT_ADMIN, "only an admin may approve a governance change");
        }
        dropLapsed(height, limits);
        GovernanceProposal proposal = pending.get(proposalId);
        if (proposal == null) {
            return refuse(ReasonCode.UNKNOWN_PROPOSAL, "no pending proposal has this id");
        }
        if (proposal.getApprovalsList().contains(approver)) {
            return refuse(ReasonCode.DUPLICATE_APPROVAL, "this admin already approved the proposal");
        }
        List<ByteString> approvals = new ArrayList<>(proposal.getApprovalsList());
        approvals.add(approver);
        approvals.sort(UNSIGNED);
        GovernanceProposal approved = proposal.toBuilder().clearApprovals().addAllApprovals(approvals).build();
        if (countsAsApproved(approved)) {
            Optional<Refusal> invalid = checkApplicable(approved.getChange(), height);
            if (invalid.isPresent()) {
                return invalid;
            }
        }
        settle(approved, height);
        return Optional.empty();
    }

    /**
     * Proposals older than their lifetime lapse. Done when an admin's governance transaction
     * executes (the only time pending proposals matter), so it is a deterministic function of
     * the height; the transaction may still be refused afterwards, the lapse stands.
     */
    private void dropLapsed(long height, LedgerLimits limits) {
        boolean lapsed = pending.values().removeIf(
                proposal -> height - proposal.getProposedAtHeight() > limits.proposalLifetimeHeights());
        changedSinceHashed |= lapsed;
    }

    /** Records the proposal as pending, or applies it when its approvals reach the threshold. */
    private void settle(GovernanceProposal proposal, long height) {
        changedSinceHashed = true;
        if (!countsAsApproved(proposal)) {
            pending.put(proposal.getProposalId(), proposal);
            return;
        }
        pending.remove(proposal.getProposalId());
        Governance change = proposal.getChange();
        switch (change.getChangeCase()) {
            case GRANT_ROLE -> authorities.put(roleKey(change.getGrantRole()), authorityOf(change.getGrantRole()));
            case REVOKE_ROLE -> authorities.remove(roleKey(change.getRevokeRole()));
            case SET_ADMIN_THRESHOLD -> adminThreshold = change.getSetAdminThreshold();
            case ADD_VALIDATOR, REMOVE_VALIDATOR, REPLACE_VALIDATOR_KEY -> {
                approvedValidatorChanges.add(proposal.toBuilder().setApprovedAtHeight(height).build());
                scheduleEpoch(change, height);
            }
            case APPROVE, CHANGE_NOT_SET -> throw new IllegalStateException("not a proposable change: " + change);
        }
    }

    private boolean countsAsApproved(GovernanceProposal proposal) {
        long adminApprovals = proposal.getApprovalsList().stream()
                .filter(key -> hasRole(key, Role.ADMIN))
                .count();
        return adminApprovals >= adminThreshold;
    }

    /** The next epoch's set with {@code change} applied, merged into it when its boundary is the same. */
    private void scheduleEpoch(Governance change, long height) {
        EpochTarget target = epochTarget(height);
        ValidatorSet next = ValidatorSet.newBuilder()
                .setEpoch(target.epoch())
                .setStartHeight(target.startHeight())
                .addAllValidators(ValidatorChanges.apply(target.base(), change))
                .build();
        validatorHistory = validatorHistory.with(next);
    }

    /** Where a validator change approved at {@code height} lands: which epoch, from which set, after which one. */
    private record EpochTarget(long epoch, long startHeight, List<ValidatorInfo> base, ValidatorSet previous) {
    }

    private EpochTarget epochTarget(long height) {
        long start = epochRules.startHeightFor(height);
        List<ValidatorSet> epochs = validatorHistory.epochs();
        ValidatorSet latest = validatorHistory.latest();
        if (epochs.size() > 1 && latest.getStartHeight() == start) {
            return new EpochTarget(latest.getEpoch(), start, latest.getValidatorsList(), epochs.get(epochs.size() - 2));
        }
        return new EpochTarget(latest.getEpoch() + 1, start, latest.getValidatorsList(), latest);
    }

    /**
     * A change that would leave fewer admins than the threshold needs could never be undone; a
     * validator change must leave a set that can work (see {@link ValidatorChanges}).
     */
    private Optional<Refusal> checkApplicable(Governance change, long height) {
        if (ValidatorChanges.isValidatorChange(change)) {
            EpochTarget target = epochTarget(height);
            return ValidatorChanges.check(target.previous(), target.base(), change);
        }
        int admins = adminCount();
        if (change.hasSetAdminThreshold() && change.getSetAdminThreshold() > admins) {
            return refuse(ReasonCode.INVALID_ADMIN_THRESHOLD, "a threshold of " + change.getSetAdminThreshold()
                    + " exceeds the " + admins + " admins");
        }
        if (change.hasRevokeRole() && roleKey(change.getRevokeRole()).role() == Role.ADMIN
                && authorities.containsKey(roleKey(change.getRevokeRole())) && admins - 1 < adminThreshold) {
            return refuse(ReasonCode.INVALID_ADMIN_THRESHOLD, "revoking this admin would leave fewer admins ("
                    + (admins - 1) + ") than the threshold (" + adminThreshold + ")");
        }
        return Optional.empty();
    }

    boolean takeChangedSinceHashed() {
        boolean changed = changedSinceHashed;
        changedSinceHashed = false;
        return changed;
    }

    private static RoleKey roleKey(RoleChange change) {
        Role role = Role.fromWireName(change.getRole())
                .orElseThrow(() -> new IllegalStateException("role names are checked statelessly: " + change.getRole()));
        return new RoleKey(change.getPublicKey(), role);
    }

    private static Authority authorityOf(RoleChange change) {
        return Authority.newBuilder()
                .setName(change.getName())
                .setRole(change.getRole())
                .setOrganisation(change.getOrganisation())
                .setPublicKey(change.getPublicKey())
                .build();
    }

    private static Optional<Refusal> refuse(ReasonCode code, String detail) {
        return Optional.of(Refusal.of(code, detail));
    }
}
