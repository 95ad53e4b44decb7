package io.yantar.ledger.merkle;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AccountValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the state tree's leaves are (program payments: see {@link #programPaymentKey}). An account's leaf is
 * {@code H(0x00 || address || balance (8 bytes, big-endian) || next nonce (8 bytes))}. One
 * reserved key (derived from a tag, so no public key can hash to it) holds
 * {@code H(0x00 || key || H(authority state))}: roles, admin threshold and governance are
 * authenticated by the same root as the balances.
 */
public final class StateLeaves {
    private static final byte[] LEAF_TAG = {0x00};
    private static final byte[] AUTHORITY_KEY_TAG = "yantar/state/authorities/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROGRAM_PAYMENT_KEY_TAG = "yantar/state/program-payment/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAID_MARK = "paid".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEPARATOR = {0x00};

    private final CryptoSuite suite;
    private final ByteString authorityKey;

    public StateLeaves(CryptoSuite suite) {
        this.suite = suite;
        this.authorityKey = ByteString.copyFrom(Arrays.copyOf(suite.hash(AUTHORITY_KEY_TAG), Address.LENGTH));
    }

    public byte[] accountLeaf(Address address, AccountValue value) {
        return leaf(address.bytes(), accountSuffix(value));
    }

    /** Every leaf of the state tree is {@code H(0x00 || key || suffix)}, hashed as one array (one digest update). */
    public byte[] leaf(ByteString key, byte[] suffix) {
        byte[] input = new byte[1 + key.size() + suffix.length];
        input[0] = LEAF_TAG[0];
        key.copyTo(input, 1);
        System.arraycopy(suffix, 0, input, 1 + key.size(), suffix.length);
        return suite.hash(input);
    }

    /** balance (8 bytes, big-endian) || next nonce (8 bytes). */
    public static byte[] accountSuffix(AccountValue value) {
        return ByteBuffer.allocate(2 * Long.BYTES).putLong(value.balanceKopecks()).putLong(value.nextNonce()).array();
    }

    public byte[] authoritySuffix(byte[] authorityStateBytes) {
        return suite.hash(authorityStateBytes);
    }

    public static byte[] programPaymentSuffix() {
        return PAID_MARK.clone();
    }

    /**
     * The key recording that {@code beneficiary} was paid by {@code programId}: the first 20
     * bytes of {@code H("yantar/state/program-payment/v1" || 0x00 || program id || 0x00 || beneficiary)}.
     */
    public ByteString programPaymentKey(String programId, ByteString beneficiary) {
        byte[] digest = suite.hash(PROGRAM_PAYMENT_KEY_TAG, SEPARATOR, programId.getBytes(StandardCharsets.UTF_8),
                SEPARATOR, beneficiary.toByteArray());
        return ByteString.copyFrom(digest, 0, Address.LENGTH);
    }

    /** {@code H(0x00 || key || "paid")}. */
    public byte[] programPaymentLeaf(ByteString key) {
        return leaf(key, PAID_MARK);
    }

    public ByteString authorityKey() {
        return authorityKey;
    }

    public byte[] authorityLeaf(byte[] authorityStateBytes) {
        return leaf(authorityKey, authoritySuffix(authorityStateBytes));
    }
}
