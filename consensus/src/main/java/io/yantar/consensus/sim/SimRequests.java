package io.yantar.consensus.sim;

import io.yantar.consensus.core.Bytes;

/**
 * Simulated client requests: {@code id (8 bytes) || tag (8 bytes) || padding}. The tag is a keyed
 * hash of the id under the clients' secret, which Byzantine strategies do not have: they can
 * replay real requests but not invent new ones that pass the stateless check.
 */
final class SimRequests {
    static final int HEADER_BYTES = 16;

    private final long clientSecret;

    SimRequests(long clientSecret) {
        this.clientSecret = clientSecret;
    }

    Bytes payload(long id, int sizeBytes) {
        byte[] out = new byte[Math.max(HEADER_BYTES, sizeBytes)];
        write(out, 0, id);
        write(out, 8, tag(id));
        return Bytes.wrap(out);
    }

    /** The request id when the payload carries a valid tag, else -1. */
    long idOf(Bytes payload) {
        if (payload.length() < HEADER_BYTES) {
            return -1;
        }
        long id = read(payload, 0);
        return read(payload, 8) == tag(id) && id >= 0 ? id : -1;
    }

    private long tag(long id) {
        return Hash64.mix(clientSecret ^ Hash64.mix(id));
    }

    private static void write(byte[] out, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    private static long read(Bytes bytes, int offset) {
        long out = 0;
        for (int i = 0; i < 8; i++) {
            out = (out << 8) | (bytes.at(offset + i) & 0xff);
        }
        return out;
    }
}
