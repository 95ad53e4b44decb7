package io.yantar.node.config;

/** A node configuration that cannot be used; the message names the key and the problem in one line. */
public final class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The full path of the offending key, e.g. {@code yantar.http.port}. */
    public String key() {
        return key;
    }
}
