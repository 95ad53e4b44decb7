package io.yantar.node.http;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.proto.AdminRequest;

/**
 * The bytes an admin signs (domain {@code ADMIN_REQUEST}) to call the admin listener: the
 * chain, method, path with query, timestamp and the hash of the body, so one signature
 * authorises exactly one request on one network. Shared by the node and the CLI.
 */
public final class AdminRequestSigning {
    public static final String KEY_HEADER = "Yantar-Admin-Key";
    public static final String TIMESTAMP_HEADER = "Yantar-Admin-Timestamp";
    public static final String SIGNATURE_HEADER = "Yantar-Admin-Signature";

    private AdminRequestSigning() {
    }

    public static byte[] signedBytes(CryptoSuite suite, String chainId, String method, String pathAndQuery,
                                     long timestampMillis, byte[] body) {
        return Canonical.bytes(AdminRequest.newBuilder()
                .setChainId(chainId)
                .setMethod(method)
                .setPath(pathAndQuery)
                .setTimestampMillis(timestampMillis)
                .setBodyHash(ByteString.copyFrom(suite.hash(body)))
                .build());
    }
}
