package io.yantar.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A consortium the bench starts on this machine with the node's own commands
 * ({@code yantar genesis}, {@code yantar up --detach}, {@code yantar down}) run from the
 * node's jar, so every validator is its own process exactly as an operator runs it.
 */
final class LocalNetwork {
    static final String CHAIN_ID = "yantar-bench";
    private static final String LOOPBACK = "127.0.0.1";
    /** How long 'yantar up' may take: on a busy 2-core machine seven JVMs need minutes. */
    private static final int UP_TIMEOUT_SECONDS = 300;
    private static final int COMMAND_TIMEOUT_SECONDS = UP_TIMEOUT_SECONDS + 60;

    private final Path nodeJar;
    private final Path root;
    private final int replicas;
    private final int httpBasePort;
    private final PrintStream log;

    LocalNetwork(Path nodeJar, Path root, int replicas, int httpBasePort, PrintStream log) {
        this.nodeJar = nodeJar;
        this.root = root;
        this.replicas = replicas;
        this.httpBasePort = httpBasePort;
        this.log = log;
    }

    /** The node jar: {@code -Dyantar.jar=...} (set by bin/yantar), else node/target/yantar.jar under the working directory. */
    static Path findNodeJar() {
        String configured = System.getProperty("yantar.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("node", "target", "yantar.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the node jar " + jar.toAbsolutePath() + " is missing; build it with: ./mvnw -q -o -pl node package -DskipTests");
        }
        return jar;
    }

    Path root() {
        return root;
    }

    List<URI> httpUrls() {
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            urls.add(URI.create("http://" + LOOPBACK + ":" + (httpBasePort + i)));
        }
        return urls;
    }

    List<NodeProcesses.Process> processes() {
        List<NodeProcesses.Process> processes = new ArrayList<>();
        for (int i = 1; i <= replicas; i++) {
            String nodeId = "node-" + i;
            NodeProcesses.readPid(root.resolve("run").resolve(nodeId + ".pid"))
                    .ifPresent(pid -> processes.add(new NodeProcesses.Process(nodeId, pid)));
        }
        return processes;
    }

    /** @param suiteId the crypto suite of the whole network (its genesis, every key) */
    void generate(int clusterBasePort, String suiteId) throws IOException, InterruptedException {
        yantar("genesis", "--out", root.toString(), "--validators", Integer.toString(replicas), "--chain-id", CHAIN_ID,
                "--base-port", Integer.toString(clusterBasePort), "--http-base-port", Integer.toString(httpBasePort), "--citizens", "0",
                "--suite", suiteId);
    }

    /** Points every node at PostgreSQL: a later block of a HOCON file overrides the earlier one. */
    void usePostgres(String urlTemplate, String user) throws IOException {
        for (int i = 1; i <= replicas; i++) {
            String nodeId = "node-" + i;
            String database = urlTemplate.contains("%s") ? urlTemplate.formatted(nodeId.replace('-', '_')) : urlTemplate;
            String override = "\n# written by yantar bench --storage postgres\nyantar.storage { kind = \"postgres\", postgres { url = \""
                    + database + "\", user = \"" + user + "\" } }\n";
            Files.writeString(root.resolve(nodeId + ".conf"), override, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    /**
     * Lifts the per-client rate limit of every node: the bench is one client address that sends
     * the load of many, and a throttled bench measures its own retries, not the consortium.
     */
    void liftClientRateLimit() throws IOException {
        String override = "\n# written by yantar bench: the bench is one client address carrying the load of many\n"
                + "yantar.http.rate-limit { requests-per-second = 1000000, burst = 1000000 }\n";
        for (int i = 1; i <= replicas; i++) {
            Files.writeString(root.resolve("node-" + i + ".conf"), override, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    void up() throws IOException, InterruptedException {
        yantar("up", "--network", root.toString(), "--detach", "--timeout", UP_TIMEOUT_SECONDS + "s");
    }

    void down() {
        try {
            yantar("down", "--network", root.toString());
        } catch (IOException e) {
            log.println("bench: stopping the consortium failed: " + e.getMessage() + "; stop it with: bin/yantar down --network " + root);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void yantar(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(nodeJar.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var output = process.getInputStream()) {
            output.transferTo(log);
        }
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("yantar " + arguments[0] + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("yantar " + String.join(" ", arguments) + " exited with " + process.exitValue());
        }
    }
}
