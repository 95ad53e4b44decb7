package io.yantar.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cryptopro.GOST3410PublicKeyAlgParameters;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Private key files: PEM-encoded PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, RFC 5208), so
 * standard tools read them. Files are created with permissions 0600 and refused when group or
 * others may read them: a readable key lets anyone sign as its owner.
 *
 * <ul>
 *   <li>Ed25519: the RFC 8410 encoding ({@code openssl pkey -in node-1.key -noout -text}).
 *   <li>GOST R 34.10-2012 (256): algorithm id-tc26-gost3410-12-256 (1.2.643.7.1.1.1.1) with
 *       parameters {@code SEQUENCE { id-tc26-gost-3410-12-256-paramSetB (1.2.643.7.1.2.1.1.2),
 *       id-tc26-gost3411-12-256 (1.2.643.7.1.1.2.2) }} (RFC 9215 section 4.2), and as private key
 *       an OCTET STRING holding the 32 bytes of d <em>little-endian</em>: the form OpenSSL's GOST
 *       engine and Bouncy Castle's {@code ECGOST3410-2012} key factory read and write.
 * </ul>
 */
public final class KeyFiles {
    /** PKCS#8 header of an Ed25519 private key (RFC 8410 section 7), followed by the 32-byte seed. */
    private static final byte[] ED25519_PKCS8_PREFIX = Hex.decode("302e020100300506032b657004220420");
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    /** id-tc26-gost3410-12-256, the GOST R 34.10-2012 256-bit public key algorithm. */
    static final ASN1ObjectIdentifier GOST_2012_256 = new ASN1ObjectIdentifier("1.2.643.7.1.1.1.1");
    /** id-tc26-gost-3410-12-256-paramSetB: the curve {@link Gost2012Suite} uses. */
    static final ASN1ObjectIdentifier GOST_2012_256_PARAM_SET_B = new ASN1ObjectIdentifier("1.2.643.7.1.2.1.1.2");
    /** id-tc26-gost3411-12-256: Streebog-256. */
    static final ASN1ObjectIdentifier STREEBOG_256 = new ASN1ObjectIdentifier("1.2.643.7.1.1.2.2");
    private static final int GOST_PRIVATE_KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFiles() {
    }

    /** Writes {@code key} to a new file with permissions 0600; refuses to overwrite. */
    public static void write(Path file, SigningKey key) throws IOException {
        byte[] der = pkcs8(key);
        String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n" + END + "\n";
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite a key file");
        }
        if (supportsPosix(parent)) {
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            Files.createFile(file, ownerOnly);
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        Files.write(file, pem.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Reads a key file written by {@link #write}.
     *
     * @throws KeyFileException naming the problem: unreadable by others required, bad format, unknown algorithm
     */
    public static SigningKey read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new KeyFileException(file + ": no such key file");
        }
        if (supportsPosix(file)) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)
                    || permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new KeyFileException(file + ": key file is accessible by group or others ("
                        + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
            }
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new KeyFileException(file + ": not a PEM private key file (expected " + BEGIN + ")");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file + ": PEM body is not valid base64");
        }
        if (der.length == ED25519_PKCS8_PREFIX.length + 32
                && Arrays.equals(Arrays.copyOf(der, ED25519_PKCS8_PREFIX.length), ED25519_PKCS8_PREFIX)) {
            return CryptoSuites.ed25519().keyFromPrivate(Arrays.copyOfRange(der, ED25519_PKCS8_PREFIX.length, der.length));
        }
        byte[] gostKey = gostPrivateKey(der);
        if (gostKey != null) {
            try {
                return CryptoSuites.gost2012().keyFromPrivate(gostKey);
            } catch (IllegalArgumentException e) {
                throw new KeyFileException(file + ": " + e.getMessage());
            }
        }
        throw new KeyFileException(file + ": unsupported private key algorithm (expected an Ed25519 or a GOST R 34.10-2012 256-bit"
                + " (paramSetB) PKCS#8 key)");
    }

    /** The PKCS#8 DER form of {@code key}, as written inside the PEM armour. */
    static byte[] pkcs8(SigningKey key) throws IOException {
        String suite = key.suite().id();
        if (Ed25519Suite.ID.equals(suite)) {
            return concat(ED25519_PKCS8_PREFIX, key.privateKeyBytes());
        }
        if (Gost2012Suite.ID.equals(suite)) {
            byte[] littleEndian = reversed(key.privateKeyBytes());
            PrivateKeyInfo info = new PrivateKeyInfo(gostAlgorithm(), new DEROctetString(littleEndian));
            return info.getEncoded("DER");
        }
        throw new IllegalArgumentException("no key file encoding for suite " + suite);
    }

    private static AlgorithmIdentifier gostAlgorithm() {
        return new AlgorithmIdentifier(GOST_2012_256, new GOST3410PublicKeyAlgParameters(GOST_2012_256_PARAM_SET_B, STREEBOG_256));
    }

    /** d as 32 bytes big-endian when {@code der} is a GOST key in the form {@link #pkcs8} writes; null otherwise. */
    private static byte[] gostPrivateKey(byte[] der) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
            if (!info.getPrivateKeyAlgorithm().equals(gostAlgorithm())) {
                return null;
            }
            ASN1Encodable inner = info.parsePrivateKey();
            if (!(inner instanceof ASN1OctetString octets) || octets.getOctets().length != GOST_PRIVATE_KEY_BYTES) {
                return null;
            }
            return reversed(octets.getOctets());
        } catch (IOException | RuntimeException malformed) {
            // Bouncy Castle reports malformed ASN.1 with unchecked exceptions; any of them means "not this form".
            return null;
        }
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    private static boolean supportsPosix(Path path) {
        return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A key file that cannot be used, with a message naming the file and the problem. */
    public static final class KeyFileException extends IOException {
        public KeyFileException(String message) {
            super(message);
        }
    }
}
