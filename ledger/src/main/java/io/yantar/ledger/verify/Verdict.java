package io.yantar.ledger.verify;

/** What a verifier concludes: accepted, or refused with the first reason found. */
public sealed interface Verdict {

    record Accepted() implements Verdict {
    }

    record Refused(String reason) implements Verdict {
    }

    static Verdict accepted() {
        return new Accepted();
    }

    static Verdict refused(String reason) {
        return new Refused(reason);
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }
}
