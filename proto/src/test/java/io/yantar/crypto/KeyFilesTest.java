package io.yantar.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesOwnerOnlyPemAndReadsItBack() throws IOException {
        SigningKey key = CryptoSuites.ed25519().generateKey(new SecureRandom());
        Path file = dir.resolve("keys/node-1.key");
        KeyFiles.write(file, key);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertEquals(key, KeyFiles.read(file));
    }

    @Test
    void refusesToOverwrite() throws IOException {
        SigningKey key = CryptoSuites.ed25519().generateKey(new SecureRandom());
        Path file = dir.resolve("a.key");
        KeyFiles.write(file, key);
        assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.write(file, key));
    }

    @Test
    void refusesAKeyReadableByOthers() throws IOException {
        Path file = dir.resolve("b.key");
        KeyFiles.write(file, CryptoSuites.ed25519().generateKey(new SecureRandom()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        KeyFiles.KeyFileException refused = assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.read(file));
        assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());
    }

    @Test
    void namesTheProblemWithAMalformedFile() throws IOException {
        Path file = dir.resolve("c.key");
        Files.writeString(file, "not a key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        KeyFiles.KeyFileException refused = assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.read(file));
        assertTrue(refused.getMessage().contains("not a PEM private key"), refused.getMessage());
        assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.read(dir.resolve("missing.key")));
    }
}
