package io.yantar.node.config;

import java.nio.file.Path;
import java.util.List;

/** How a node's Artery links to its peers are protected (the {@code yantar.tls} section). */
public sealed interface TransportSecurity {

    /** Plain TCP: no authentication of links. Only for networks generated with {@code --no-tls}. */
    record PlainTcp() implements TransportSecurity {
    }

    /**
     * Artery over TLSv1.3, both ends presenting a certificate from the consortium CA.
     *
     * @param keyStorePassword also the key's password (PKCS#12 has one)
     * @param hostnameVerification a peer's certificate must name the host it is dialled at
     */
    record MutualTls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword, boolean hostnameVerification)
            implements TransportSecurity {
        public static final String PROTOCOL = "TLSv1.3";
        /** The TLSv1.3 cipher suites of JSSE on Java 17; Pekko's default list names TLSv1.2 suites only. */
        public static final List<String> CIPHER_SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
                "TLS_CHACHA20_POLY1305_SHA256");

        /** Never prints the passwords. */
        @Override
        public String toString() {
            return "MutualTls[keyStore=" + keyStore + ", trustStore=" + trustStore + ", hostnameVerification=" + hostnameVerification + "]";
        }
    }
}
