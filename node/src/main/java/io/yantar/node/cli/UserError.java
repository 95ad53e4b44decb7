package io.yantar.node.cli;

/** A problem the user can fix (bad input, a file in the way); printed as one line, exit code 1. */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message);
    }
}
