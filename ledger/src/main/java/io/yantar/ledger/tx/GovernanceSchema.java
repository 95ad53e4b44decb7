package io.yantar.ledger.tx;

import static io.yantar.ledger.tx.KindRules.refuse;
import static io.yantar.ledger.tx.KindRules.utf8Length;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.account.Role;
import io.yantar.proto.Governance;
import io.yantar.proto.ReplaceValidatorKey;
import io.yantar.proto.RoleChange;
import io.yantar.proto.ValidatorInfo;
import java.util.Optional;

/**
 * The schema of governance changes, checked statelessly. Whether the sender may propose or
 * approve, and what approval does, is decided at execution ({@code GovernanceState}).
 */
final class GovernanceSchema {
    private static final int PORT_MAX = 65_535;

    private final CryptoSuite suite;
    private final LedgerLimits limits;

    GovernanceSchema(CryptoSuite suite, LedgerLimits limits) {
        this.suite = suite;
        this.limits = limits;
    }

    Optional<Refusal> check(Governance governance) {
        return switch (governance.getChangeCase()) {
            case ADD_VALIDATOR -> checkValidator(governance.getAddValidator());
            case REMOVE_VALIDATOR -> checkText(governance.getRemoveValidator(), "the node id to remove", true);
            case REPLACE_VALIDATOR_KEY -> checkKeyReplacement(governance.getReplaceValidatorKey());
            case GRANT_ROLE -> checkRoleChange(governance.getGrantRole());
            case REVOKE_ROLE -> checkRoleChange(governance.getRevokeRole());
            case SET_ADMIN_THRESHOLD -> governance.getSetAdminThreshold() >= 1
                    ? Optional.empty()
                    : invalid("the admin threshold must be at least 1");
            case APPROVE -> governance.getApprove().size() == suite.hashLength()
                    ? Optional.empty()
                    : invalid("an approval names a proposal id of " + suite.hashLength() + " bytes");
            case CHANGE_NOT_SET -> invalid("the governance transaction names no change");
        };
    }

    private Optional<Refusal> checkValidator(ValidatorInfo validator) {
        return firstOf(
                checkText(validator.getNodeId(), "the validator's node id", true),
                checkText(validator.getOrganisation(), "the validator's organisation", true),
                checkText(validator.getRole(), "the validator's role", false),
                checkKey(validator.getPublicKey(), "the validator's key"),
                checkEndpoint(validator.getHost(), validator.getClusterPort(), validator.getHttpPort()));
    }

    private Optional<Refusal> checkKeyReplacement(ReplaceValidatorKey replacement) {
        return firstOf(
                checkText(replacement.getNodeId(), "the validator's node id", true),
                checkKey(replacement.getNewPublicKey(), "the validator's new key"),
                checkEndpoint(replacement.getHost(), replacement.getClusterPort(), replacement.getHttpPort()));
    }

    private Optional<Refusal> checkRoleChange(RoleChange change) {
        if (Role.fromWireName(change.getRole()).isEmpty()) {
            return invalid("role '" + change.getRole() + "' is neither 'issuer' nor 'admin'");
        }
        return firstOf(
                checkKey(change.getPublicKey(), "the key whose role changes"),
                checkText(change.getName(), "the authority's name", false),
                checkText(change.getOrganisation(), "the authority's organisation", false));
    }

    private Optional<Refusal> checkEndpoint(String host, int clusterPort, int httpPort) {
        Optional<Refusal> hostRefusal = checkText(host, "the validator's host", true);
        if (hostRefusal.isPresent()) {
            return hostRefusal;
        }
        if (clusterPort < 1 || clusterPort > PORT_MAX || httpPort < 1 || httpPort > PORT_MAX) {
            return invalid("ports must be between 1 and " + PORT_MAX);
        }
        return Optional.empty();
    }

    private Optional<Refusal> checkKey(ByteString key, String what) {
        if (!suite.isAcceptablePublicKey(key.toByteArray())) {
            return refuse(ReasonCode.BAD_PUBLIC_KEY, what + " is not an acceptable public key");
        }
        return Optional.empty();
    }

    private Optional<Refusal> checkText(String text, String what, boolean required) {
        int bytes = utf8Length(text);
        if (required && bytes == 0) {
            return invalid(what + " is required");
        }
        if (bytes > limits.governanceTextBytesMax()) {
            return invalid(what + " exceeds " + limits.governanceTextBytesMax() + " bytes");
        }
        return Optional.empty();
    }

    @SafeVarargs
    private static Optional<Refusal> firstOf(Optional<Refusal>... checks) {
        for (Optional<Refusal> check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> invalid(String detail) {
        return refuse(ReasonCode.INVALID_GOVERNANCE, detail);
    }
}
