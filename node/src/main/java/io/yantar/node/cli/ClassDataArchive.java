package io.yantar.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The class-data archive (the JDK's dynamic AppCDS) of the classes a node process loads, kept
 * beside the node jar, so that node processes started by {@code yantar up} do not parse and
 * verify the same ten thousand classes on every start. On this project's two-core machines it
 * halves the CPU a node spends before it listens (10.2-10.9 s against 5.5-6.2 s), which is what
 * a restarted validator competes for with the three others still committing.
 *
 * <p>When no archive exists, one node of the consortium records it: the JVM writes the classes it
 * loaded when it exits. It writes to a private file named in the run folder; only after that
 * process stopped by itself (a graceful stop, which is when the JVM writes) does {@link #finish}
 * move the file into place, so a process killed halfway through never leaves a torn archive
 * where the next start would read it. The name carries the jar's size and time and the JVM's
 * version, which the JVM also checks: a rebuilt jar or another JDK simply records a new one.
 */
final class ClassDataArchive {
    private static final String SUFFIX = ".jsa";
    private static final String RECORDING_MARKER_SUFFIX = ".cds-recording";

    private final Path archive;

    private ClassDataArchive(Path archive) {
        this.archive = archive;
    }

    /** The archive for this jar and this JVM; empty when the jar cannot be read or its folder is not writable. */
    static Optional<ClassDataArchive> beside(Path jar, String jvmVersion) {
        try {
            Path folder = jar.toAbsolutePath().getParent();
            if (folder == null || !Files.isWritable(folder)) {
                return Optional.empty();
            }
            long size = Files.size(jar);
            long modified = Files.getLastModifiedTime(jar).toMillis();
            String name = jar.getFileName() + "." + size + "-" + modified + "-" + jvmVersion.replaceAll("[^A-Za-z0-9.+_-]", "_") + SUFFIX;
            return Optional.of(new ClassDataArchive(folder.resolve(name)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Path file() {
        return archive;
    }

    /** Whether any option of the operator's already decides class sharing; then this class adds none. */
    static boolean decidedBy(List<String> javaOptions) {
        return javaOptions.stream().anyMatch(option -> option.startsWith("-Xshare") || option.contains("SharedArchiveFile")
                || option.contains("ArchiveClassesAtExit"));
    }

    /**
     * The JVM options for one node process: use the archive when it exists; otherwise, for the one
     * process allowed to ({@code mayRecord}), record it at exit, noting where in {@code marker}.
     */
    List<String> options(boolean mayRecord, Path marker) throws IOException {
        if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        if (!mayRecord) {
            return List.of();
        }
        Path recording = archive.resolveSibling(archive.getFileName() + ".recording-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Files.createDirectories(marker.toAbsolutePath().getParent());
        Files.writeString(marker, recording.toString() + "\n", StandardCharsets.UTF_8);
        // The JVM lists at exit every class it could not archive (a few hundred lines): not for the node's log.
        return List.of("-XX:ArchiveClassesAtExit=" + recording, "-Xlog:cds*=off");
    }

    /** The marker of a node that records the archive, in the network's run folder. */
    static Path marker(Path runDir, String nodeId) {
        return runDir.resolve(nodeId + RECORDING_MARKER_SUFFIX);
    }

    /**
     * After a node process ended: if it recorded the archive and stopped by itself, the archive is
     * moved into place (older archives of the same jar name are removed); otherwise the recording
     * is dropped. Nothing happens without a marker.
     */
    static void finish(Path marker, boolean stoppedByItself) {
        if (!Files.isRegularFile(marker)) {
            return;
        }
        try {
            Path recording = Path.of(Files.readString(marker, StandardCharsets.UTF_8).trim());
            String name = recording.getFileName().toString();
            int cut = name.lastIndexOf(".recording-");
            if (cut > 0 && stoppedByItself && Files.isRegularFile(recording) && Files.size(recording) > 0) {
                Path target = recording.resolveSibling(name.substring(0, cut));
                removeOlderArchives(target);
                Files.move(recording, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(recording);
            }
            Files.deleteIfExists(marker);
        } catch (IOException | RuntimeException e) {
            // Only a start-up speed-up is lost: the next start records again.
        }
    }

    /** Archives of earlier builds of the same jar (same file name, another size, time or JVM). */
    private static void removeOlderArchives(Path target) throws IOException {
        String name = target.getFileName().toString();
        String jarName = name.substring(0, name.indexOf(".jar.") + ".jar.".length());
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(target.getParent(), jarName + "*" + SUFFIX)) {
            for (Path older : archives) {
                if (!older.equals(target)) {
                    Files.deleteIfExists(older);
                }
            }
        }
    }
}
