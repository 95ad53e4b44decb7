package io.yantar.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
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

    @Test
    void gostKeyRoundTripsThroughAPemFileWithOwnerOnlyPermissions() throws IOException {
        SigningKey key = CryptoSuites.gost2012().generateKey(new SecureRandom());
        Path file = dir.resolve("keys/citizen-1.key");
        KeyFiles.write(file, key);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        SigningKey read = KeyFiles.read(file);
        assertEquals(Gost2012Suite.ID, read.suite().id());
        assertEquals(key, read);
        byte[] message = {1, 2, 3};
        assertTrue(key.suite().verify(key.publicKey(), SignatureDomain.TRANSACTION, message, read.sign(SignatureDomain.TRANSACTION, message)));
    }

    @Test
    void gostKeyFileIsStandardPkcs8ThatBouncyCastlesKeyFactoryReads() throws Exception {
        // d from the worked example of GOST R 34.10-2012 appendix A.1 (a valid scalar on our curve too).
        byte[] d = Hex.decode("7a929ade789bb9be10ed359dd39a72c11b60961f49397eee1d19ce9891ec3b28");
        SigningKey key = CryptoSuites.gost2012().keyFromPrivate(d);
        Path file = dir.resolve("gost.key");
        KeyFiles.write(file, key);
        String pem = Files.readString(file).replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
        byte[] der = Base64.getMimeDecoder().decode(pem);

        KeyFactory factory = KeyFactory.getInstance("ECGOST3410-2012", new BouncyCastleProvider());
        ECPrivateKey parsed = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(der));
        assertEquals(new BigInteger(1, d), parsed.getS(), "Bouncy Castle reads the same scalar (little-endian octets, paramSetB)");
        String hex = Hex.encode(der);
        assertTrue(hex.contains("06082a85030701010101"), "algorithm id-tc26-gost3410-12-256: " + hex);
        assertTrue(hex.contains("06092a8503070102010102"), "curve id-tc26-gost-3410-12-256-paramSetB: " + hex);
    }

    @Test
    void refusesAGostKeyFileWithAnOutOfRangeScalar() throws IOException {
        SigningKey key = CryptoSuites.gost2012().keyFromPrivate(Hex.decode("7a929ade789bb9be10ed359dd39a72c11b60961f49397eee1d19ce9891ec3b28"));
        byte[] der = KeyFiles.pkcs8(key);
        String hex = Hex.encode(der);
        // Replace d (stored little-endian) by 2^256 - 1, above the group order q.
        String littleEndian = hex.substring(hex.length() - 64);
        byte[] tampered = Hex.decode(hex.substring(0, hex.length() - 64) + "ff".repeat(32));
        assertTrue(littleEndian.endsWith("7a"), "d's first big-endian byte is stored last");
        Path file = dir.resolve("bad-gost.key");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(tampered) + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        KeyFiles.KeyFileException refused = assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.read(file));
        assertTrue(refused.getMessage().contains("[1, q-1]"), refused.getMessage());
    }
}
