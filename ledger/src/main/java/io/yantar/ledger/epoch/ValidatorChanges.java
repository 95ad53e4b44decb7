package io.yantar.ledger.epoch;

import io.yantar.ledger.tx.ReasonCode;
import io.yantar.ledger.tx.Refusal;
import io.yantar.proto.Governance;
import io.yantar.proto.ReplaceValidatorKey;
import io.yantar.proto.ValidatorInfo;
import io.yantar.proto.ValidatorSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies one validator change (add, remove, replace key) to a list of validators, and
 * refuses a change the consortium could not live with: a duplicate node id or key, an unknown
 * validator, fewer than {@link #VALIDATORS_MIN} validators, or a set whose quorum the
 * validators carried over unchanged from the previous epoch cannot reach on their own (new
 * members still catching up must not be able to stall the epoch; so at most what a quorum
 * tolerates is replaced per epoch).
 */
public final class ValidatorChanges {
    /** 3f + 1 with f = 1: fewer validators tolerate no fault at all. */
    public static final int VALIDATORS_MIN = 4;

    private ValidatorChanges() {
    }

    /** Whether {@code change} is a change of the validator set (not a role or threshold change). */
    public static boolean isValidatorChange(Governance change) {
        return change.hasAddValidator() || change.hasRemoveValidator() || change.hasReplaceValidatorKey();
    }

    /**
     * Empty when {@code change} may be applied to {@code base}, where {@code previous} is the set
     * the resulting epoch follows; else the refusal.
     */
    public static Optional<Refusal> check(ValidatorSet previous, List<ValidatorInfo> base, Governance change) {
        Optional<Refusal> shape = checkAgainst(base, change);
        if (shape.isPresent()) {
            return shape;
        }
        List<ValidatorInfo> applied = apply(base, change);
        if (applied.size() < VALIDATORS_MIN) {
            return refuse(ReasonCode.TOO_FEW_VALIDATORS, "the change leaves " + applied.size() + " validators; at least "
                    + VALIDATORS_MIN + " are needed to tolerate a faulty one");
        }
        long carried = applied.stream().filter(validator -> sameMember(previous.getValidatorsList(), validator)).count();
        int quorum = quorumOf(applied.size());
        if (carried < quorum) {
            return refuse(ReasonCode.QUORUM_UNREACHABLE, "only " + carried + " of the " + applied.size()
                    + " validators would carry over from epoch " + previous.getEpoch() + "; a quorum of " + quorum
                    + " must, so that new members catching up cannot stall the epoch");
        }
        return Optional.empty();
    }

    /** {@code base} with {@code change} applied: an added validator goes last, a replaced key keeps its place. */
    public static List<ValidatorInfo> apply(List<ValidatorInfo> base, Governance change) {
        List<ValidatorInfo> result = new ArrayList<>(base);
        switch (change.getChangeCase()) {
            case ADD_VALIDATOR -> result.add(change.getAddValidator());
            case REMOVE_VALIDATOR -> result.removeIf(v -> v.getNodeId().equals(change.getRemoveValidator()));
            case REPLACE_VALIDATOR_KEY -> {
                ReplaceValidatorKey replacement = change.getReplaceValidatorKey();
                int index = indexOf(result, replacement.getNodeId());
                result.set(index, result.get(index).toBuilder()
                        .setPublicKey(replacement.getNewPublicKey())
                        .setHost(replacement.getHost())
                        .setClusterPort(replacement.getClusterPort())
                        .setHttpPort(replacement.getHttpPort())
                        .build());
            }
            default -> throw new IllegalArgumentException("not a validator change: " + change.getChangeCase());
        }
        return List.copyOf(result);
    }

    /**
     * The certificate quorum of {@code n} validators, as the consensus core counts it:
     * {@code ceil((n + f + 1) / 2)} with {@code f = (n - 1) / 3}, so any two quorums share f + 1
     * validators, one of them honest. It is 2f + 1 when n = 3f + 1, but 4 (not 3) for n = 5.
     */
    public static int quorumOf(int n) {
        return (n + (n - 1) / 3 + 2) / 2;
    }

    private static Optional<Refusal> checkAgainst(List<ValidatorInfo> base, Governance change) {
        return switch (change.getChangeCase()) {
            case ADD_VALIDATOR -> {
                ValidatorInfo added = change.getAddValidator();
                if (indexOf(base, added.getNodeId()) >= 0) {
                    yield refuse(ReasonCode.DUPLICATE_VALIDATOR, "node id " + added.getNodeId() + " is already a validator");
                }
                yield keyInUse(base, added.getPublicKey());
            }
            case REMOVE_VALIDATOR -> indexOf(base, change.getRemoveValidator()) < 0
                    ? refuse(ReasonCode.UNKNOWN_VALIDATOR, "no validator has node id " + change.getRemoveValidator())
                    : Optional.empty();
            case REPLACE_VALIDATOR_KEY -> indexOf(base, change.getReplaceValidatorKey().getNodeId()) < 0
                    ? refuse(ReasonCode.UNKNOWN_VALIDATOR, "no validator has node id "
                    + change.getReplaceValidatorKey().getNodeId())
                    : keyInUse(base, change.getReplaceValidatorKey().getNewPublicKey());
            default -> throw new IllegalArgumentException("not a validator change: " + change.getChangeCase());
        };
    }

    private static Optional<Refusal> keyInUse(List<ValidatorInfo> base, com.google.protobuf.ByteString key) {
        return base.stream().filter(v -> v.getPublicKey().equals(key)).findFirst()
                .flatMap(holder -> refuse(ReasonCode.DUPLICATE_VALIDATOR, "the key is already validator "
                        + holder.getNodeId() + "'s"));
    }

    /** Same node id and same key: the member's votes count the same (a new address alone changes nothing). */
    private static boolean sameMember(List<ValidatorInfo> previous, ValidatorInfo validator) {
        return previous.stream().anyMatch(old -> old.getNodeId().equals(validator.getNodeId())
                && old.getPublicKey().equals(validator.getPublicKey()));
    }

    private static int indexOf(List<ValidatorInfo> validators, String nodeId) {
        for (int i = 0; i < validators.size(); i++) {
            if (validators.get(i).getNodeId().equals(nodeId)) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<Refusal> refuse(ReasonCode code, String detail) {
        return Optional.of(Refusal.of(code, detail));
    }
}
