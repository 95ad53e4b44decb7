package io.yantar.node.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * PKCS#12 keystores for Artery TLS: a node's keystore holds its private key with the chain
 * (node certificate, CA certificate) under one password used for both the store and the key
 * (Pekko's {@code key-password} must equal {@code key-store-password}: keytool's PKCS#12 has
 * one password); the truststore holds the CA certificate only. Files are created 0600.
 */
public final class Pkcs12Stores {
    static final String NODE_ALIAS = "node";
    static final String CA_ALIAS = "consortium-ca";
    /**
     * PBKDF iterations of the key, the certificates and the integrity MAC in the stores written
     * here, instead of the JDK's 10,000 each. The passwords yantar writes are 24 random bytes in a
     * 0600 file beside each store, so iterations add nothing against guessing them; they cost at every start,
     * where a node opens its stores five times in still-interpreted code (a four-node {@code yantar up}
     * on two cores took 1.5-2 s longer at 10,000; docs/BENCHMARKS.md, runs AN). 1,000 is the
     * minimum of NIST SP 800-132. Stores from elsewhere (keytool) load as before.
     */
    static final int PBE_ITERATIONS = 1_000;
    /** The JDK reads these (system, then security properties) when it encrypts a key or certificates and when it stores. */
    private static final List<String> ITERATION_PROPERTIES = List.of(
            "keystore.pkcs12.keyPbeIterationCount", "keystore.pkcs12.certPbeIterationCount", "keystore.pkcs12.macIterationCount");

    private Pkcs12Stores() {
    }

    public static void writeKeyStore(Path file, char[] password, ConsortiumCa.NodeCertificate node, X509Certificate ca) throws IOException {
        write(file, password, store -> {
            try {
                store.setKeyEntry(NODE_ALIAS, node.keyPair().getPrivate(), password, new Certificate[] {node.certificate(), ca});
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot put the node key into " + file + ": " + e.getMessage(), e);
            }
        });
    }

    public static void writeTrustStore(Path file, char[] password, X509Certificate ca) throws IOException {
        write(file, password, store -> {
            try {
                store.setCertificateEntry(CA_ALIAS, ca);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot put the CA certificate into " + file + ": " + e.getMessage(), e);
            }
        });
    }

    private interface Filling {
        void fill(KeyStore store) throws IOException;
    }

    /**
     * Fills and saves a new store with {@link #PBE_ITERATIONS}. The JDK takes the counts only
     * from process-wide properties, so they are set for the duration of the write (one write at
     * a time) and restored after; an operator's own setting of them wins.
     */
    private static synchronized void write(Path file, char[] password, Filling filling) throws IOException {
        List<String> setHere = new ArrayList<>();
        for (String property : ITERATION_PROPERTIES) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, Integer.toString(PBE_ITERATIONS));
                setHere.add(property);
            }
        }
        try {
            KeyStore store = empty();
            filling.fill(store);
            save(store, file, password);
        } finally {
            setHere.forEach(System::clearProperty);
        }
    }

    /**
     * Why a node cannot use this keystore and truststore together: a store that does not open
     * with its password, a keystore without exactly one private key, a truststore without
     * certificates, or a node certificate no trusted certificate signed. Checked at start-up so
     * the operator reads the reason instead of watching a cluster that never forms.
     */
    public static Optional<String> pairProblem(Path keyStoreFile, char[] keyStorePassword, Path trustStoreFile, char[] trustStorePassword) {
        KeyStore keyStore;
        KeyStore trustStore;
        try {
            keyStore = load(keyStoreFile, keyStorePassword);
        } catch (IOException | GeneralSecurityException e) {
            return Optional.of(keyStoreFile + ": cannot open it with its password (" + e.getMessage() + ")");
        }
        try {
            trustStore = load(trustStoreFile, trustStorePassword);
        } catch (IOException | GeneralSecurityException e) {
            return Optional.of(trustStoreFile + ": cannot open it with its password (" + e.getMessage() + ")");
        }
        try {
            Optional<String> keyProblem = singleKeyProblem(keyStore, keyStoreFile, keyStorePassword);
            if (keyProblem.isPresent()) {
                return keyProblem;
            }
            X509Certificate own = (X509Certificate) keyStore.getCertificate(keyAliases(keyStore).get(0));
            List<X509Certificate> trusted = new ArrayList<>();
            for (String alias : Collections.list(trustStore.aliases())) {
                if (trustStore.getCertificate(alias) instanceof X509Certificate certificate) {
                    trusted.add(certificate);
                }
            }
            if (trusted.isEmpty()) {
                return Optional.of(trustStoreFile + ": holds no certificate");
            }
            if (trusted.stream().noneMatch(ca -> signedBy(own, ca.getPublicKey()))) {
                return Optional.of(keyStoreFile + ": its certificate (" + own.getSubjectX500Principal().getName()
                        + ") is not issued by a certificate of " + trustStoreFile);
            }
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.of(keyStoreFile + ": unusable (" + e.getMessage() + ")");
        }
    }

    /**
     * Why this keystore's certificate is not {@code nodeId}'s: its subject's CN names another
     * node (or none). A certificate from the consortium CA is bound to one node id ({@code yantar
     * genesis} writes {@code CN=node-N}); a node started with another member's keystore would
     * present that member's identity on every link, so it refuses to start.
     */
    public static Optional<String> nodeIdProblem(Path keyStoreFile, char[] password, String nodeId) {
        try {
            KeyStore keyStore = load(keyStoreFile, password);
            List<String> keys = keyAliases(keyStore);
            if (keys.isEmpty() || !(keyStore.getCertificate(keys.get(0)) instanceof X509Certificate own)) {
                return Optional.of(keyStoreFile + ": holds no certificate for " + nodeId);
            }
            Optional<String> named = commonName(own);
            if (named.isPresent() && named.get().equals(nodeId)) {
                return Optional.empty();
            }
            return Optional.of(keyStoreFile + ": its certificate is for " + named.orElse("no node id") + " ("
                    + own.getSubjectX500Principal().getName() + "), but this node is " + nodeId
                    + "; each node must present its own certificate (CN=" + nodeId + ") from the consortium CA");
        } catch (IOException | GeneralSecurityException e) {
            return Optional.of(keyStoreFile + ": unusable (" + e.getMessage() + ")");
        }
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (javax.naming.InvalidNameException unreadable) {
            // no usable CN
        }
        return Optional.empty();
    }

    /**
     * Why this keystore cannot serve HTTPS: it does not open with its password, does not hold
     * exactly one private key (opened by the same password) with an X.509 certificate.
     */
    public static Optional<String> keyStoreProblem(Path keyStoreFile, char[] password) {
        KeyStore keyStore;
        try {
            keyStore = load(keyStoreFile, password);
        } catch (IOException | GeneralSecurityException e) {
            return Optional.of(keyStoreFile + ": cannot open it with its password (" + e.getMessage() + ")");
        }
        try {
            return singleKeyProblem(keyStore, keyStoreFile, password);
        } catch (GeneralSecurityException e) {
            return Optional.of(keyStoreFile + ": unusable (" + e.getMessage() + ")");
        }
    }

    private static Optional<String> singleKeyProblem(KeyStore keyStore, Path keyStoreFile, char[] password) throws GeneralSecurityException {
        List<String> keyAliases = keyAliases(keyStore);
        if (keyAliases.size() != 1) {
            return Optional.of(keyStoreFile + ": must hold exactly one private key, holds " + keyAliases.size());
        }
        if (keyStore.getKey(keyAliases.get(0), password) == null) {
            return Optional.of(keyStoreFile + ": the key does not open with the store password (they must be equal)");
        }
        if (!(keyStore.getCertificate(keyAliases.get(0)) instanceof X509Certificate)) {
            return Optional.of(keyStoreFile + ": the key has no X.509 certificate");
        }
        return Optional.empty();
    }

    private static List<String> keyAliases(KeyStore keyStore) throws KeyStoreException {
        List<String> keyAliases = new ArrayList<>();
        for (String alias : Collections.list(keyStore.aliases())) {
            if (keyStore.isKeyEntry(alias)) {
                keyAliases.add(alias);
            }
        }
        return keyAliases;
    }

    /** A TLS server context presenting the keystore's key and chain (checked by {@link #keyStoreProblem} first). */
    public static javax.net.ssl.SSLContext serverContext(Path keyStoreFile, char[] password) throws IOException, GeneralSecurityException {
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStoreFile, password), password);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), null, new java.security.SecureRandom());
        return context;
    }

    private static boolean signedBy(X509Certificate certificate, PublicKey issuerKey) {
        try {
            certificate.verify(issuerKey);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static KeyStore empty() throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("PKCS#12 keystores are not available: " + e.getMessage(), e);
        }
    }

    private static void save(KeyStore store, Path file, char[] password) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            store.store(bytes, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode " + file + ": " + e.getMessage(), e);
        }
        OwnerOnlyFiles.create(file, bytes.toByteArray());
    }
}
