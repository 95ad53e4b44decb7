package io.yantar.node.chaos;

import io.yantar.node.cli.YantarCli;
import io.yantar.node.faults.TestFaultsGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One validator (or twin) as its own operating-system process, started from this JVM's class
 * path: {@code yantar node --config FILE}, output appended to a log file, with the test-fault
 * flag set (so {@code --byzantine} and the transport fault layer are allowed). Faults are real
 * signals: SIGKILL, SIGSTOP and SIGCONT.
 */
final class NodeProcess {
    /**
     * How the process is launched: {@code prefix} before the JVM (e.g. {@code ip netns exec NS},
     * which execs, so the process id stays the JVM's), {@code arguments} after {@code node
     * --config FILE} (e.g. {@code --byzantine silent}), {@code environment} added (e.g.
     * libfaketime's), and the host its HTTP port is reached at.
     */
    record Launch(List<String> prefix, List<String> arguments, java.util.Map<String, String> environment, String host) {
        static final Launch LOOPBACK = new Launch(List.of(), List.of(), java.util.Map.of(), "127.0.0.1");

        Launch {
            prefix = List.copyOf(prefix);
            arguments = List.copyOf(arguments);
            environment = java.util.Map.copyOf(environment);
        }
    }

    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final long STOP_GRACE_SECONDS = 20;

    private final String name;
    private final Path config;
    private final Path log;
    private final URI http;
    private final Launch launch;
    private Process process;
    private boolean paused;

    NodeProcess(String name, Path config, Path log, int httpPort) {
        this(name, config, log, httpPort, Launch.LOOPBACK);
    }

    NodeProcess(String name, Path config, Path log, int httpPort, Launch launch) {
        this.name = name;
        this.config = config;
        this.log = log;
        this.launch = launch;
        this.http = URI.create("http://" + launch.host() + ":" + httpPort);
    }

    Launch launch() {
        return launch;
    }

    String name() {
        return name;
    }

    URI http() {
        return http;
    }

    Path log() {
        return log;
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    boolean paused() {
        return paused;
    }

    synchronized void start() {
        if (running()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new java.util.ArrayList<>(launch.prefix());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add(TestFaultsGate.jvmOption());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), YantarCli.class.getName(), "node", "--config", config.toString()));
        command.addAll(launch.arguments());
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(launch.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        paused = false;
    }

    /** SIGKILL: no shutdown hook, no flush; whatever the journal holds is what the node restarts from. */
    synchronized void kill9() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        }
        paused = false;
    }

    synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    /** SIGTERM (graceful leave), then SIGKILL after a grace period. */
    synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        if (paused) {
            resume();
        }
        process.destroy();
        if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void signal(String signal) {
        if (!running()) {
            return;
        }
        try {
            // The shell's built-in kill: no dependency on procps being installed.
            Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + process.pid()).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + (process == null ? "" : " (pid " + process.pid() + ")");
    }
}
