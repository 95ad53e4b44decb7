package io.yantar.node.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.yantar.node.config.NodeConfig.AdminSettings;
import io.yantar.node.config.NodeConfig.ClusterSettings;
import io.yantar.node.config.NodeConfig.HostPort;
import io.yantar.node.config.NodeConfig.HttpProtection;
import io.yantar.node.config.NodeConfig.HttpSettings;
import io.yantar.node.config.NodeConfig.HttpsSettings;
import io.yantar.node.config.NodeConfig.Identity;
import io.yantar.node.config.NodeConfig.MempoolSettings;
import io.yantar.node.config.NodeConfig.ConsensusSettings;
import io.yantar.node.config.NodeConfig.StorageKind;
import io.yantar.node.config.NodeConfig.StorageSettings;
import io.yantar.node.security.OwnerOnlyFiles;
import io.yantar.node.security.Pkcs12Stores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a node's HOCON file (keys under {@code yantar}) into a {@link NodeConfig}, applying
 * the defaults of {@code yantar-defaults.conf} and checking every value and limit. The first
 * problem found is reported as an {@link InvalidConfigException} naming its key.
 */
public final class NodeConfigLoader {
    public static final Set<String> ROLES = Set.of("government", "bank");

    private static final Pattern NODE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern SYSTEM_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-_]*");
    private static final Pattern HOST = Pattern.compile("[a-zA-Z0-9.:\\-\\[\\]]+");
    private static final long BODY_BYTES_MAX_LIMIT = 64L * 1024 * 1024;
    /**
     * Journal events and snapshots up to this size stay in their row. Above H2's default of
     * 256 bytes a BLOB goes to its separate LOB store, at the cost of a temporary LOB, a copy and
     * three more maps per event; every proposal and every block is far above that. This covers a
     * block of the genesis's largest batch (4 MiB by default) with its receipts and certificate.
     * JournalWriteBenchmark, a block of 500 payments: 1.9 ms per write with LOBs, 1.4 ms without.
     */
    static final int H2_INPLACE_VALUE_BYTES_MAX = 16 * 1024 * 1024;

    private NodeConfigLoader() {
    }

    public static NodeConfig load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new InvalidConfigException("config file", "no such file: " + absolute);
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseFile(absolute.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new InvalidConfigException("config file", firstLine(e.getMessage()));
        }
        return fromConfig(parsed, absolute.getParent());
    }

    /** Validates {@code config} (a parsed node file); relative paths are resolved against {@code baseDir}. */
    public static NodeConfig fromConfig(Config config, Path baseDir) {
        Config merged;
        try {
            merged = config.withFallback(ConfigFactory.parseResources(NodeConfigLoader.class, "/yantar-defaults.conf")).resolve();
        } catch (ConfigException e) {
            throw new InvalidConfigException("config file", firstLine(e.getMessage()));
        }
        Reader in = new Reader(merged, baseDir);
        Identity identity = new Identity(
                in.matching("yantar.node.id", NODE_ID, "a lower-case id such as node-1"),
                in.nonBlank("yantar.node.organisation"),
                in.oneOf("yantar.node.role", ROLES),
                in.config().hasPath("yantar.node.observer") && in.bool("yantar.node.observer"));
        Path dataDir = in.path("yantar.data-dir");
        ClusterSettings cluster = new ClusterSettings(
                in.matching("yantar.cluster.system-name", SYSTEM_NAME, "letters, digits, '-' or '_'"),
                in.host("yantar.cluster.host"),
                in.port("yantar.cluster.port"),
                in.hostPorts("yantar.cluster.seed-nodes"),
                in.durationBetween("yantar.cluster.removed-validator-down-after", Duration.ofSeconds(1), Duration.ofHours(1)));
        HttpSettings http = new HttpSettings(
                in.host("yantar.http.host"),
                in.port("yantar.http.port"),
                in.bytesBetween("yantar.http.request-body-bytes-max", 1024, BODY_BYTES_MAX_LIMIT),
                in.durationBetween("yantar.http.request-timeout", Duration.ofMillis(100), Duration.ofMinutes(10)),
                in.durationBetween("yantar.http.commit-wait-timeout", Duration.ofMillis(10), Duration.ofMinutes(5)),
                in.intBetween("yantar.http.blocks-page-max", 1, 10_000),
                in.intBetween("yantar.http.batch-transactions-max", 1, 100_000),
                in.intBetween("yantar.http.events-buffer-max", 1, 100_000),
                protection(in),
                https(in));
        if (cluster.port() == http.port() && cluster.host().equals(http.host())) {
            throw new InvalidConfigException("yantar.http.port", "must differ from yantar.cluster.port (" + http.port() + ")");
        }
        StorageSettings storage = storage(in, dataDir);
        return new NodeConfig(
                identity,
                in.path("yantar.key-file"),
                in.path("yantar.genesis-file"),
                dataDir,
                cluster,
                transport(in, identity.nodeId()),
                http,
                new MempoolSettings(
                        in.intBetween("yantar.mempool.transactions-max", 1, 10_000_000),
                        in.intBetween("yantar.mempool.pending-per-account-max", 1, 10_000_000),
                        in.intBetween("yantar.mempool.committed-receipts-cached", 1, 10_000_000)),
                storage,
                in.durationBetween("yantar.startup-timeout", Duration.ofSeconds(1), Duration.ofHours(1)),
                merged.hasPath("pekko") ? merged.getConfig("pekko").atKey("pekko") : ConfigFactory.empty(),
                admin(in, http),
                new ConsensusSettings(
                        in.durationBetween("yantar.consensus.batch-delay", Duration.ZERO, Duration.ofSeconds(10)),
                        in.intBetween("yantar.consensus.proposals-in-flight-max", 1, 1_000),
                        in.durationBetween("yantar.consensus.request-timeout", Duration.ofMillis(100), Duration.ofMinutes(10)),
                        in.intBetween("yantar.consensus.warm-up-verifications", 0, 10_000_000),
                        in.durationBetween("yantar.consensus.stall-threshold", Duration.ZERO, Duration.ofMinutes(1))));
    }

    /** The admin listener: its port (0 picks a free one) must differ from the public API's. */
    private static AdminSettings admin(Reader in, HttpSettings http) {
        if (!in.bool("yantar.admin.enabled")) {
            return AdminSettings.DISABLED;
        }
        AdminSettings admin = new AdminSettings(true, in.host("yantar.admin.host"),
                in.intBetween("yantar.admin.port", 0, 65535),
                in.durationBetween("yantar.admin.timestamp-window", Duration.ofSeconds(1), Duration.ofHours(1)));
        if (admin.port() != 0 && admin.port() == http.port()) {
            throw new InvalidConfigException("yantar.admin.port", "must differ from yantar.http.port (" + http.port() + ")");
        }
        return admin;
    }

    private static HttpProtection protection(Reader in) {
        return new HttpProtection(
                in.doubleBetween("yantar.http.rate-limit.requests-per-second", 0.1, 1_000_000),
                in.intBetween("yantar.http.rate-limit.burst", 1, 1_000_000),
                in.intBetween("yantar.http.headers-count-max", 8, 1_000),
                (int) in.bytesBetween("yantar.http.header-value-bytes-max", 256, 1024 * 1024),
                (int) in.bytesBetween("yantar.http.uri-bytes-max", 256, 1024 * 1024),
                in.durationBetween("yantar.http.request-head-timeout", Duration.ofMillis(100), Duration.ofMinutes(10)),
                in.durationBetween("yantar.http.idle-timeout", Duration.ofSeconds(1), Duration.ofHours(1)),
                in.intBetween("yantar.http.connections-max", 1, 100_000));
    }

    /** The {@code yantar.http.tls} section: the keystore and its password file accessible by the owner only, one key in it. */
    private static Optional<HttpsSettings> https(Reader in) {
        if (!in.config().hasPath("yantar.http.tls") || !in.bool("yantar.http.tls.enabled")) {
            return Optional.empty();
        }
        Path keyStore = in.secretFile("yantar.http.tls.key-store");
        String password = in.passwordFile("yantar.http.tls.key-store-password-file");
        Pkcs12Stores.keyStoreProblem(keyStore, password.toCharArray()).ifPresent(problem -> {
            throw new InvalidConfigException("yantar.http.tls.key-store", problem);
        });
        return Optional.of(new HttpsSettings(keyStore, password));
    }

    /**
     * The {@code yantar.tls} section: every file must exist, secrets (keystore, password files)
     * must be accessible by the owner only, the truststore not writable by others, the
     * passwords must open the stores and the node's certificate must come from a trusted CA.
     */
    private static TransportSecurity transport(Reader in, String nodeId) {
        if (!in.config().hasPath("yantar.tls") || !in.bool("yantar.tls.enabled")) {
            return new TransportSecurity.PlainTcp();
        }
        Path keyStore = in.secretFile("yantar.tls.key-store");
        String keyStorePassword = in.passwordFile("yantar.tls.key-store-password-file");
        Path trustStore = in.path("yantar.tls.trust-store");
        OwnerOnlyFiles.trustedFileProblem(trustStore).ifPresent(problem -> {
            throw new InvalidConfigException("yantar.tls.trust-store", problem);
        });
        String trustStorePassword = in.passwordFile("yantar.tls.trust-store-password-file");
        boolean hostnameVerification = in.bool("yantar.tls.hostname-verification");
        Pkcs12Stores.pairProblem(keyStore, keyStorePassword.toCharArray(), trustStore, trustStorePassword.toCharArray())
                .ifPresent(problem -> {
                    throw new InvalidConfigException("yantar.tls.key-store", problem);
                });
        Pkcs12Stores.nodeIdProblem(keyStore, keyStorePassword.toCharArray(), nodeId).ifPresent(problem -> {
            throw new InvalidConfigException("yantar.tls.key-store", problem);
        });
        return new TransportSecurity.MutualTls(keyStore, keyStorePassword, trustStore, trustStorePassword, hostnameVerification);
    }

    private static StorageSettings storage(Reader in, Path dataDir) {
        StorageKind kind = StorageKind.valueOf(in.oneOf("yantar.storage.kind", Set.of("h2", "postgres")).toUpperCase(Locale.ROOT));
        int poolSize = in.intBetween("yantar.storage.pool-size", 1, 64);
        int cacheSize = in.intBetween("yantar.storage.block-cache-size", 1, 1_000_000);
        long cacheBytes = in.bytesBetween("yantar.storage.block-cache-bytes", 64 * 1024, 4L * 1024 * 1024 * 1024);
        int snapshotEvery = in.intBetween("yantar.storage.ledger-snapshot-every-blocks", 0, 10_000_000);
        if (kind == StorageKind.H2) {
            // WRITE_DELAY=0: a commit reaches the file before it is acknowledged. With H2's default
            // (500 ms) a kill -9 loses acknowledged events, and the replica persists before it sends.
            // Then every commit writes a chunk of copied pages, and H2 reuses a chunk's space only
            // RETENTION_TIME after it held no live data: the file holds that long of writes.
            Duration retention = in.durationBetween("yantar.storage.h2.retention-time", Duration.ZERO, Duration.ofMinutes(10));
            long pageCacheKib = in.bytesBetween("yantar.storage.h2.cache-size", 256 * 1024, 1L << 30) / 1024;
            String url = "jdbc:h2:file:" + dataDir.resolve("journal").toString().replace('\\', '/') + ";WRITE_DELAY=0;MAX_LENGTH_INPLACE_LOB="
                    + H2_INPLACE_VALUE_BYTES_MAX + ";CACHE_SIZE=" + pageCacheKib + ";RETENTION_TIME=" + retention.toMillis();
            long indexCacheBytes = in.bytesBetween("yantar.storage.h2.index-cache-size", 1L << 20, 1L << 30);
            return new StorageSettings(kind, url, "sa", "", poolSize, cacheSize, cacheBytes, snapshotEvery, indexCacheBytes);
        }
        String url = in.nonBlank("yantar.storage.postgres.url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidConfigException("yantar.storage.postgres.url", "must start with jdbc:postgresql: (was " + url + ")");
        }
        return new StorageSettings(kind, url, in.nonBlank("yantar.storage.postgres.user"),
                in.string("yantar.storage.postgres.password"), poolSize, cacheSize, cacheBytes, snapshotEvery, 0);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Typed access that turns every missing or malformed value into an error naming its key. */
    private record Reader(Config config, Path baseDir) {
        /** The value at {@code key} read by {@code getter}; a missing or mistyped value is an error naming the key. */
        <T> T typed(String key, java.util.function.Function<String, T> getter, String wrongType) {
            try {
                return getter.apply(key);
            } catch (ConfigException.Missing e) {
                throw new InvalidConfigException(key, "is missing");
            } catch (ConfigException.WrongType e) {
                throw new InvalidConfigException(key, wrongType);
            }
        }

        String string(String key) {
            try {
                return config.getString(key);
            } catch (ConfigException.Missing e) {
                throw new InvalidConfigException(key, "is missing");
            } catch (ConfigException.WrongType e) {
                throw new InvalidConfigException(key, "must be a string");
            }
        }

        boolean bool(String key) {
            try {
                return config.getBoolean(key);
            } catch (ConfigException.Missing e) {
                throw new InvalidConfigException(key, "is missing");
            } catch (ConfigException.WrongType e) {
                throw new InvalidConfigException(key, "must be on or off");
            }
        }

        /** A path to an existing file that only its owner may read or write. */
        Path secretFile(String key) {
            Path file = path(key);
            Optional<String> problem = OwnerOnlyFiles.secretFileProblem(file);
            if (problem.isPresent()) {
                throw new InvalidConfigException(key, problem.get());
            }
            return file;
        }

        /** The first line of an owner-only file, which must not be empty. */
        String passwordFile(String key) {
            Path file = secretFile(key);
            String password;
            try {
                password = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new InvalidConfigException(key, "cannot read " + file + " (" + e.getMessage() + ")");
            }
            if (password.isEmpty()) {
                throw new InvalidConfigException(key, file + " holds no password");
            }
            return password;
        }

        String nonBlank(String key) {
            String value = string(key);
            if (value.isBlank()) {
                throw new InvalidConfigException(key, "must not be empty");
            }
            return value;
        }

        String matching(String key, Pattern pattern, String expected) {
            String value = nonBlank(key);
            if (!pattern.matcher(value).matches()) {
                throw new InvalidConfigException(key, "must be " + expected + " (was \"" + value + "\")");
            }
            return value;
        }

        String oneOf(String key, Set<String> allowed) {
            String value = nonBlank(key);
            if (!allowed.contains(value)) {
                throw new InvalidConfigException(key, "must be one of " + new java.util.TreeSet<>(allowed) + " (was \"" + value + "\")");
            }
            return value;
        }

        String host(String key) {
            return matching(key, HOST, "a host name or IP address");
        }

        int port(String key) {
            return intBetween(key, 1, 65535);
        }

        int intBetween(String key, int min, int max) {
            int value = typed(key, config::getInt, "must be a whole number");
            if (value < min || value > max) {
                throw new InvalidConfigException(key, "must be between " + min + " and " + max + " (was " + value + ")");
            }
            return value;
        }

        long bytesBetween(String key, long min, long max) {
            long value;
            try {
                value = config.getBytes(key);
            } catch (ConfigException.Missing e) {
                throw new InvalidConfigException(key, "is missing");
            } catch (ConfigException.BadValue | ConfigException.WrongType e) {
                throw new InvalidConfigException(key, "must be a size such as 1MiB or 65536");
            }
            if (value < min || value > max) {
                throw new InvalidConfigException(key, "must be between " + min + " and " + max + " bytes (was " + value + ")");
            }
            return value;
        }

        double doubleBetween(String key, double min, double max) {
            double value = typed(key, config::getDouble, "must be a number");
            if (!(value >= min && value <= max)) {
                throw new InvalidConfigException(key, "must be between " + min + " and " + max + " (was " + value + ")");
            }
            return value;
        }

        Duration durationBetween(String key, Duration min, Duration max) {
            Duration value;
            try {
                value = config.getDuration(key);
            } catch (ConfigException.Missing e) {
                throw new InvalidConfigException(key, "is missing");
            } catch (ConfigException.BadValue | ConfigException.WrongType e) {
                throw new InvalidConfigException(key, "must be a duration such as 30s or 500ms");
            }
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new InvalidConfigException(key, "must be between " + written(min) + " and " + written(max)
                        + " (was " + written(value) + ")");
            }
            return value;
        }

        /** As an operator writes it in the file (500ms, 60s), not as Duration prints it (PT0.5S). */
        private static String written(Duration duration) {
            return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
        }

        Path path(String key) {
            String value = nonBlank(key);
            try {
                return baseDir.resolve(value).toAbsolutePath().normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new InvalidConfigException(key, "is not a valid path (" + e.getReason() + ")");
            }
        }

        List<HostPort> hostPorts(String key) {
            List<String> values;
            try {
                values = config.getStringList(key);
            } catch (ConfigException.Missing e) {
                throw new InvalidConfigException(key, "is missing");
            } catch (ConfigException.WrongType e) {
                throw new InvalidConfigException(key, "must be a list of \"host:port\" strings");
            }
            if (values.isEmpty()) {
                throw new InvalidConfigException(key, "must name at least one seed node");
            }
            List<HostPort> result = new ArrayList<>();
            for (String value : values) {
                int colon = value.lastIndexOf(':');
                if (colon <= 0 || !HOST.matcher(value.substring(0, colon)).matches()) {
                    throw new InvalidConfigException(key, "\"" + value + "\" is not host:port");
                }
                int port;
                try {
                    port = Integer.parseInt(value.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new InvalidConfigException(key, "\"" + value + "\" has no numeric port");
                }
                if (port < 1 || port > 65535) {
                    throw new InvalidConfigException(key, "\"" + value + "\" has a port outside 1..65535");
                }
                result.add(new HostPort(value.substring(0, colon), port));
            }
            return result;
        }
    }
}
