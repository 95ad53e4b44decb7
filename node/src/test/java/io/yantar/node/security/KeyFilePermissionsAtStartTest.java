package io.yantar.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yantar.crypto.CryptoSuites;
import io.yantar.node.cli.YantarCli;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code yantar node} stops before anything starts when a secret file may be read by others, and says how to fix it in one line. */
class KeyFilePermissionsAtStartTest {
    @TempDir
    Path dir;

    private NetworkLayout layout;

    @BeforeEach
    void generateNetwork() throws IOException {
        layout = new NetworkLayout(dir.resolve("network"));
        NetworkSpec spec = new NetworkSpec("yantar-test", 4, 0, "127.0.0.1", 32000, 32100, NetworkSpec.DEFAULT_TREASURY_KOPECKS,
                NetworkSpec.DEFAULT_CITIZEN_KOPECKS, true);
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(layout, spec, 1_790_000_000_000L);
    }

    @Test
    void aWorldReadableValidatorKeyStopsTheNode() throws IOException {
        Path key = layout.key("node-1");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("yantar node: yantar.key-file: " + key + ": key file is accessible by group or others (rw-r--r--); run: chmod 600 " + key,
                refusal("node-1"));
    }

    @Test
    void aWorldReadableTlsKeystorePasswordStopsTheNode() throws IOException {
        Path password = layout.tls().keyStorePassword("node-2");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("yantar node: yantar.tls.key-store-password-file: " + password + ": accessible by group or others (rw-r--r--); run: chmod 600 "
                + password, refusal("node-2"));
    }

    /** Runs {@code yantar node}, expects exit code 1 and returns its single line of error output. */
    private String refusal(String nodeId) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = YantarCli.run(new String[] {"node", "--config", layout.nodeConfig(nodeId).toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(YantarCli.EXIT_FAILURE, exit, "stdout: " + out + " stderr: " + err);
        String[] lines = err.toString().strip().split("\n");
        assertEquals(1, lines.length, "one line: " + err);
        return lines[0];
    }
}
