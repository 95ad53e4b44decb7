package io.yantar.node.cli;

import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code yantar up}: starts every node of a network folder as its own process, prints
 * {@code node-N ready http://127.0.0.1:PORT} as each answers {@code /health/ready}, then runs
 * until Ctrl-C (stopping them all) or, with {@code --detach}, returns.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts the whole consortium of a network folder on this machine (generated with 'yantar genesis' when missing).",
                "Prints 'node-N ready http://127.0.0.1:PORT' per node once it is ready; Ctrl-C stops them all.",
                "Logs go to DIR/logs/node-N.log, pid files to DIR/run/."})
final class UpCommand implements Callable<Integer> {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Option(names = "--network", defaultValue = "network", paramLabel = "DIR", description = "Network folder (default: ./${DEFAULT-VALUE}).")
    Path network;

    @Option(names = "--detach", description = "Return once every node is ready, leaving them running (stop them with 'yantar down').")
    boolean detach;

    @Option(names = "--timeout", defaultValue = "120s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for every node to be ready (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--java-opt", paramLabel = "OPT", description = "A JVM option for each node process (repeatable; replaces the defaults: -Xmx512m -Xmn256m -XX:+UseParallelGC"
                    + " -XX:MetaspaceSize=64m and four times the JDK's Tier4 compile thresholds, docs/OPERATIONS.md).")
    List<String> javaOptions;

    @Option(names = "--no-tls", description = {"Debugging only: the nodes talk plain Artery TCP, unauthenticated and unencrypted,",
            "whatever their files say (consensus messages stay signed). TLS is on by default."})
    boolean noTls;

    static final String NO_TLS_WARNING = "warning: --no-tls: the nodes talk plain TCP to each other, unauthenticated and unencrypted;"
            + " anyone who can reach their cluster ports can join the links. For debugging only.";

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        NetworkLayout layout = new NetworkLayout(network);
        if (!Files.exists(layout.root())) {
            GenesisCommand.write(layout, NetworkSpec.defaults(), false, out);
        }
        List<LocalConsortium.Member> members = LocalConsortium.members(layout);
        LocalConsortium.requireNotRunning(layout);
        if (noTls) {
            spec.commandLine().getErr().println(NO_TLS_WARNING);
            spec.commandLine().getErr().flush();
        }
        Files.createDirectories(layout.logsDir());
        Map<LocalConsortium.Member, Process> processes = new LinkedHashMap<>();
        Thread stopper = new Thread(() -> stopAll(layout, processes), "yantar-up-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        boolean leaveRunning = false;
        try {
            for (LocalConsortium.Member member : members) {
                boolean first = processes.isEmpty();
                Process process = LocalConsortium.launcher(layout, member, javaOptions == null ? NodeJavaOptions.DEFAULTS : javaOptions, noTls,
                        first).start();
                processes.put(member, process);
                LocalConsortium.writePid(layout, member.nodeId(), process.pid());
            }
            awaitReady(layout, processes, out);
            if (detach) {
                leaveRunning = true;
                out.println("consortium running in the background; stop it with: yantar down --network " + layout.root());
                return YantarCli.EXIT_OK;
            }
            out.println("all " + members.size() + " nodes ready; press Ctrl-C to stop them");
            out.flush();
            watchUntilAllExit(layout, processes, out);
            return YantarCli.EXIT_FAILURE;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
                if (!leaveRunning) {
                    stopAll(layout, processes);
                }
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting (Ctrl-C): the hook is stopping the nodes.
            }
        }
    }

    private void awaitReady(NetworkLayout layout, Map<LocalConsortium.Member, Process> processes, PrintWriter out) throws InterruptedException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT);
        if (java.nio.file.Files.isRegularFile(layout.tls().caCertificate())) {
            // Nodes generated with --https present certificates from the network's own CA.
            builder.sslContext(io.yantar.node.security.TrustedCa.clientContext(layout.tls().caCertificate()));
        }
        HttpClient client = builder.build();
        List<LocalConsortium.Member> waiting = new ArrayList<>(processes.keySet());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!waiting.isEmpty()) {
            for (LocalConsortium.Member member : List.copyOf(waiting)) {
                Process process = processes.get(member);
                if (!process.isAlive()) {
                    throw new UserError(member.nodeId() + " exited with code " + process.exitValue() + " before it was ready; see "
                            + layout.logFile(member.nodeId()));
                }
                if (isReady(client, member)) {
                    waiting.remove(member);
                    out.println(member.nodeId() + " ready " + member.httpUrl());
                    out.flush();
                }
            }
            if (!waiting.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new UserError(waiting.get(0).nodeId() + " was not ready within " + timeout.toSeconds() + " s; see "
                            + layout.logFile(waiting.get(0).nodeId()));
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        }
    }

    private static boolean isReady(HttpClient client, LocalConsortium.Member member) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(member.httpUrl() + "/health/ready")).timeout(PROBE_TIMEOUT).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    /** Reports nodes that stop on their own; returns when none is left. Ctrl-C ends the JVM through the shutdown hook. */
    private static void watchUntilAllExit(NetworkLayout layout, Map<LocalConsortium.Member, Process> processes, PrintWriter out)
            throws InterruptedException {
        CountDownLatch allExited = new CountDownLatch(processes.size());
        processes.forEach((member, process) -> process.onExit().thenAccept(exited -> {
            out.println(member.nodeId() + " exited with code " + exited.exitValue() + "; see " + layout.logFile(member.nodeId()));
            out.flush();
            allExited.countDown();
        }));
        allExited.await();
    }

    private static void stopAll(NetworkLayout layout, Map<LocalConsortium.Member, Process> processes) {
        processes.values().forEach(Process::destroy);
        processes.forEach((member, process) -> {
            boolean stoppedByItself = DownCommand.awaitExit(process.toHandle(), DownCommand.STOP_TIMEOUT);
            ClassDataArchive.finish(ClassDataArchive.marker(layout.runDir(), member.nodeId()), stoppedByItself);
            try {
                Files.deleteIfExists(layout.pidFile(member.nodeId()));
            } catch (IOException ignored) {
                // A stale pid file is recognised as such by 'yantar down' and 'yantar up'.
            }
        });
    }
}
