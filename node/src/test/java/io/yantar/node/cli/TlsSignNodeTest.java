package io.yantar.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.crypto.CryptoSuites;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import io.yantar.node.security.ConsortiumTlsFiles;
import io.yantar.node.security.Pkcs12Stores;
import io.yantar.node.testing.CliRun;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code yantar tls sign-node}: a new node's certificate from an existing network's CA, and its refusals. */
class TlsSignNodeTest {
    @TempDir
    Path dir;

    @Test
    void issuesACertificateForTheNewNodeFromTheConsortiumCa() throws Exception {
        NetworkLayout network = network();
        Path issued = dir.resolve("for-node-5");
        CliRun.Result run = CliRun.run("tls", "sign-node", "--network", network.root().toString(), "--node-id", "node-5",
                "--organisation", "Audit Chamber", "--host", "10.0.0.5", "--out", issued.toString());
        assertEquals(0, run.code(), run.err());

        ConsortiumTlsFiles files = new ConsortiumTlsFiles(issued);
        assertEquals(List.of(files.keyStore("node-5"), files.keyStorePassword("node-5"), files.caTrustStore(), files.caTrustStorePassword())
                .stream().map(Path::toString).toList(), run.out().lines().toList(), "prints the four files to hand over");
        for (Path file : List.of(files.keyStore("node-5"), files.keyStorePassword("node-5"), files.caTrustStorePassword())) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
        assertFalse(Files.exists(files.caKey()), "the CA key stays with the CA holder");

        char[] password = Files.readString(files.keyStorePassword("node-5")).strip().toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(files.keyStore("node-5"))) {
            keyStore.load(in, password);
        }
        X509Certificate certificate = (X509Certificate) keyStore.getCertificate(keyStore.aliases().nextElement());
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(network.tls().caCertificate())) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        certificate.verify(ca.getPublicKey()); // chains to the network's CA
        assertEquals(ca.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        assertTrue(certificate.getSubjectX500Principal().getName().contains("CN=node-5"), certificate.getSubjectX500Principal().getName());
        assertTrue(certificate.getSubjectX500Principal().getName().contains("O=Audit Chamber"));
        assertTrue(certificate.getSubjectAlternativeNames().stream().anyMatch(name -> name.get(1).equals("10.0.0.5")),
                "the host peers dial: " + certificate.getSubjectAlternativeNames());
        assertEquals(java.util.Optional.empty(), Pkcs12Stores.nodeIdProblem(files.keyStore("node-5"), password, "node-5"),
                "a node started as node-5 accepts it");
        char[] trustPassword = Files.readString(files.caTrustStorePassword()).strip().toCharArray();
        assertEquals(java.util.Optional.empty(), Pkcs12Stores.pairProblem(files.keyStore("node-5"), password, files.caTrustStore(),
                trustPassword), "the keystore and the truststore work together, as a node checks at start-up");

        CliRun.Result again = CliRun.run("tls", "sign-node", "--network", network.root().toString(), "--node-id", "node-5",
                "--organisation", "Audit Chamber", "--host", "10.0.0.5", "--out", issued.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already has a certificate"), again.err());
    }

    @Test
    void refusesAnIdTheNetworkAlreadyCertifiedAndAFolderWithoutTheCaKey() throws Exception {
        NetworkLayout network = network();
        CliRun.Result taken = CliRun.run("tls", "sign-node", "--network", network.root().toString(), "--node-id", "node-2",
                "--organisation", "Audit Chamber", "--host", "127.0.0.1");
        assertEquals(1, taken.code());
        assertTrue(taken.err().contains("node-2 already has a certificate of this CA"), taken.err());
        assertTrue(taken.err().contains("--replacing"), "names the way for a replaced machine: " + taken.err());

        Files.delete(network.tls().caKey());
        CliRun.Result noCa = CliRun.run("tls", "sign-node", "--network", network.root().toString(), "--node-id", "node-5",
                "--organisation", "Audit Chamber", "--host", "127.0.0.1");
        assertEquals(1, noCa.code());
        assertTrue(noCa.err().contains("ca.key: no consortium CA key here"), noCa.err());
        assertFalse(Files.exists(network.tls().keyStore("node-5")));
    }

    @Test
    void issuesASecondCertificateForTheNewMachineOfAReplacedNode() throws Exception {
        NetworkLayout network = network();
        byte[] old = Files.readAllBytes(network.tls().keyStore("node-2"));
        CliRun.Result inPlace = CliRun.run("tls", "sign-node", "--network", network.root().toString(), "--node-id", "node-2",
                "--organisation", NetworkGenerator.GOVERNMENT, "--host", "10.0.0.9", "--replacing");
        assertEquals(2, inPlace.code());
        assertTrue(inPlace.err().contains("--replacing needs --out"), inPlace.err());

        Path issued = dir.resolve("new-node-2");
        CliRun.Result run = CliRun.run("tls", "sign-node", "--network", network.root().toString(), "--node-id", "node-2",
                "--organisation", NetworkGenerator.GOVERNMENT, "--host", "10.0.0.9", "--replacing", "--out", issued.toString());
        assertEquals(0, run.code(), run.err());
        ConsortiumTlsFiles files = new ConsortiumTlsFiles(issued);
        char[] password = Files.readString(files.keyStorePassword("node-2")).strip().toCharArray();
        assertEquals(java.util.Optional.empty(), Pkcs12Stores.nodeIdProblem(files.keyStore("node-2"), password, "node-2"));
        assertEquals(java.util.Optional.empty(), Pkcs12Stores.pairProblem(files.keyStore("node-2"), password, files.caTrustStore(),
                Files.readString(files.caTrustStorePassword()).strip().toCharArray()));
        assertTrue(java.util.Arrays.equals(old, Files.readAllBytes(network.tls().keyStore("node-2"))), "the old machine's keystore stays");
    }

    @Test
    void defaultsToTheNetworksTlsFolder() throws Exception {
        NetworkLayout network = network();
        CliRun.Result run = CliRun.run("tls", "sign-node", "--network", network.root().toString(), "--node-id", "node-5",
                "--organisation", NetworkGenerator.GOVERNMENT, "--host", "127.0.0.1");
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.isRegularFile(network.tls().keyStore("node-5")));
        assertTrue(Files.isRegularFile(network.tls().keyStorePassword("node-5")));
    }

    private NetworkLayout network() throws Exception {
        NetworkLayout layout = new NetworkLayout(Files.createTempDirectory(dir, "network"));
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(layout,
                new NetworkSpec("yantar-test", 4, 0, "127.0.0.1", 36591, 16191, NetworkSpec.DEFAULT_TREASURY_KOPECKS,
                        NetworkSpec.DEFAULT_CITIZEN_KOPECKS).withTls(true), 1_790_000_000_000L);
        return layout;
    }
}
