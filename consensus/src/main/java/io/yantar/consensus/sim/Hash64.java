package io.yantar.consensus.sim;

import io.yantar.consensus.core.Bytes;

/** A small, fast 64-bit hash accumulator for the simulator's fake digests and signatures (not cryptographic). */
final class Hash64 {
    private long state;

    Hash64(long seed) {
        this.state = seed ^ 0x9E3779B97F4A7C15L;
    }

    Hash64 add(long value) {
        state = Long.rotateLeft(state ^ mix(value), 27) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        return this;
    }

    Hash64 add(boolean value) {
        return add(value ? 1 : 0);
    }

    Hash64 add(Bytes bytes) {
        add(bytes.length());
        long word = 0;
        int filled = 0;
        for (int i = 0; i < bytes.length(); i++) {
            word = (word << 8) | (bytes.at(i) & 0xff);
            if (++filled == 8) {
                add(word);
                word = 0;
                filled = 0;
            }
        }
        return filled > 0 ? add(word) : this;
    }

    long value() {
        return mix(state);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
