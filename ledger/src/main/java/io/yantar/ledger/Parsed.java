package io.yantar.ledger;

import java.util.function.Function;

/**
 * The result of reading untrusted input: a value, or the reason it was refused. Parsers
 * return this instead of throwing so that no exception escapes on bad input.
 */
public sealed interface Parsed<T> {

    record Ok<T>(T value) implements Parsed<T> {
    }

    record Rejected<T>(String reason) implements Parsed<T> {
    }

    static <T> Parsed<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Parsed<T> rejected(String reason) {
        return new Rejected<>(reason);
    }

    default boolean isOk() {
        return this instanceof Ok<T>;
    }

    /** The value; only for callers that checked {@link #isOk()} (or tests). */
    default T orThrow() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("rejected: " + ((Rejected<T>) this).reason());
    }

    default String reasonOrEmpty() {
        return this instanceof Rejected<T> rejected ? rejected.reason() : "";
    }

    default <U> Parsed<U> map(Function<T, U> mapper) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(mapper.apply(ok.value()));
        }
        return new Rejected<>(((Rejected<T>) this).reason());
    }
}
