package io.yantar.consensus.core;

import java.util.Arrays;

/**
 * Immutable bytes with value equality: digests, signatures, payloads and request keys. The core
 * compares and hashes these constantly, so the hash is computed once, on first use: most
 * payloads decoded from the wire are never hashed at all.
 */
public final class Bytes implements Comparable<Bytes> {
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] value;
    /** 0 until computed (a racy but idempotent cache, as in {@link String#hashCode()}). */
    private int hash;

    private Bytes(byte[] value) {
        this.value = value;
    }

    /** Copies {@code bytes}, so later changes to the array do not reach this value. */
    public static Bytes copyOf(byte[] bytes) {
        return new Bytes(bytes.clone());
    }

    /** Takes ownership of {@code bytes}: the caller must never modify the array again. */
    public static Bytes wrap(byte[] bytes) {
        return new Bytes(bytes);
    }

    public static Bytes ofLong(long value) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (56 - 8 * i));
        }
        return new Bytes(out);
    }

    public int length() {
        return value.length;
    }

    public byte at(int index) {
        return value[index];
    }

    public byte[] toArray() {
        return value.clone();
    }

    /** The first eight bytes as a big-endian long (zero-padded), a cheap fingerprint. */
    public long prefixLong() {
        long out = 0;
        for (int i = 0; i < 8; i++) {
            out = (out << 8) | (i < value.length ? (value[i] & 0xff) : 0);
        }
        return out;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Bytes that)) {
            return false;
        }
        int mine = hash;
        int theirs = that.hash;
        return (mine == 0 || theirs == 0 || mine == theirs) && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && value.length > 0) {
            h = Arrays.hashCode(value);
            hash = h;
        }
        return h;
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(value, other.value);
    }

    /** Hex of at most the first eight bytes: enough to tell digests apart in a trace. */
    @Override
    public String toString() {
        int shown = Math.min(8, value.length);
        StringBuilder out = new StringBuilder(shown * 2 + 2);
        for (int i = 0; i < shown; i++) {
            out.append(HEX[(value[i] >> 4) & 0xf]).append(HEX[value[i] & 0xf]);
        }
        if (shown < value.length) {
            out.append("..");
        }
        return out.toString();
    }
}
