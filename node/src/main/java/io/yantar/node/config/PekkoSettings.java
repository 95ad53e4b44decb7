package io.yantar.node.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.yantar.node.config.NodeConfig.HostPort;
import io.yantar.node.config.NodeConfig.StorageKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The ActorSystem configuration of one node: the values derived from its {@link NodeConfig}
 * (Artery address, seed nodes, roles, JDBC database), over the file's own {@code pekko}
 * section, over {@code yantar-pekko.conf} (cluster provider, split-brain resolver, JDBC
 * persistence, logging), over the merged {@code reference.conf} of all modules (which holds
 * the Yantar serializer's registration) and Pekko's defaults.
 */
public final class PekkoSettings {
    /** The cluster role carrying a member's node id, e.g. {@code node:node-1}. */
    public static final String NODE_ROLE_PREFIX = "node:";

    /**
     * How long a restarted first seed asks the other seeds to let it in before it forms a cluster
     * alone. With the 2 s {@code yantar-pekko.conf} then set (1 s now) a first seed restarted while
     * the others ran on a loaded host got no answer in time and formed a cluster of its own: ready, a member Up,
     * and never hearing a peer (RELIABILITY O4). A whole consortium restarted at once forms up to
     * this much later.
     */
    static final String RESTARTED_FIRST_SEED_TIMEOUT = "60s";

    private PekkoSettings() {
    }

    /** The first seed, starting over state it wrote before (a restart, not the consortium's first start). */
    static boolean restartedFirstSeed(NodeConfig node) {
        List<HostPort> seeds = node.cluster().seedNodes();
        if (seeds.isEmpty() || !seeds.get(0).equals(new HostPort(node.cluster().host(), node.cluster().port()))) {
            return false;
        }
        try (Stream<Path> files = Files.list(node.dataDir())) {
            return files.findAny().isPresent();
        } catch (IOException e) {
            return false; // no data directory yet: a first start
        }
    }

    public static Config forNode(NodeConfig node) {
        Map<String, Object> values = new HashMap<>();
        values.put("pekko.remote.artery.canonical.hostname", node.cluster().host());
        values.put("pekko.remote.artery.canonical.port", node.cluster().port());
        values.put("pekko.cluster.seed-nodes", seedAddresses(node));
        if (restartedFirstSeed(node)) {
            values.put("pekko.cluster.seed-node-timeout", RESTARTED_FIRST_SEED_TIMEOUT);
        }
        values.put("pekko.cluster.roles", List.of(NODE_ROLE_PREFIX + node.identity().nodeId(), node.identity().role()));
        values.putAll(transportSettings(node.transport()));
        values.put("pekko.http.server.request-timeout", node.http().requestTimeout().toMillis() + "ms");
        // Pekko HTTP's own limit is kept above ours so that the route answers 413 as problem+json.
        values.put("pekko.http.server.parsing.max-content-length", Long.toString(node.http().requestBodyBytesMax() * 2));
        String db = "pekko-persistence-jdbc.shared-databases.slick.";
        boolean postgres = node.storage().kind() == StorageKind.POSTGRES;
        values.put(db + "profile", postgres ? "slick.jdbc.PostgresProfile$" : "slick.jdbc.H2Profile$");
        values.put(db + "db.url", node.storage().url());
        values.put(db + "db.user", node.storage().user());
        values.put(db + "db.password", node.storage().password());
        values.put(db + "db.driver", postgres ? "org.postgresql.Driver" : "org.h2.Driver");
        values.put(db + "db.numThreads", node.storage().poolSize());
        values.put(db + "db.maxConnections", node.storage().poolSize());
        values.put(db + "db.minConnections", 1);
        Config derived = ConfigFactory.parseMap(values, "node configuration " + node.identity().nodeId());
        return derived
                .withFallback(node.pekkoOverrides())
                .withFallback(ConfigFactory.parseResources(PekkoSettings.class, "/yantar-pekko.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    /**
     * Artery's transport: plain {@code tcp}, or {@code tls-tcp} with Pekko's config-driven SSL
     * engine (TLSv1.3 only, a client certificate required from every peer). These keys come
     * after the file's own {@code pekko} section, so it cannot weaken them.
     */
    static Map<String, Object> transportSettings(TransportSecurity transport) {
        Map<String, Object> values = new HashMap<>();
        if (!(transport instanceof TransportSecurity.MutualTls tls)) {
            values.put("pekko.remote.artery.transport", "tcp");
            return values;
        }
        String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
        values.put("pekko.remote.artery.transport", "tls-tcp");
        values.put("pekko.remote.artery.ssl.ssl-engine-provider", "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider");
        values.put(engine + "key-store", tls.keyStore().toString());
        values.put(engine + "key-store-password", tls.keyStorePassword());
        values.put(engine + "key-password", tls.keyStorePassword());
        values.put(engine + "trust-store", tls.trustStore().toString());
        values.put(engine + "trust-store-password", tls.trustStorePassword());
        values.put(engine + "protocol", TransportSecurity.MutualTls.PROTOCOL);
        values.put(engine + "enabled-algorithms", TransportSecurity.MutualTls.CIPHER_SUITES);
        values.put(engine + "require-mutual-authentication", true);
        values.put(engine + "hostname-verification", tls.hostnameVerification());
        return values;
    }

    /** {@code pekko://system@host:port} for every seed node, in the configured order. */
    public static List<String> seedAddresses(NodeConfig node) {
        return node.cluster().seedNodes().stream().map(seed -> address(node.cluster().systemName(), seed)).toList();
    }

    public static String address(String systemName, HostPort hostPort) {
        return "pekko://" + systemName + "@" + hostPort.host() + ":" + hostPort.port();
    }
}
