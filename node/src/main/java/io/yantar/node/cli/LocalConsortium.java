package io.yantar.node.cli;

import io.yantar.node.config.NodeConfig;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.network.NetworkLayout;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The nodes of a network folder run as separate local processes: how they are launched
 * ({@code java -jar <this jar> node --config ...}, or the same class path when not run from
 * a jar), where their logs and pid files go, and how they are found and stopped again.
 */
final class LocalConsortium {
    private static final Pattern NODE_FILE = Pattern.compile("node-(\\d+)\\.conf");
    /** Process start times are reported with coarse precision (clock ticks). */
    private static final java.time.Duration PID_FILE_SLACK = java.time.Duration.ofSeconds(2);

    /** One node of the folder: its id, its file, and its HTTP base URL. */
    record Member(String nodeId, Path configFile, String httpUrl) {
    }

    private LocalConsortium() {
    }

    /** The folder's nodes in numeric order (node-1, node-2, ..., node-10). */
    static List<Member> members(NetworkLayout layout) {
        if (!Files.isDirectory(layout.root())) {
            throw new UserError("no network at " + layout.root() + "; create one with: yantar genesis --out " + layout.root());
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(layout.root())) {
            files = list.filter(p -> NODE_FILE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(LocalConsortium::nodeNumber))
                    .toList();
        } catch (IOException e) {
            throw new UserError("cannot list " + layout.root() + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new UserError(layout.root() + " holds no node-N.conf files; create a network with: yantar genesis --out " + layout.root());
        }
        List<Member> members = new ArrayList<>();
        for (Path file : files) {
            NodeConfig config = NodeConfigLoader.load(file);
            members.add(new Member(config.identity().nodeId(), file, config.http().scheme() + "://" + config.http().host() + ":" + config.http().port()));
        }
        return members;
    }

    /**
     * @param plainTcp start the node with {@code --no-tls} (plain Artery TCP between nodes, for debugging)
     * @param mayRecordClasses this node may record the class-data archive when there is none ({@link ClassDataArchive})
     */
    static ProcessBuilder launcher(NetworkLayout layout, Member member, List<String> javaOptions, boolean plainTcp,
                                   boolean mayRecordClasses) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        Optional<Path> jar = runningJar();
        if (jar.isPresent()) {
            Optional<ClassDataArchive> archive = ClassDataArchive.decidedBy(javaOptions) ? Optional.empty()
                    : ClassDataArchive.beside(jar.get(), System.getProperty("java.vm.version"));
            if (archive.isPresent()) {
                command.addAll(archive.get().options(mayRecordClasses, ClassDataArchive.marker(layout.runDir(), member.nodeId())));
            }
            command.add("-jar");
            command.add(jar.get().toString());
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(YantarCli.class.getName());
        }
        command.add("node");
        command.add("--config");
        command.add(member.configFile().toString());
        if (plainTcp) {
            command.add("--no-tls");
        }
        File log = layout.logFile(member.nodeId()).toFile();
        return new ProcessBuilder(command)
                .directory(layout.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    static void writePid(NetworkLayout layout, String nodeId, long pid) throws IOException {
        Files.createDirectories(layout.runDir());
        Files.writeString(layout.pidFile(nodeId), pid + "\n", StandardCharsets.US_ASCII);
    }

    /** The live node process recorded in the pid file, if the file exists and still names one. */
    static Optional<ProcessHandle> runningProcess(NetworkLayout layout, String nodeId) {
        Path pidFile = layout.pidFile(nodeId);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        long pid;
        java.time.Instant written;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
            written = Files.getLastModifiedTime(pidFile).toInstant();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        // A pid may have been reused since: our node is a java process started before its pid file was written.
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().command().map(command -> Path.of(command).getFileName().toString().startsWith("java")).orElse(true))
                .filter(handle -> handle.info().startInstant().map(started -> !started.isAfter(written.plus(PID_FILE_SLACK))).orElse(true));
    }

    /** Node ids that have a pid file in the folder. */
    static List<String> recordedNodes(NetworkLayout layout) {
        if (!Files.isDirectory(layout.runDir())) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(layout.runDir())) {
            return list.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".pid"))
                    .map(name -> name.substring(0, name.length() - 4))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UserError("cannot list " + layout.runDir() + ": " + e.getMessage());
        }
    }

    static void requireNotRunning(NetworkLayout layout) {
        for (String nodeId : recordedNodes(layout)) {
            Optional<ProcessHandle> running = runningProcess(layout, nodeId);
            if (running.isPresent()) {
                throw new UserError(nodeId + " of " + layout.root() + " is running (pid " + running.get().pid() + "); stop it first with: yantar down --network "
                        + layout.root());
            }
        }
    }

    private static int nodeNumber(Path file) {
        Matcher matcher = NODE_FILE.matcher(file.getFileName().toString());
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : Integer.MAX_VALUE;
    }

    private static Optional<Path> runningJar() {
        try {
            Path location = Path.of(YantarCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) && location.toString().endsWith(".jar") ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
