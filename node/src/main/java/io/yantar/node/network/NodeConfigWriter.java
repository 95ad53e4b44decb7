package io.yantar.node.network;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import io.yantar.node.security.ConsortiumTlsFiles;
import io.yantar.proto.ValidatorInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The HOCON file of one node of a generated network. Paths are relative to the network
 * folder, where the file lives, so the folder can be moved or copied to another machine.
 */
public final class NodeConfigWriter {
    private NodeConfigWriter() {
    }

    public static String render(ValidatorInfo self, List<ValidatorInfo> all, boolean tls) {
        String seeds = all.stream()
                .map(v -> quote(v.getHost() + ":" + v.getClusterPort()))
                .collect(Collectors.joining(", ", "[", "]"));
        String nodeId = self.getNodeId();
        return """
                # Node %1$s of a consortium written by `yantar genesis`.
                # Start it with: bin/yantar node --config %1$s.conf   (keys: docs/OPERATIONS.md)
                # Relative paths are resolved against this file's folder.
                yantar {
                  node {
                    id = %2$s
                    organisation = %3$s
                    role = %4$s
                  }
                  key-file = %5$s
                  genesis-file = "genesis.pb"
                  data-dir = %6$s

                  cluster {
                    host = %7$s
                    port = %8$d
                    # The same list, in the same order, on every node; the first one forms the cluster.
                    seed-nodes = %9$s
                  }

                %12$s
                  http {
                    host = "127.0.0.1"
                    port = %10$d
                    request-body-bytes-max = 2MiB
                  }

                  # Governance (yantar admin ...): requests signed by admin keys, local-only.
                  admin {
                    enabled = true
                    host = "127.0.0.1"
                    port = %13$d
                  }

                  storage {
                    # h2: embedded database in data-dir. For PostgreSQL set kind = "postgres" and
                    # postgres { url = "jdbc:postgresql://host:5432/yantar_%11$s", user = "...", password = "..." }
                    kind = "h2"
                  }
                }
                """.formatted(
                nodeId,
                quote(nodeId),
                quote(self.getOrganisation()),
                quote(self.getRole()),
                quote("keys/" + nodeId + ".key"),
                quote(NetworkLayout.relativeDataDir(nodeId)),
                quote(self.getHost()),
                self.getClusterPort(),
                seeds,
                self.getHttpPort(),
                nodeId.replace('-', '_'),
                tls ? tlsSection(nodeId) : PLAIN_TCP_SECTION,
                adminPort(self));
    }

    /** The admin listener's port: the HTTP port + {@value #ADMIN_PORT_OFFSET} (8081 -> 8181). */
    public static int adminPort(ValidatorInfo validator) {
        return validator.getHttpPort() + ADMIN_PORT_OFFSET;
    }

    public static final int ADMIN_PORT_OFFSET = 100;

    private static final String PLAIN_TCP_SECTION = """
              # Links between nodes are plain TCP (generated with --no-tls): anyone who can reach
              # the cluster port can join. See docs/SECURITY.md.
              tls.enabled = false
            """;

    private static String tlsSection(String nodeId) {
        ConsortiumTlsFiles files = new ConsortiumTlsFiles(Path.of(NetworkLayout.TLS_DIR));
        return """
                  # Links between nodes: Artery over TLSv1.3 with mutual authentication against the
                  # consortium CA (docs/SECURITY.md). Password files are 0600 beside their stores.
                  tls {
                    enabled = true
                    key-store = %s
                    key-store-password-file = %s
                    trust-store = %s
                    trust-store-password-file = %s
                    # A peer's certificate must name the host it is dialled at.
                    hostname-verification = on
                  }
                """.formatted(
                quote(portable(files.keyStore(nodeId))),
                quote(portable(files.keyStorePassword(nodeId))),
                quote(portable(files.caTrustStore())),
                quote(portable(files.caTrustStorePassword())));
    }

    /**
     * The {@code yantar.http.tls} lines of {@code yantar genesis --https}: the API is served
     * with the node's certificate from the consortium CA (the same keystore as the cluster
     * link; its certificate names the node's host and allows serverAuth).
     */
    public static String httpsSection(String nodeId) {
        ConsortiumTlsFiles files = new ConsortiumTlsFiles(Path.of(NetworkLayout.TLS_DIR));
        return """

                # HTTPS for the API (yantar genesis --https): clients verify it with tls/ca.crt.
                yantar.http.tls {
                  enabled = on
                  key-store = %s
                  key-store-password-file = %s
                }
                """.formatted(quote(portable(files.keyStore(nodeId))), quote(portable(files.keyStorePassword(nodeId))));
    }

    private static String portable(Path relative) {
        return relative.toString().replace('\\', '/');
    }

    private static String quote(String value) {
        return ConfigValueFactory.fromAnyRef(value).render(ConfigRenderOptions.concise());
    }
}
