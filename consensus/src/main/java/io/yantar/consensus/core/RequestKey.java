package io.yantar.consensus.core;

/** What makes two requests the same request (client id + nonce, or the payload hash): chosen by the application. */
public record RequestKey(Bytes value) {
}
