package io.yantar.node.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one node needs to start, read from its HOCON file and validated by
 * {@link NodeConfigLoader}. Paths are absolute (relative paths in the file are resolved
 * against the file's directory, so a network folder can be moved as a whole).
 *
 * @param pekkoOverrides the file's optional {@code pekko { ... }} section, applied over
 *     Yantar's defaults (for example Artery TLS settings)
 */
public record NodeConfig(
        Identity identity,
        Path keyFile,
        Path genesisFile,
        Path dataDir,
        ClusterSettings cluster,
        HttpSettings http,
        StorageSettings storage,
        Duration startupTimeout,
        Config pekkoOverrides) {

    /** Who this node is in the consortium; must match its entry in the genesis validator set. */
    public record Identity(String nodeId, String organisation, String role) {
    }

    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * @param seedNodes the same list, in the same order, on every node: the first one forms
     *     the cluster when nobody else is up
     */
    public record ClusterSettings(String systemName, String host, int port, List<HostPort> seedNodes) {
        public ClusterSettings {
            seedNodes = List.copyOf(seedNodes);
        }
    }

    public record HttpSettings(String host, int port, long requestBodyBytesMax, Duration requestTimeout) {
    }

    public enum StorageKind { H2, POSTGRES }

    /**
     * @param url JDBC URL; for H2 derived from the data directory unless set
     * @param blockCacheSize committed blocks the store keeps in memory for reads; older ones come from the journal
     */
    public record StorageSettings(StorageKind kind, String url, String user, String password, int poolSize, int blockCacheSize) {
        /** Never prints the password. */
        @Override
        public String toString() {
            return "StorageSettings[kind=" + kind + ", url=" + url + ", user=" + user + ", poolSize=" + poolSize
                    + ", blockCacheSize=" + blockCacheSize + "]";
        }
    }
}
