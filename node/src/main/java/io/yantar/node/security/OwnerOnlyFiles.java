package io.yantar.node.security;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files holding secrets (TLS keystores, their passwords, the CA key) are created 0600, and a
 * node refuses a secret file that group or others may read or write; public material it
 * trusts (the CA truststore) must at least not be writable by them. On file systems without
 * POSIX permissions nothing is checked.
 */
public final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> WRITE_BY_GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private OwnerOnlyFiles() {
    }

    /** Creates {@code file} (never overwriting) with permissions 0600 before any byte is written, then writes {@code content}. */
    public static void create(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (posix(parent)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
            Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
        } else if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite a secret file");
        }
        Files.write(file, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Why {@code file} cannot hold a secret (missing, not a file, accessible by group or others), or empty when it can. */
    public static Optional<String> secretFileProblem(Path file) {
        return problem(file, GROUP_OR_OTHERS, "accessible by group or others");
    }

    /** Why {@code file} cannot be trusted (missing, not a file, writable by group or others), or empty when it can. */
    public static Optional<String> trustedFileProblem(Path file) {
        return problem(file, WRITE_BY_GROUP_OR_OTHERS, "writable by group or others");
    }

    private static Optional<String> problem(Path file, Set<PosixFilePermission> forbidden, String what) {
        if (!Files.isRegularFile(file)) {
            return Optional.of(file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            return Optional.of(file + ": not readable by this user");
        }
        if (!posix(file)) {
            return Optional.empty();
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            return Optional.of(file + ": cannot read its permissions (" + e.getMessage() + ")");
        }
        if (permissions.stream().anyMatch(forbidden::contains)) {
            return Optional.of(file + ": " + what + " (" + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
        }
        return Optional.empty();
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
