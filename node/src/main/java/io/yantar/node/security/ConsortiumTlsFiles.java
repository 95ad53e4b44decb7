package io.yantar.node.security;

import java.nio.file.Path;

/**
 * Where the consortium's TLS material lives in a network folder ({@code DIR/tls}). Each node
 * needs only its own keystore with its password file, and the CA truststore with its password
 * file; {@code ca.key} belongs offline with the consortium's operators.
 */
public record ConsortiumTlsFiles(Path dir) {
    /** The CA certificate alone, as the PKCS#12 truststore every node loads. */
    public Path caTrustStore() {
        return dir.resolve("ca.p12");
    }

    public Path caTrustStorePassword() {
        return dir.resolve("ca.p12.password");
    }

    /** The CA private key (PEM PKCS#8); not needed by nodes, only to issue certificates. */
    public Path caKey() {
        return dir.resolve("ca.key");
    }

    /** The CA certificate (PEM) for operators and tools ({@code openssl x509 -in ca.crt -noout -text}). */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    public Path keyStore(String nodeId) {
        return dir.resolve(nodeId + ".p12");
    }

    public Path keyStorePassword(String nodeId) {
        return dir.resolve(nodeId + ".p12.password");
    }
}
