package io.yantar.node.http;

/**
 * An error body in the {@code application/problem+json} form of RFC 9457, with Yantar's
 * machine-readable {@code code} (the ledger's reason code where there is one) and one
 * sentence for people in {@code detail}.
 */
public record Problem(String type, String title, int status, String code, String detail) {
    public static Problem of(int status, String title, String code, String detail) {
        return new Problem("urn:yantar:problem:" + code, title, status, code, detail);
    }
}
