package io.yantar.ledger.tx;

/**
 * Why a transaction was refused. Shared with the HTTP API; {@code Receipt.reason_code}
 * holds the name. Stateless codes are decided from the transaction alone (before it enters
 * a block, and again by every replica); stateful codes when its block executes.
 */
public enum ReasonCode {
    // stateless: envelope and encoding
    TX_TOO_LARGE(Stage.STATELESS, "the transaction exceeds the size limit of its kind"),
    MALFORMED(Stage.STATELESS, "the bytes are not a signed transaction"),
    UNKNOWN_FIELDS(Stage.STATELESS, "the transaction carries fields this ledger does not know"),
    NON_CANONICAL_ENCODING(Stage.STATELESS, "the bytes are not the canonical encoding of what they hold"),
    MISSING_KIND(Stage.STATELESS, "the transaction has no kind"),
    WRONG_CHAIN_ID(Stage.STATELESS, "the transaction belongs to another network"),
    MEMO_TOO_LONG(Stage.STATELESS, "the memo exceeds its byte limit"),
    BAD_PUBLIC_KEY(Stage.STATELESS, "a public key is not acceptable to the crypto suite"),
    BAD_SIGNATURE(Stage.STATELESS, "the signature does not verify"),
    // stateless: content of the kind
    INVALID_ADDRESS(Stage.STATELESS, "an address is not 20 bytes"),
    NON_POSITIVE_AMOUNT(Stage.STATELESS, "an amount is zero or negative"),
    AMOUNT_OVERFLOW(Stage.STATELESS, "the amounts add up beyond the largest representable sum"),
    EMPTY_DISBURSEMENT(Stage.STATELESS, "a disbursement has no lines"),
    TOO_MANY_LINES(Stage.STATELESS, "a disbursement has more lines than allowed"),
    DUPLICATE_BENEFICIARY(Stage.STATELESS, "a disbursement pays one beneficiary twice"),
    INVALID_PROGRAM_ID(Stage.STATELESS, "the program id is empty, too long or has characters other than a-z 0-9 . _ -"),
    INVALID_BUDGET_LINE(Stage.STATELESS, "the budget line is empty or too long"),
    INVALID_GOVERNANCE(Stage.STATELESS, "the governance change is incomplete or malformed"),
    // stateful
    NONCE_REPLAYED(Stage.STATEFUL, "the nonce was already used"),
    NONCE_AHEAD(Stage.STATEFUL, "the nonce is ahead of the account's next nonce"),
    INSUFFICIENT_FUNDS(Stage.STATEFUL, "the sender's balance does not cover the amount"),
    ALREADY_PAID_IN_PROGRAM(Stage.STATEFUL, "a beneficiary was already paid by this program"),
    NOT_ISSUER(Stage.STATEFUL, "only an issuer may issue or disburse"),
    NOT_ADMIN(Stage.STATEFUL, "only an admin may propose or approve governance changes"),
    SUPPLY_OVERFLOW(Stage.STATEFUL, "issuing would take the money supply beyond the largest amount"),
    UNKNOWN_PROPOSAL(Stage.STATEFUL, "no pending governance proposal has this id"),
    DUPLICATE_APPROVAL(Stage.STATEFUL, "this admin already approved the proposal"),
    TOO_MANY_PENDING_PROPOSALS(Stage.STATEFUL, "the limit of pending governance proposals is reached"),
    INVALID_ADMIN_THRESHOLD(Stage.STATEFUL, "the admin threshold would exceed the number of admins"),
    DUPLICATE_VALIDATOR(Stage.STATEFUL, "the node id or key already belongs to a validator"),
    UNKNOWN_VALIDATOR(Stage.STATEFUL, "no validator has this node id"),
    TOO_FEW_VALIDATORS(Stage.STATEFUL, "the change would leave fewer than 4 validators"),
    QUORUM_UNREACHABLE(Stage.STATEFUL, "the validators carried over would not make a quorum of the new set");

    public enum Stage { STATELESS, STATEFUL }

    private final Stage stage;
    private final String description;

    ReasonCode(Stage stage, String description) {
        this.stage = stage;
        this.description = description;
    }

    public Stage stage() {
        return stage;
    }

    /**
     * Whether a refusal at execution settles the transaction. Every refusal does except
     * {@link #NONCE_AHEAD}: that transaction was ordered before an earlier nonce of its sender
     * (a view change can leave such a gap, and a faulty primary can make one on purpose), it
     * changed nothing and used no nonce, so the nodes order it again once the earlier nonce
     * commits. Its id may therefore appear in several blocks; only its last receipt settles it.
     */
    public boolean settlesTransaction() {
        return this != NONCE_AHEAD;
    }

    /** Whether a receipt settles its transaction (an unknown code is taken as settling). */
    public static boolean settles(boolean success, String reasonCode) {
        if (success) {
            return true;
        }
        try {
            return valueOf(reasonCode).settlesTransaction();
        } catch (IllegalArgumentException unknownCode) {
            return true;
        }
    }

    /** One sentence for people; receipts may carry a more specific detail. */
    public String description() {
        return description;
    }
}
