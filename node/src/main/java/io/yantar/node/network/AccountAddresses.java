package io.yantar.node.network;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Account address of a public key, as the ledger specifies it: the first 20 bytes of the
 * suite hash of {@code "yantar/address/v1" || public key}. Kept behind this one method until
 * the ledger's {@code io.yantar.ledger.account.Address} is installed for the node to use.
 */
public final class AccountAddresses {
    public static final int LENGTH = 20;
    private static final byte[] DERIVATION_TAG = "yantar/address/v1".getBytes(StandardCharsets.US_ASCII);

    private AccountAddresses() {
    }

    public static ByteString of(CryptoSuite suite, byte[] publicKey) {
        return ByteString.copyFrom(Arrays.copyOf(suite.hash(DERIVATION_TAG, publicKey), LENGTH));
    }
}
