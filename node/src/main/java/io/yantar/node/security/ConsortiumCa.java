package io.yantar.node.security;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The consortium's certificate authority for links between nodes: an ECDSA P-256 key and a
 * self-signed CA certificate (path length 0), issuing one ECDSA P-256 certificate per node
 * with the node's host as subject alternative name, usable as TLS server and client.
 * P-256 with SHA-256 is what JSSE's TLSv1.3 accepts on every Java 17 (Ed25519 certificates are
 * not offered in its signature schemes by default). Keys come from the JDK's SunEC provider;
 * Bouncy Castle's PKIX builds and signs the certificates.
 */
public record ConsortiumCa(KeyPair keyPair, X509Certificate certificate) {
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final String CURVE = "secp256r1";
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    /** A node's TLS identity: its key pair and the certificate the CA issued for it. */
    public record NodeCertificate(KeyPair keyPair, X509Certificate certificate) {
    }

    /** A new CA for chain {@code chainId}, valid from {@code notBefore} for {@code validity}. */
    public static ConsortiumCa create(String chainId, Instant notBefore, Duration validity, SecureRandom random) {
        try {
            KeyPair keys = newKeyPair(random);
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Yantar consortium " + chainId)
                    .addRDN(BCStyle.CN, "Yantar consortium CA " + chainId)
                    .build();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(random), Date.from(notBefore),
                    Date.from(notBefore.plus(validity)), name, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new ConsortiumCa(keys, sign(builder, keys, random));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the consortium CA: " + e.getMessage(), e);
        }
    }

    /**
     * A certificate for node {@code nodeId} of {@code organisation}, reachable at {@code host}
     * (an IP literal becomes an IP address name, anything else a DNS name, so hostname
     * verification succeeds for the address peers dial).
     */
    public NodeCertificate issue(String nodeId, String organisation, String host, Instant notBefore, Duration validity, SecureRandom random) {
        try {
            KeyPair keys = newKeyPair(random);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, organisation)
                    .addRDN(BCStyle.CN, nodeId)
                    .build();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(random), Date.from(notBefore),
                    Date.from(notBefore.plus(validity)), subject, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAlternativeName(host)));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
            return new NodeCertificate(keys, sign(builder, keyPair, random));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + nodeId + ": " + e.getMessage(), e);
        }
    }

    /** An IP address name for an IP literal ({@code [::1]} written with or without brackets), a DNS name otherwise. */
    static GeneralName subjectAlternativeName(String host) {
        String unbracketed = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return IP_LITERAL.matcher(unbracketed).matches()
                ? new GeneralName(GeneralName.iPAddress, unbracketed)
                : new GeneralName(GeneralName.dNSName, host);
    }

    /**
     * The CA of an existing network from its PEM files ({@code tls/ca.key}, PKCS#8, and
     * {@code tls/ca.crt}), as {@code yantar genesis} wrote them.
     *
     * @throws IOException naming the file that is missing or unreadable, or when the key does not belong to the certificate
     */
    public static ConsortiumCa read(java.nio.file.Path keyFile, java.nio.file.Path certificateFile) throws java.io.IOException {
        X509Certificate certificate;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(certificateFile)) {
            certificate = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new java.io.IOException(certificateFile + ": not a PEM X.509 certificate (" + e.getMessage() + ")", e);
        }
        String pem = java.nio.file.Files.readString(keyFile, java.nio.charset.StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "");
        java.security.PrivateKey privateKey;
        try {
            byte[] der = java.util.Base64.getMimeDecoder().decode(pem.trim());
            privateKey = java.security.KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new java.io.IOException(keyFile + ": not a PEM PKCS#8 EC private key (" + e.getMessage() + ")", e);
        }
        KeyPair keys = new KeyPair(certificate.getPublicKey(), privateKey);
        if (!keyMatches(keys)) {
            throw new java.io.IOException(keyFile + ": this key does not belong to the CA certificate " + certificateFile);
        }
        return new ConsortiumCa(keys, certificate);
    }

    private static boolean keyMatches(KeyPair keys) {
        try {
            byte[] probe = "yantar-ca-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(keys.getPrivate());
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(keys.getPublic());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    private static KeyPair newKeyPair(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(CURVE), random);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer, SecureRandom random)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setSecureRandom(random).build(issuer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    /** 127 random bits, positive and non-zero (RFC 5280 allows 20 octets). */
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).setBit(0);
    }
}
