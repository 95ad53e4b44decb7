package io.yantar.bench.load;

/** A payment signed before the clock starts: its id (hex), its SignedTransaction bytes and the node it goes to. */
public record SignedPayment(String id, byte[] payload, int node) {
}
