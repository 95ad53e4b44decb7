package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import io.yantar.ledger.tx.PayloadValidator;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.ledger.tx.Validation;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stateless validation, signature included, at most once per transaction per replica: a
 * payload is checked when a client or a peer first hands it in, again when a pre-prepare
 * carries it and again when its block executes. The verdict is a function of the bytes
 * alone, so it is cached by transaction id. Bounded: the cache is cleared when full (a miss
 * only costs a re-verification).
 *
 * <p>Block execution is the last reader of a verdict, so it reads through {@link #lastUse()},
 * which drops the entry: the cache then holds only transactions not executed yet, instead of
 * every transaction of the last few minutes (each verdict keeps the parsed transaction, about
 * a kilobyte, which under load filled the heap and made every young collection copy them).
 */
final class CachingPayloadValidator implements PayloadValidator {
    private final StatelessValidator validator;
    private final StatelessValidator trustingSignatures;
    private final int entriesMax;
    private final ConcurrentHashMap<ByteString, Validation> verdicts = new ConcurrentHashMap<>();
    private final SignatureCheckMeter fullValidations;

    /** @param onFullValidation told for every cache miss: a full validation, signature verification included */
    CachingPayloadValidator(StatelessValidator validator, int entriesMax, Runnable onFullValidation) {
        this(validator, entriesMax, SignatureCheckMeter.counting(onFullValidation));
    }

    /** @param fullValidations meters every cache miss: a full validation, signature verification included */
    CachingPayloadValidator(StatelessValidator validator, int entriesMax, SignatureCheckMeter fullValidations) {
        this.validator = validator;
        this.trustingSignatures = validator.trustingSignatures();
        this.entriesMax = entriesMax;
        this.fullValidations = fullValidations;
    }

    public ByteString txId(ByteString payload) {
        return validator.txId(payload);
    }

    /** The sender and nonce the payload claims, unchecked: see {@link StatelessValidator#claimedOrigin}. */
    Optional<StatelessValidator.ClaimedOrigin> claimedOrigin(ByteString payload) {
        return validator.claimedOrigin(payload);
    }

    /**
     * The verdict for {@code payload}; a payload being checked on another thread is not checked
     * again here: this caller waits for that verdict. The forwarded copy of a payment and the
     * proposal carrying it reach their two verifiers at about the same time under load, and both
     * used to verify it (4.3 checks by the verifiers for every 1 at admission in a profile, against
     * 3 with four nodes).
     */
    @Override
    public Validation validate(ByteString payload) {
        ByteString txId = validator.txId(payload);
        Validation cached = verdicts.get(txId);
        if (cached != null) {
            return cached;
        }
        if (verdicts.size() >= entriesMax) {
            verdicts.clear();
        }
        return verdicts.computeIfAbsent(txId, id -> fullValidations.measure(() -> validator.validate(payload)));
    }

    /** This validator for block execution: the verdict is read one last time, then forgotten. */
    PayloadValidator lastUse() {
        return payload -> {
            Validation verdict = validate(payload);
            verdicts.remove(verdict.txId());
            return verdict;
        };
    }

    /**
     * This validator for executing a certified block (fetched by state transfer after its commit
     * certificate verified, or re-executed from this node's block store): a verdict held is read
     * one last time and forgotten; otherwise the payload is checked without its signature
     * ({@link StatelessValidator#trustingSignatures()}), and nothing is cached.
     */
    PayloadValidator lastUseOfCertified() {
        return payload -> {
            Validation cached = verdicts.remove(validator.txId(payload));
            return cached != null ? cached : trustingSignatures.validate(payload);
        };
    }

    /** Verdicts held, for tests. */
    int size() {
        return verdicts.size();
    }
}
