package io.yantar.node.cli;

import io.yantar.node.security.TrustedCa;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --node URL}: which node a client command talks to. */
final class NodeOption {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--node", defaultValue = NodeClient.DEFAULT_NODE, paramLabel = "URL",
            description = "The node's HTTP address (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "With an https:// node: the PEM certificate of the CA that issued the node's certificate (a network's tls/ca.crt).")
    java.nio.file.Path ca;

    NodeClient client() {
        URI uri;
        try {
            uri = NodeClient.parseNodeUrl(node);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (ca != null && !"https".equals(uri.getScheme())) {
            throw new ParameterException(spec.commandLine(), "--ca is for an https:// node (--node was " + node + ")");
        }
        try {
            return new NodeClient(uri, REQUEST_TIMEOUT, java.util.Optional.ofNullable(ca).map(TrustedCa::clientContext));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
