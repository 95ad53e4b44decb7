package io.yantar.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.AuthenticatedSafe;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.pkcs.SafeBag;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsortiumTlsWriterTest {
    private static final Instant ISSUED_AT = Instant.parse("2026-11-26T12:00:00Z");
    private static final List<ConsortiumTlsWriter.NodeIdentity> NODES = List.of(
            new ConsortiumTlsWriter.NodeIdentity("node-1", "Regional Government", "127.0.0.1"),
            new ConsortiumTlsWriter.NodeIdentity("node-2", "State Development Bank", "validator-2.bank.example"));

    @TempDir
    Path dir;

    @Test
    void everySecretIsOwnerOnlyAndTheCaCertificateIsPublic() throws Exception {
        ConsortiumTlsFiles files = new ConsortiumTlsFiles(dir.resolve("tls"));
        new ConsortiumTlsWriter(new SecureRandom()).write(files, "yantar-test", NODES, ISSUED_AT);

        for (Path secret : List.of(files.caKey(), files.caTrustStore(), files.caTrustStorePassword(), files.keyStore("node-1"),
                files.keyStorePassword("node-1"), files.keyStore("node-2"), files.keyStorePassword("node-2"))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)), secret.toString());
            assertEquals(Optional.empty(), OwnerOnlyFiles.secretFileProblem(secret));
        }
        assertTrue(Files.readString(files.caKey()).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(files.caCertificate()).startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertFalse(Files.readString(files.keyStorePassword("node-1")).equals(Files.readString(files.keyStorePassword("node-2"))),
                "each node has its own password");
    }

    @Test
    void nodeCertificatesChainToTheCaAndNameTheHostPeersDial() throws Exception {
        ConsortiumTlsFiles files = new ConsortiumTlsFiles(dir.resolve("tls"));
        ConsortiumCa ca = new ConsortiumTlsWriter(new SecureRandom()).write(files, "yantar-test", NODES, ISSUED_AT);

        KeyStore node1 = open(files.keyStore("node-1"), password(files.keyStorePassword("node-1")));
        assertTrue(node1.getKey(Pkcs12Stores.NODE_ALIAS, password(files.keyStorePassword("node-1"))) instanceof PrivateKey,
                "the key opens with the store password (Pekko's key-password equals key-store-password)");
        X509Certificate certificate = (X509Certificate) node1.getCertificate(Pkcs12Stores.NODE_ALIAS);
        certificate.verify(ca.publicKey());
        certificate.checkValidity(Date.from(ISSUED_AT));
        assertEquals("CN=node-1,O=Regional Government", certificate.getSubjectX500Principal().getName());
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals(List.of(List.of(7, "127.0.0.1")), List.copyOf(certificate.getSubjectAlternativeNames()).stream().map(List::copyOf).toList());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), certificate.getExtendedKeyUsage(), "TLS server and client");
        assertEquals(-1, certificate.getBasicConstraints(), "a node certificate cannot issue others");
        assertEquals(2, node1.getCertificateChain(Pkcs12Stores.NODE_ALIAS).length);

        X509Certificate node2 = (X509Certificate) open(files.keyStore("node-2"), password(files.keyStorePassword("node-2")))
                .getCertificate(Pkcs12Stores.NODE_ALIAS);
        assertEquals(List.of(List.of(2, "validator-2.bank.example")), List.copyOf(node2.getSubjectAlternativeNames()).stream().map(List::copyOf).toList());

        X509Certificate trusted = (X509Certificate) open(files.caTrustStore(), password(files.caTrustStorePassword()))
                .getCertificate(Pkcs12Stores.CA_ALIAS);
        assertEquals(ca.certificate(), trusted);
        assertEquals(0, trusted.getBasicConstraints(), "the CA issues node certificates only (path length 0)");
        assertEquals(Optional.empty(), Pkcs12Stores.pairProblem(files.keyStore("node-1"), password(files.keyStorePassword("node-1")),
                files.caTrustStore(), password(files.caTrustStorePassword())));
    }

    @Test
    void aKeystoreFromAnotherCaOrAWrongPasswordIsNamedAtStartUp() throws Exception {
        ConsortiumTlsFiles consortium = new ConsortiumTlsFiles(dir.resolve("consortium"));
        ConsortiumTlsFiles stranger = new ConsortiumTlsFiles(dir.resolve("stranger"));
        new ConsortiumTlsWriter(new SecureRandom()).write(consortium, "yantar-test", NODES, ISSUED_AT);
        new ConsortiumTlsWriter(new SecureRandom()).write(stranger, "yantar-test", NODES, ISSUED_AT);

        String foreign = Pkcs12Stores.pairProblem(stranger.keyStore("node-1"), password(stranger.keyStorePassword("node-1")),
                consortium.caTrustStore(), password(consortium.caTrustStorePassword())).orElseThrow();
        assertTrue(foreign.contains("is not issued by a certificate of " + consortium.caTrustStore()), foreign);

        String wrongPassword = Pkcs12Stores.pairProblem(consortium.keyStore("node-1"), "guess".toCharArray(),
                consortium.caTrustStore(), password(consortium.caTrustStorePassword())).orElseThrow();
        assertTrue(wrongPassword.startsWith(consortium.keyStore("node-1") + ": cannot open it with its password"), wrongPassword);
    }

    @Test
    void storesUseAThousandPbkdfIterationsAndLeaveTheJdkPropertiesAsTheyWere() throws Exception {
        ConsortiumTlsFiles files = new ConsortiumTlsFiles(dir.resolve("tls"));
        new ConsortiumTlsWriter(new SecureRandom()).write(files, "yantar-test", NODES, ISSUED_AT);

        assertEquals(List.of(1_000, 1_000, 1_000), iterationCounts(files.keyStore("node-1")), "MAC, certificates, key");
        assertEquals(List.of(1_000, 1_000), iterationCounts(files.caTrustStore()), "MAC, certificates");
        assertEquals(null, System.getProperty("keystore.pkcs12.macIterationCount"));
        assertEquals(null, System.getProperty("keystore.pkcs12.certPbeIterationCount"));
        assertEquals(null, System.getProperty("keystore.pkcs12.keyPbeIterationCount"));
    }

    /** The MAC's iteration count, then each PBES2-encrypted part's (certificate bags, shrouded key bags) in file order. */
    private static List<Integer> iterationCounts(Path pkcs12) throws Exception {
        Pfx pfx = Pfx.getInstance(Files.readAllBytes(pkcs12));
        List<Integer> counts = new java.util.ArrayList<>();
        counts.add(pfx.getMacData().getIterationCount().intValueExact());
        for (ContentInfo info : AuthenticatedSafe.getInstance(ASN1OctetString.getInstance(pfx.getAuthSafe().getContent()).getOctets())
                .getContentInfo()) {
            if (info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)) {
                counts.add(pbkdf2Iterations(EncryptedData.getInstance(info.getContent()).getEncryptionAlgorithm()));
            } else {
                for (ASN1Encodable bag : ASN1Sequence.getInstance(ASN1OctetString.getInstance(info.getContent()).getOctets())) {
                    SafeBag safeBag = SafeBag.getInstance(bag);
                    if (safeBag.getBagId().equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)) {
                        counts.add(pbkdf2Iterations(EncryptedPrivateKeyInfo.getInstance(safeBag.getBagValue()).getEncryptionAlgorithm()));
                    }
                }
            }
        }
        return counts;
    }

    private static int pbkdf2Iterations(AlgorithmIdentifier pbes2) {
        return PBKDF2Params.getInstance(PBES2Parameters.getInstance(pbes2.getParameters()).getKeyDerivationFunc().getParameters())
                .getIterationCount().intValueExact();
    }

    @Test
    void secretFilesAreNeverOverwrittenAndTheirPermissionsAreChecked() throws Exception {
        Path secret = dir.resolve("secret");
        OwnerOnlyFiles.create(secret, new byte[] {1});
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> OwnerOnlyFiles.create(secret, new byte[] {2}));

        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(Optional.of(secret + ": accessible by group or others (rw-r-----); run: chmod 600 " + secret),
                OwnerOnlyFiles.secretFileProblem(secret));
        assertEquals(Optional.empty(), OwnerOnlyFiles.trustedFileProblem(secret), "a truststore may be read by others");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-rw-r--"));
        assertTrue(OwnerOnlyFiles.trustedFileProblem(secret).orElseThrow().contains("writable by group or others"));
        assertEquals(Optional.of(dir.resolve("missing") + ": no such file"), OwnerOnlyFiles.secretFileProblem(dir.resolve("missing")));
    }

    @Test
    void ipLiteralsBecomeIpAddressNamesAndEverythingElseADnsName() {
        assertEquals(GeneralName.iPAddress, ConsortiumCa.subjectAlternativeName("10.0.0.7").getTagNo());
        assertEquals(GeneralName.iPAddress, ConsortiumCa.subjectAlternativeName("[::1]").getTagNo());
        assertEquals(GeneralName.iPAddress, ConsortiumCa.subjectAlternativeName("fd00::7").getTagNo());
        assertEquals(GeneralName.dNSName, ConsortiumCa.subjectAlternativeName("validator-1.gov.example").getTagNo());
    }

    private static KeyStore open(Path file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static char[] password(Path file) throws Exception {
        return Files.readString(file).strip().toCharArray();
    }
}
