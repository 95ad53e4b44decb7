package io.yantar.node.http;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.Hex;
import io.yantar.crypto.SignatureDomain;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Authenticates a call to the admin listener by an admin key's signature, not a password:
 * the headers {@code Yantar-Admin-Key} (hex public key), {@code Yantar-Admin-Timestamp}
 * (milliseconds since 1970) and {@code Yantar-Admin-Signature} (hex) sign
 * {@link AdminRequestSigning#signedBytes}. Refused: 401 when unsigned, malformed, outside the
 * timestamp window, badly signed or replayed within the window; 403 when the key is not an
 * admin of the ledger. A signed request is remembered until its timestamp leaves the window,
 * so the same request is served at most once; the memory is bounded (503 when full of
 * requests still inside the window).
 */
public final class AdminAuthenticator {
    private final CryptoSuite suite;
    private final String chainId;
    private final long windowMillis;
    private final LongSupplier clockMillis;
    private final int rememberedMax;
    /** Hash of (key, signed bytes) -> the time it leaves the window; insertion order. */
    private final LinkedHashMap<ByteString, Long> seen = new LinkedHashMap<>();

    public sealed interface Outcome {
    }

    public record Authenticated(ByteString adminKey) implements Outcome {
    }

    public record Refused(int status, String code, String detail) implements Outcome {
    }

    /** The headers of one request, as sent (absent ones empty). */
    public record Signature(Optional<String> key, Optional<String> timestamp, Optional<String> signature) {
    }

    public AdminAuthenticator(CryptoSuite suite, String chainId, Duration window, LongSupplier clockMillis, int rememberedMax) {
        this.suite = suite;
        this.chainId = chainId;
        this.windowMillis = window.toMillis();
        this.clockMillis = clockMillis;
        this.rememberedMax = rememberedMax;
    }

    public Outcome authenticate(String method, String pathAndQuery, Signature headers, byte[] body,
                                Predicate<ByteString> isAdmin) {
        if (headers.key().isEmpty() || headers.timestamp().isEmpty() || headers.signature().isEmpty()) {
            return unauthorised("admin-signature-missing", "Admin requests carry the headers "
                    + AdminRequestSigning.KEY_HEADER + ", " + AdminRequestSigning.TIMESTAMP_HEADER + " and "
                    + AdminRequestSigning.SIGNATURE_HEADER + ".");
        }
        Optional<byte[]> key = hex(headers.key().get());
        Optional<byte[]> signature = hex(headers.signature().get());
        Optional<Long> timestamp = millis(headers.timestamp().get());
        if (key.isEmpty() || signature.isEmpty() || timestamp.isEmpty() || !suite.isAcceptablePublicKey(key.get())) {
            return unauthorised("admin-signature-malformed", "The admin key and signature are hex, the timestamp "
                    + "is milliseconds since 1970, and the key must be a " + suite.id() + " public key.");
        }
        long now = clockMillis.getAsLong();
        if (Math.abs(now - timestamp.get()) > windowMillis) {
            return unauthorised("admin-request-expired", "The admin timestamp is " + (now - timestamp.get())
                    + " ms away from this node's clock; at most " + windowMillis + " ms are accepted.");
        }
        byte[] signed = AdminRequestSigning.signedBytes(suite, chainId, method, pathAndQuery, timestamp.get(), body);
        if (!suite.verify(key.get(), SignatureDomain.ADMIN_REQUEST, signed, signature.get())) {
            return unauthorised("admin-signature-invalid", "The admin signature does not verify over this request "
                    + "(method, path with query, timestamp and body on chain " + chainId + ").");
        }
        ByteString adminKey = ByteString.copyFrom(key.get());
        if (!isAdmin.test(adminKey)) {
            return new Refused(403, "not-admin", "The key " + abbreviated(headers.key().get())
                    + " does not hold the admin role in the ledger.");
        }
        return remember(adminKey, signed, timestamp.get() + windowMillis, now);
    }

    private synchronized Outcome remember(ByteString adminKey, byte[] signed, long forgetAtMillis, long now) {
        for (Iterator<Map.Entry<ByteString, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() < now) {
                it.remove();
            }
        }
        ByteString id = ByteString.copyFrom(suite.hash(adminKey.concat(ByteString.copyFrom(signed)).toByteArray()));
        if (seen.containsKey(id)) {
            return unauthorised("admin-request-replayed", "This signed admin request was already served; sign it again "
                    + "with a new timestamp.");
        }
        if (seen.size() >= rememberedMax) {
            return new Refused(503, "admin-busy", "Too many admin requests inside the timestamp window; retry shortly.");
        }
        seen.put(id, forgetAtMillis);
        return new Authenticated(adminKey);
    }

    private static Refused unauthorised(String code, String detail) {
        return new Refused(401, code, detail);
    }

    private static Optional<byte[]> hex(String text) {
        if (text.isEmpty() || text.length() > 1024) {
            return Optional.empty();
        }
        try {
            return Optional.of(Hex.decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> millis(String text) {
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    private static String abbreviated(String hexKey) {
        return hexKey.length() <= 16 ? hexKey : hexKey.substring(0, 16) + "…";
    }
}
