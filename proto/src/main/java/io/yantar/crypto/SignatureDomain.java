package io.yantar.crypto;

import java.nio.charset.StandardCharsets;

/**
 * Domain separation: a signature made for one purpose can never be replayed as another
 * (a transaction signature as a consensus vote, say). The tag is prefixed to the signed
 * bytes as {@code tag || 0x00 || message}.
 */
public enum SignatureDomain {
    TRANSACTION("yantar/tx/v1"),
    CONSENSUS("yantar/consensus/v1"),
    ADMIN_REQUEST("yantar/admin-request/v1");

    private final byte[] prefix;

    SignatureDomain(String tag) {
        byte[] tagBytes = tag.getBytes(StandardCharsets.US_ASCII);
        this.prefix = new byte[tagBytes.length + 1];
        System.arraycopy(tagBytes, 0, prefix, 0, tagBytes.length);
    }

    /** {@code tag || 0x00 || message}: the bytes a suite actually signs. */
    public byte[] bind(byte[] message) {
        byte[] bound = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, bound, 0, prefix.length);
        System.arraycopy(message, 0, bound, prefix.length, message.length);
        return bound;
    }
}
