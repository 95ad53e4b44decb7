package io.yantar.node.cli;

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

    NodeClient client() {
        URI uri;
        try {
            uri = NodeClient.parseNodeUrl(node);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return new NodeClient(uri, REQUEST_TIMEOUT);
    }
}
