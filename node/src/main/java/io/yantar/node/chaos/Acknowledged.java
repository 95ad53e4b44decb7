package io.yantar.node.chaos;

/** A payment a client saw answered "committed" (HTTP 200 with a successful receipt), and when. */
record Acknowledged(String txId, String sender, long nonce, String recipient, long kopecks, long atMillis) {
}
