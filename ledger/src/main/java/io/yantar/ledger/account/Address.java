package io.yantar.ledger.account;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.Hex;
import java.nio.charset.StandardCharsets;

/**
 * An account: the first 20 bytes of the suite hash of {@code "yantar/address/v1" || public key}.
 * The text form with its checksum is {@link AddressCodec}'s job.
 */
public record Address(ByteString bytes) implements Comparable<Address> {
    public static final int LENGTH = 20;
    private static final byte[] DERIVATION_TAG = "yantar/address/v1".getBytes(StandardCharsets.US_ASCII);

    public Address {
        if (bytes.size() != LENGTH) {
            throw new IllegalArgumentException("an address is " + LENGTH + " bytes, got " + bytes.size());
        }
    }

    public static Address ofPublicKey(CryptoSuite suite, ByteString publicKey) {
        byte[] digest = suite.hash(DERIVATION_TAG, publicKey.toByteArray());
        return new Address(ByteString.copyFrom(digest, 0, LENGTH));
    }

    public static boolean isAddressBytes(ByteString bytes) {
        return bytes.size() == LENGTH;
    }

    @Override
    public int compareTo(Address other) {
        return ByteString.unsignedLexicographicalComparator().compare(bytes, other.bytes);
    }

    /** Hex of the raw bytes (no prefix, no checksum): for logs and proofs. */
    @Override
    public String toString() {
        return Hex.encode(bytes.toByteArray());
    }
}
