package io.yantar.node.network;

import io.yantar.node.security.ConsortiumTlsFiles;
import java.nio.file.Path;

/**
 * Where the files of a local consortium live inside its folder (default {@code ./network}):
 * written by {@code yantar genesis}, read by {@code yantar up} and {@code yantar down}.
 */
public record NetworkLayout(Path root) {
    public NetworkLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path genesisBinary() {
        return root.resolve("genesis.pb");
    }

    public Path genesisJson() {
        return root.resolve("genesis.json");
    }

    public Path keysDir() {
        return root.resolve("keys");
    }

    public Path key(String name) {
        return keysDir().resolve(name + ".key");
    }

    /** The consortium CA, its truststore and one keystore per node ({@code DIR/tls}). */
    public ConsortiumTlsFiles tls() {
        return new ConsortiumTlsFiles(root.resolve(TLS_DIR));
    }

    /** Relative to the root, as written into node files. */
    public static final String TLS_DIR = "tls";

    public Path nodeConfig(String nodeId) {
        return root.resolve(nodeId + ".conf");
    }

    /** Relative to the root, as written into node files so the folder can be moved. */
    public static String relativeDataDir(String nodeId) {
        return "data/" + nodeId;
    }

    public Path dataDir(String nodeId) {
        return root.resolve(relativeDataDir(nodeId));
    }

    public Path logsDir() {
        return root.resolve("logs");
    }

    public Path logFile(String nodeId) {
        return logsDir().resolve(nodeId + ".log");
    }

    public Path runDir() {
        return root.resolve("run");
    }

    public Path pidFile(String nodeId) {
        return runDir().resolve(nodeId + ".pid");
    }
}
