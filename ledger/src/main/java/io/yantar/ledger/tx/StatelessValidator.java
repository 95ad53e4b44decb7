package io.yantar.ledger.tx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.SignatureDomain;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.account.Address;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import java.util.Optional;

/**
 * Stateless validation: everything that can be decided from the bytes alone. Cheap checks
 * run first (size before parsing, the signature last); never throws on any input.
 */
public final class StatelessValidator implements PayloadValidator {
    private final CryptoSuite suite;
    private final String chainId;
    private final LedgerLimits limits;
    private final KindRules kindRules;
    private final boolean checksSignature;

    public StatelessValidator(CryptoSuite suite, String chainId, LedgerLimits limits) {
        this(suite, chainId, limits, true);
    }

    private StatelessValidator(CryptoSuite suite, String chainId, LedgerLimits limits, boolean checksSignature) {
        this.suite = suite;
        this.chainId = chainId;
        this.limits = limits;
        this.kindRules = new KindRules(suite, limits);
        this.checksSignature = checksSignature;
    }

    /**
     * Every check but the sender's signature, for the transactions of a block whose commit
     * certificate was verified (or of a block this node stored after it did): 2f+1 validators,
     * f+1 of them honest, accepted it only after verifying every signature in it, and the
     * proposal digest the certificate signs binds its bytes, signatures included. The other checks
     * stay: they are cheap and decide how the transaction executes.
     */
    public StatelessValidator trustingSignatures() {
        return new StatelessValidator(suite, chainId, limits, false);
    }

    /** The id of a payload: suite hash of its (canonical) SignedTransaction bytes. */
    public ByteString txId(ByteString payload) {
        return ByteString.copyFrom(suite.hash(payload.toByteArray()));
    }

    /** Who a payload says sent it, and with which nonce: read without any check, signature included. */
    public record ClaimedOrigin(Address sender, long nonce) {
    }

    /**
     * The sender and nonce a payload claims, parsed without validating anything: cheap enough to
     * drop a copy of an executed payment before its signature is checked. Only a refusal may rest
     * on it (a claimed nonce already used can never execute, signed or not); empty when the bytes
     * do not parse.
     */
    public Optional<ClaimedOrigin> claimedOrigin(ByteString payload) {
        if (payload.size() > limits.disbursementBytesMax()) {
            return Optional.empty();
        }
        try {
            Transaction tx = Transaction.parseFrom(SignedTransaction.parseFrom(payload).getTransaction());
            return Optional.of(new ClaimedOrigin(Address.ofPublicKey(suite, tx.getSenderPublicKey()), tx.getNonce()));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    @Override
    public Validation validate(ByteString payload) {
        ByteString txId = txId(payload);
        if (payload.size() > limits.disbursementBytesMax()) {
            return invalid(ReasonCode.TX_TOO_LARGE, txId,
                    "the transaction is " + payload.size() + " bytes, the limit is " + limits.disbursementBytesMax());
        }
        SignedTransaction signed;
        Transaction tx;
        try {
            signed = SignedTransaction.parseFrom(payload);
            tx = Transaction.parseFrom(signed.getTransaction());
        } catch (InvalidProtocolBufferException e) {
            return invalid(ReasonCode.MALFORMED, txId, "the bytes do not parse as a signed transaction");
        }
        Optional<Refusal> refusal = checkEncoding(payload, signed, tx)
                .or(() -> checkEnvelope(payload, tx))
                .or(() -> kindRules.check(tx))
                .or(() -> checksSignature ? checkSignature(signed, tx) : Optional.empty());
        if (refusal.isPresent()) {
            return new Validation.Invalid(txId, refusal.get().code(), refusal.get().detail());
        }
        Address sender = Address.ofPublicKey(suite, tx.getSenderPublicKey());
        return new Validation.Valid(new ValidatedTransaction(txId, payload, tx, sender));
    }

    private Optional<Refusal> checkEncoding(ByteString payload, SignedTransaction signed, Transaction tx) {
        if (UnknownFields.anyIn(signed) || UnknownFields.anyIn(tx)) {
            return Optional.of(Refusal.of(ReasonCode.UNKNOWN_FIELDS, "the transaction carries unknown fields"));
        }
        if (!ByteString.copyFrom(Canonical.bytes(signed)).equals(payload)
                || !ByteString.copyFrom(Canonical.bytes(tx)).equals(signed.getTransaction())) {
            return Optional.of(Refusal.of(ReasonCode.NON_CANONICAL_ENCODING,
                    "the bytes differ from the canonical encoding of the transaction"));
        }
        return Optional.empty();
    }

    private Optional<Refusal> checkEnvelope(ByteString payload, Transaction tx) {
        if (tx.getKindCase() == Transaction.KindCase.KIND_NOT_SET) {
            return Optional.of(Refusal.of(ReasonCode.MISSING_KIND, "the transaction has no kind"));
        }
        if (tx.getKindCase() != Transaction.KindCase.DISBURSE && payload.size() > limits.transactionBytesMax()) {
            return Optional.of(Refusal.of(ReasonCode.TX_TOO_LARGE, "the transaction is " + payload.size()
                    + " bytes, the limit is " + limits.transactionBytesMax()));
        }
        if (!chainId.equals(tx.getChainId())) {
            return Optional.of(Refusal.of(ReasonCode.WRONG_CHAIN_ID,
                    "the transaction is for chain '" + tx.getChainId() + "', this is '" + chainId + "'"));
        }
        if (KindRules.utf8Length(tx.getMemo()) > limits.memoBytesMax()) {
            return Optional.of(Refusal.of(ReasonCode.MEMO_TOO_LONG, "the memo exceeds " + limits.memoBytesMax() + " bytes"));
        }
        if (!suite.isAcceptablePublicKey(tx.getSenderPublicKey().toByteArray())) {
            return Optional.of(Refusal.of(ReasonCode.BAD_PUBLIC_KEY, "the sender key is not acceptable"));
        }
        return Optional.empty();
    }

    private Optional<Refusal> checkSignature(SignedTransaction signed, Transaction tx) {
        boolean valid = suite.verify(tx.getSenderPublicKey().toByteArray(), SignatureDomain.TRANSACTION,
                signed.getTransaction().toByteArray(), signed.getSignature().toByteArray());
        return valid
                ? Optional.empty()
                : Optional.of(Refusal.of(ReasonCode.BAD_SIGNATURE, "the signature does not verify under the sender key"));
    }

    private static Validation invalid(ReasonCode code, ByteString txId, String detail) {
        return new Validation.Invalid(txId, code, detail);
    }
}
