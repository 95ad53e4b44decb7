package io.yantar.node.chaos;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.yantar.node.network.NetworkLayout;
import java.io.IOException;
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

/** Node processes of one generated network folder, each with its log in {@code logs/}. Closing stops them all. */
final class ProcessConsortium implements AutoCloseable {
    private final NetworkLayout layout;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private static final int START_ATTEMPTS_MAX = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final java.util.concurrent.atomic.AtomicInteger supervisorRestarts = new java.util.concurrent.atomic.AtomicInteger();

    ProcessConsortium(NetworkLayout layout) throws IOException {
        this.layout = layout;
        Files.createDirectories(layout.logsDir());
    }

    /** Adds a node run from {@code config} (a generated file, possibly with overrides appended). */
    NodeProcess add(String name, Path config) {
        return add(name, config, NodeProcess.Launch.LOOPBACK);
    }

    /** Adds a node launched as {@code launch} says (in a namespace, Byzantine, with a skewed clock). */
    NodeProcess add(String name, Path config, NodeProcess.Launch launch) {
        NodeProcess node = process(name, config, launch);
        nodes.add(node);
        return node;
    }

    /** A process that is not one of the consortium's nodes (a twin): the caller starts and stops it. */
    NodeProcess process(String name, Path config, NodeProcess.Launch launch) {
        Config parsed = ConfigFactory.parseFile(config.toFile()).resolve();
        return new NodeProcess(name, config, layout.logsDir().resolve(name + ".log"), parsed.getInt("yantar.http.port"), launch);
    }

    /** Appends HOCON to a node file (later keys win), e.g. a shorter commit wait. */
    static void appendTo(Path config, String hocon) throws IOException {
        Files.writeString(config, "\n" + hocon + "\n", StandardOpenOption.APPEND);
    }

    List<NodeProcess> nodes() {
        return nodes;
    }

    NodeProcess node(int oneBased) {
        return nodes.get(oneBased - 1);
    }

    void startAll() {
        nodes.forEach(NodeProcess::start);
    }

    /**
     * Starts the nodes one after the other, each once the previous one answers HTTP: on a loaded
     * machine four JVMs starting at once can take so long that Pekko's start-up steps time out.
     */
    void startOneByOne(Duration timeout) {
        for (NodeProcess node : nodes) {
            node.start();
            Await.until(node.name() + " answers HTTP (log " + node.log() + ")", () -> live(node) || !node.running(), timeout);
        }
    }

    boolean live(NodeProcess node) {
        return answersOk(node, "/health/live");
    }

    /**
     * Waits until each node answers ready. A node whose process has exited (on this shared 2-core
     * machine a start-up step can time out; a node downed by the split-brain resolver exits by
     * design) is started again, at most {@value #START_ATTEMPTS_MAX} times per wait, as a
     * supervisor would; each such restart is counted. Every node is supervised, not only those
     * waited for: a node is ready only in a cluster with a quorum of the validators.
     */
    void awaitReady(List<NodeProcess> which, Duration timeout) {
        for (NodeProcess node : which) {
            Supervisor supervisor = supervisor();
            Await.until(node.name() + " ready (log " + node.log() + ")", () -> {
                nodes().forEach(supervisor::restartIfExited);
                return ready(node);
            }, timeout);
        }
    }

    /**
     * A supervisor for one wait: it starts again a node whose process has exited on its own, at
     * most {@value #START_ATTEMPTS_MAX} times per node, and counts each restart. Waits after the
     * faults use it too: the split-brain resolver can down a node (which then exits) when
     * reachability settles, after the last fault's own wait is over.
     */
    Supervisor supervisor() {
        return new Supervisor(new java.util.HashMap<>());
    }

    final class Supervisor {
        private final java.util.Map<NodeProcess, Integer> attempts;

        private Supervisor(java.util.Map<NodeProcess, Integer> attempts) {
            this.attempts = attempts;
        }

        void restartIfExited(NodeProcess node) {
            if (!node.running() && !node.paused() && attempts.getOrDefault(node, 0) < START_ATTEMPTS_MAX) {
                attempts.merge(node, 1, Integer::sum);
                supervisorRestarts.incrementAndGet();
                node.start();
            }
        }
    }

    /** Nodes started again because their process had exited on its own. */
    int supervisorRestarts() {
        return supervisorRestarts.get();
    }

    boolean ready(NodeProcess node) {
        return answersOk(node, "/health/ready");
    }

    private boolean answersOk(NodeProcess node, String path) {
        try {
            return http.send(HttpRequest.newBuilder(node.http().resolve(path)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The (height, last block hash) a node serves, or empty text when it does not answer. */
    String tip(NodeProcess node) {
        try {
            String body = http.send(HttpRequest.newBuilder(node.http().resolve("/v1/status")).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            com.fasterxml.jackson.databind.JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            return status.path("height").asText() + "/" + status.path("lastBlockHash").asText();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The committed height a node serves, or -1 when it does not answer. */
    long height(NodeProcess node) {
        String tip = tip(node);
        try {
            return tip.isEmpty() ? -1 : Long.parseLong(tip.substring(0, tip.indexOf('/')));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    List<URI> urls() {
        return nodes.stream().map(NodeProcess::http).toList();
    }

    @Override
    public void close() {
        for (NodeProcess node : nodes) {
            try {
                node.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
