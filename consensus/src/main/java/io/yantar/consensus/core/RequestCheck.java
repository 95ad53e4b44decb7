package io.yantar.consensus.core;

/** The application's stateless verdict on one request payload. */
public sealed interface RequestCheck {
    record Accepted(RequestKey key) implements RequestCheck {
    }

    record Rejected(String reason) implements RequestCheck {
    }
}
