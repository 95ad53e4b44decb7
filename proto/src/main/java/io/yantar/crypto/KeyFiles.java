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

/**
 * Private key files: PEM-encoded PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, RFC 5208 with
 * the RFC 8410 encoding for Ed25519), so standard tools read them
 * ({@code openssl pkey -in node-1.key -noout -text}). Files are created with permissions 0600
 * and refused when group or others may read them: a readable key lets anyone sign as its owner.
 */
public final class KeyFiles {
    /** PKCS#8 header of an Ed25519 private key (RFC 8410 section 7), followed by the 32-byte seed. */
    private static final byte[] ED25519_PKCS8_PREFIX = Hex.decode("302e020100300506032b657004220420");
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFiles() {
    }

    /** Writes {@code key} to a new file with permissions 0600; refuses to overwrite. */
    public static void write(Path file, SigningKey key) throws IOException {
        if (!Ed25519Suite.ID.equals(key.suite().id())) {
            throw new IllegalArgumentException("no key file encoding for suite " + key.suite().id());
        }
        byte[] der = concat(ED25519_PKCS8_PREFIX, key.privateKeyBytes());
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
        throw new KeyFileException(file + ": unsupported private key algorithm (expected an Ed25519 PKCS#8 key)");
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
