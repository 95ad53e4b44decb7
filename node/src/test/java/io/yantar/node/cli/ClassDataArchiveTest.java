package io.yantar.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-data archive beside the node jar: recorded by one node, moved into place only after a graceful stop. */
class ClassDataArchiveTest {
    @TempDir
    Path dir;

    private Path jar;
    private Path runDir;

    @BeforeEach
    void aJar() throws IOException {
        jar = Files.write(dir.resolve("yantar.jar"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_000L));
        runDir = dir.resolve("network").resolve("run");
    }

    @Test
    void theArchiveIsNamedByTheJarsSizeAndTimeAndTheJvm() {
        ClassDataArchive archive = ClassDataArchive.beside(jar, "17.0.15+6-Debian-1deb12u1").orElseThrow();
        assertEquals(dir.resolve("yantar.jar.3-1700000000000-17.0.15+6-Debian-1deb12u1.jsa"), archive.file());
    }

    @Test
    void withoutAnArchiveOnlyTheChosenNodeRecordsOne() throws IOException {
        ClassDataArchive archive = ClassDataArchive.beside(jar, "17").orElseThrow();
        Path marker = ClassDataArchive.marker(runDir, "node-1");

        assertEquals(List.of(), archive.options(false, ClassDataArchive.marker(runDir, "node-2")));
        assertFalse(Files.exists(ClassDataArchive.marker(runDir, "node-2")));

        List<String> options = archive.options(true, marker);
        assertEquals(2, options.size());
        assertTrue(options.get(0).startsWith("-XX:ArchiveClassesAtExit=" + archive.file() + ".recording-"), options.get(0));
        assertEquals("-Xlog:cds*=off", options.get(1));
        assertEquals(options.get(0).substring("-XX:ArchiveClassesAtExit=".length()), Files.readString(marker).trim());
    }

    @Test
    void aGracefulStopMovesTheRecordingIntoPlaceAndLaterStartsUseIt() throws IOException {
        ClassDataArchive archive = ClassDataArchive.beside(jar, "17").orElseThrow();
        Path olderBuild = Files.write(dir.resolve("yantar.jar.9-1-17.jsa"), new byte[] {7});
        Path marker = ClassDataArchive.marker(runDir, "node-1");
        Path recording = recordingOf(archive.options(true, marker));
        Files.write(recording, new byte[] {42});

        ClassDataArchive.finish(marker, true);

        assertTrue(Files.isRegularFile(archive.file()));
        assertFalse(Files.exists(recording));
        assertFalse(Files.exists(marker));
        assertFalse(Files.exists(olderBuild), "the archive of an earlier build of the jar is removed");
        assertEquals(List.of("-XX:SharedArchiveFile=" + archive.file()), archive.options(true, marker));
        assertFalse(Files.exists(marker), "a node that uses the archive records nothing");
    }

    @Test
    void aKilledRecorderLeavesNoArchive() throws IOException {
        ClassDataArchive archive = ClassDataArchive.beside(jar, "17").orElseThrow();
        Path marker = ClassDataArchive.marker(runDir, "node-1");
        Path recording = recordingOf(archive.options(true, marker));
        Files.write(recording, new byte[] {42}); // possibly torn

        ClassDataArchive.finish(marker, false);

        assertFalse(Files.exists(archive.file()));
        assertFalse(Files.exists(recording));
        assertFalse(Files.exists(marker));
    }

    @Test
    void withoutAMarkerFinishDoesNothing() {
        ClassDataArchive.finish(ClassDataArchive.marker(runDir, "node-3"), true);
        assertFalse(Files.exists(runDir));
    }

    @Test
    void theOperatorsOwnSharingOptionsWin() {
        assertTrue(ClassDataArchive.decidedBy(List.of("-Xmx512m", "-Xshare:off")));
        assertTrue(ClassDataArchive.decidedBy(List.of("-XX:SharedArchiveFile=/opt/y.jsa")));
        assertFalse(ClassDataArchive.decidedBy(List.of("-Xmx512m", "-XX:+UseParallelGC")));
    }

    /** The options given to a real JVM: it writes the archive at exit, and a JVM that must share ({@code -Xshare:on}) starts with it. */
    @Test
    void aRealJvmRecordsTheArchiveAtExitAndStartsFromIt() throws Exception {
        ClassDataArchive archive = ClassDataArchive.beside(jar, System.getProperty("java.vm.version")).orElseThrow();
        Path marker = ClassDataArchive.marker(runDir, "node-1");
        List<String> recordingOptions = archive.options(true, marker);
        assertEquals(0, java(recordingOptions, "-version"));

        ClassDataArchive.finish(marker, true);
        assertTrue(Files.size(archive.file()) > 0);

        List<String> sharing = new ArrayList<>(archive.options(true, marker));
        sharing.add("-Xshare:on");
        assertEquals(0, java(sharing, "-version"), "a JVM told to share fails to start when the archive does not map");
    }

    private static Path recordingOf(List<String> options) {
        return Path.of(options.get(0).substring("-XX:ArchiveClassesAtExit=".length()));
    }

    private int java(List<String> options, String argument) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add(argument);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("java.out").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "java " + argument + " did not end");
        return process.exitValue();
    }
}
