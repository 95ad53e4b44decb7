package io.yantar.node.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Writes the TLS material of a new consortium: a CA (its key offline in {@code ca.key}), the
 * CA truststore, and per node a keystore with a certificate from that CA. Every password is
 * 24 random bytes in a 0600 file beside its store, so node configuration files hold no secret.
 */
public final class ConsortiumTlsWriter {
    /** The CA outlives node certificates, so nodes can be re-issued without a new truststore. */
    public static final Duration CA_VALIDITY = Duration.ofDays(10 * 365);
    public static final Duration NODE_CERTIFICATE_VALIDITY = Duration.ofDays(2 * 365);
    /** Certificates start an hour before issue so a peer whose clock is slightly behind accepts them. */
    public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofHours(1);
    private static final int PASSWORD_BYTES = 24;

    /** A node to certify: its id (subject CN and file names), organisation (subject O) and the host peers dial. */
    public record NodeIdentity(String nodeId, String organisation, String host) {
    }

    private final SecureRandom random;

    public ConsortiumTlsWriter(SecureRandom random) {
        this.random = random;
    }

    /** Writes every file of {@code files} for {@code nodes}; returns the CA (for callers that print or test it). */
    public ConsortiumCa write(ConsortiumTlsFiles files, String chainId, List<NodeIdentity> nodes, Instant issuedAt) throws IOException {
        Files.createDirectories(files.dir());
        Instant notBefore = issuedAt.minus(CLOCK_SKEW_ALLOWANCE);
        ConsortiumCa ca = ConsortiumCa.create(chainId, notBefore, CA_VALIDITY, random);
        OwnerOnlyFiles.create(files.caKey(), pem("PRIVATE KEY", ca.keyPair().getPrivate().getEncoded()));
        try {
            Files.write(files.caCertificate(), pem("CERTIFICATE", ca.certificate().getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot encode the CA certificate: " + e.getMessage(), e);
        }
        char[] trustPassword = newPassword();
        OwnerOnlyFiles.create(files.caTrustStorePassword(), passwordFile(trustPassword));
        Pkcs12Stores.writeTrustStore(files.caTrustStore(), trustPassword, ca.certificate());
        for (NodeIdentity node : nodes) {
            writeNode(ca, files, node, issuedAt);
        }
        return ca;
    }

    /**
     * Issues one node's certificate from an existing {@code ca} ({@code yantar tls sign-node}):
     * writes its keystore and password file into {@code out}, and the CA truststore with its
     * password file when {@code out} has none yet. Refuses (nothing written) when the node's
     * keystore or password file already exists.
     */
    public void writeNodeWithTrustStore(ConsortiumCa ca, ConsortiumTlsFiles out, NodeIdentity node, Instant issuedAt) throws IOException {
        for (Path existing : List.of(out.keyStore(node.nodeId()), out.keyStorePassword(node.nodeId()))) {
            if (Files.exists(existing)) {
                throw new java.nio.file.FileAlreadyExistsException(existing.toString(), null,
                        "a certificate for " + node.nodeId() + " was already issued here; refusing to overwrite it");
            }
        }
        Files.createDirectories(out.dir());
        if (!Files.exists(out.caTrustStore())) {
            char[] trustPassword = newPassword();
            OwnerOnlyFiles.create(out.caTrustStorePassword(), passwordFile(trustPassword));
            Pkcs12Stores.writeTrustStore(out.caTrustStore(), trustPassword, ca.certificate());
        }
        writeNode(ca, out, node, issuedAt);
    }

    private void writeNode(ConsortiumCa ca, ConsortiumTlsFiles files, NodeIdentity node, Instant issuedAt) throws IOException {
        ConsortiumCa.NodeCertificate certificate = ca.issue(node.nodeId(), node.organisation(), node.host(),
                issuedAt.minus(CLOCK_SKEW_ALLOWANCE), NODE_CERTIFICATE_VALIDITY, random);
        char[] password = newPassword();
        OwnerOnlyFiles.create(files.keyStorePassword(node.nodeId()), passwordFile(password));
        Pkcs12Stores.writeKeyStore(files.keyStore(node.nodeId()), password, certificate, ca.certificate());
    }

    private char[] newPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private static byte[] passwordFile(char[] password) {
        return (new String(password) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }
}
