package io.yantar.node;

/** A node that could not start; the message says why in one line. */
public final class NodeStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeStartException(String message) {
        super(message);
    }
}
