package io.yantar.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.node.network.NetworkLayout;
import io.yantar.node.testing.Await;
import io.yantar.node.testing.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code yantar up --detach} and {@code yantar down} with four real node processes. */
class UpDownTest {
    private static final Pattern READY_LINE = Pattern.compile("(node-\\d+) ready (http://127\\.0\\.0\\.1:(\\d+))");

    @TempDir
    Path dir;

    private Path network;

    @AfterEach
    void stopWhateverIsLeft() {
        if (network != null) {
            YantarCli.run(new String[] {"down", "--network", network.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        }
    }

    @Test
    void upStartsEveryNodeAsAProcessAndDownStopsThem() throws Exception {
        int ports = generate("network");

        Result up = run("up", "--network", network.toString(), "--detach", "--timeout", "100s", "--java-opt=-Xmx256m", "--java-opt=-XX:TieredStopAtLevel=1");
        assertEquals(0, up.code, up.err + up.out);
        List<String> readyNodes = new ArrayList<>();
        for (String line : up.out.split("\n")) {
            Matcher matcher = READY_LINE.matcher(line);
            if (matcher.matches()) {
                readyNodes.add(matcher.group(1));
                int port = Integer.parseInt(matcher.group(3));
                assertEquals(ports + 4 + Integer.parseInt(matcher.group(1).substring(5)) - 1, port, line);
                assertEquals(200, httpStatus(matcher.group(2) + "/health/ready"), line);
            }
        }
        assertEquals(List.of("node-1", "node-2", "node-3", "node-4"), readyNodes.stream().sorted().toList(), up.out);

        NetworkLayout layout = new NetworkLayout(network);
        List<ProcessHandle> processes = new ArrayList<>();
        for (String nodeId : readyNodes) {
            Optional<ProcessHandle> process = LocalConsortium.runningProcess(layout, nodeId);
            assertTrue(process.isPresent(), nodeId + " has a live process behind its pid file");
            processes.add(process.get());
            // The node logs readiness on its next readiness check, which may come just after /health/ready answered 200.
            Await.until("the node logs to " + layout.logFile(nodeId), () -> logContains(layout.logFile(nodeId), nodeId + " is ready"),
                    Duration.ofSeconds(10));
            assertTrue(logContains(layout.logFile(nodeId), "over Artery tls-tcp,"), nodeId + " links to the others over TLS by default");
        }

        Result again = run("up", "--network", network.toString(), "--detach");
        assertEquals(1, again.code);
        assertTrue(again.err.startsWith("yantar up: node-1 of " + layout.root() + " is running (pid "), again.err);

        Result down = run("down", "--network", network.toString());
        assertEquals(0, down.code, down.err);
        for (ProcessHandle process : processes) {
            assertFalse(process.isAlive(), "pid " + process.pid() + " stopped");
        }
        assertTrue(LocalConsortium.recordedNodes(layout).isEmpty(), "pid files removed");
        assertTrue(down.out.contains("node-4 stopped"), down.out);
    }

    @Test
    void upWithNoTlsRunsATlsNetworkOverPlainTcpAndWarns() throws Exception {
        generate("plain");
        NetworkLayout layout = new NetworkLayout(network);
        assertTrue(Files.readString(layout.nodeConfig("node-1")).contains("key-store"), "the generated network uses TLS");

        Result up = run("up", "--network", network.toString(), "--no-tls", "--detach", "--timeout", "100s", "--java-opt=-Xmx256m",
                "--java-opt=-XX:TieredStopAtLevel=1");
        assertEquals(0, up.code, up.err + up.out);
        assertEquals(UpCommand.NO_TLS_WARNING, up.err.trim(), "the warning goes to stderr, the ready lines stay on stdout");
        assertEquals(4, up.out.lines().filter(line -> READY_LINE.matcher(line).matches()).count(), up.out);
        for (String nodeId : List.of("node-1", "node-2", "node-3", "node-4")) {
            String log = Files.readString(layout.logFile(nodeId));
            assertTrue(log.contains("--no-tls: " + nodeId + " talks plain TCP"), nodeId + " warns in its log");
            assertTrue(log.contains("over Artery tcp,"), nodeId + " runs Artery over plain TCP: " + log);
        }
    }

    @Test
    void upFailsNamingTheNodeThatCouldNotStartAndStopsTheOthers() throws Exception {
        generate("broken");
        NetworkLayout layout = new NetworkLayout(network);
        Files.setPosixFilePermissions(layout.key("node-2"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        Result up = run("up", "--network", network.toString(), "--detach", "--timeout", "100s", "--java-opt=-Xmx256m");
        assertEquals(1, up.code, up.out);
        assertEquals("yantar up: node-2 exited with code 1 before it was ready; see " + layout.logFile("node-2"), up.err.trim());
        assertTrue(Files.readString(layout.logFile("node-2")).contains("yantar node: yantar.key-file: "), "the node's log says why");
        assertTrue(LocalConsortium.recordedNodes(layout).isEmpty(), "the other nodes were stopped and their pid files removed");
    }

    /** Writes a network of four nodes into {@code dir/name} (TLS on, as by default) and returns its first cluster port. */
    private int generate(String name) {
        network = dir.resolve(name);
        int ports = FreePorts.consecutive(8);
        assertEquals(0, run("genesis", "--out", network.toString(), "--base-port", Integer.toString(ports),
                "--http-base-port", Integer.toString(ports + 4), "--citizens", "1").code);
        return ports;
    }

    private static int httpStatus(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = YantarCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
