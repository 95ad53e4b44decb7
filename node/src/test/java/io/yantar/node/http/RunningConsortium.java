package io.yantar.node.http;

import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.node.YantarNode;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.consensus.ConsensusReplicaPlugin;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.testing.Await;
import io.yantar.node.testing.TestNetworks;
import io.yantar.proto.Genesis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Four real validators with the real consensus plug-in in this JVM (Artery on loopback, H2
 * files, HTTP on real sockets), started once and shared by the HTTP and CLI test classes; they
 * stop when the whole test run ends. node-4 waits only {@value #SHORT_WAIT_MILLIS} ms for a
 * commit, so the 504 path can be tested quickly; node-3 keeps one recent receipt in memory, so its
 * lookups of older payments go through the persistent transaction index.
 */
public final class RunningConsortium implements ExtensionContext.Store.CloseableResource {
    public static final long SHORT_WAIT_MILLIS = 700;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path root;
    private final NetworkLayout layout;
    private final List<YantarNode> nodes = new ArrayList<>();
    private final Genesis genesis;

    private RunningConsortium() throws IOException {
        root = Files.createTempDirectory("yantar-api-test");
        layout = TestNetworks.generate(root, 4);
        Files.writeString(layout.nodeConfig("node-4"), "\nyantar.http.commit-wait-timeout = " + SHORT_WAIT_MILLIS + "ms\n",
                StandardOpenOption.APPEND);
        // node-3 keeps a single recent receipt: every older lookup there goes through the transaction index table.
        Files.writeString(layout.nodeConfig("node-3"), "\nyantar.mempool.committed-receipts-cached = 1\n", StandardOpenOption.APPEND);
        genesis = Genesis.parseFrom(Files.readAllBytes(layout.genesisBinary()));
        try {
            for (int i = 1; i <= 4; i++) {
                nodes.add(YantarNode.start(NodeConfigLoader.load(layout.nodeConfig("node-" + i)), new ConsensusReplicaPlugin()));
            }
            HttpClient http = HttpClient.newHttpClient();
            Await.until("all four nodes are ready", () -> nodes.stream().allMatch(node -> ready(http, node)), READY_TIMEOUT);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The consortium of this test run, started on first use. */
    static RunningConsortium get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(RunningConsortium.class, key -> {
                    try {
                        return new RunningConsortium();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, RunningConsortium.class);
    }

    /** Injects the shared consortium into test methods and lifecycle methods: {@code @ExtendWith(RunningConsortium.Resolver.class)}. */
    public static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == RunningConsortium.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return get(context);
        }
    }

    public List<YantarNode> nodes() {
        return nodes;
    }

    public URI url(int nodeIndex) {
        return URI.create("http://127.0.0.1:" + nodes.get(nodeIndex).httpPort());
    }

    /** node-1's admin listener. */
    public URI adminUrl() {
        return URI.create("http://127.0.0.1:" + nodes.get(0).adminPort().orElseThrow());
    }

    public NetworkLayout layout() {
        return layout;
    }

    public Genesis genesis() {
        return genesis;
    }

    public SigningKey key(String name) {
        try {
            return KeyFiles.read(layout.key(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        nodes.forEach(YantarNode::close);
    }

    private static boolean ready(HttpClient http, YantarNode node) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
