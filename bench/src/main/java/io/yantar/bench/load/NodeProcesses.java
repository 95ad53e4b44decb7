package io.yantar.bench.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * CPU time, heap and garbage collections of local processes: CPU from {@code /proc/PID/stat}
 * (user + system clock ticks), the JIT compiler's share from the stat of each of its threads,
 * heap and GC from {@code jstat -gc PID} (the JDK's own tool, so it works whatever the node
 * exports).
 */
final class NodeProcesses {
    /** Linux's USER_HZ; /proc reports CPU time in these ticks. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    record Process(String nodeId, long pid) {
    }

    /** A point-in-time reading of one process. */
    record Sample(double cpuSeconds, double jitCpuSeconds, double heapUsedMib, long gcCount, double gcMillis) {
    }

    private NodeProcesses() {
    }

    static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static double cpuSeconds(long pid) {
        try {
            return cpuSecondsOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds of the JVM's JIT compiler threads ({@code C1 CompilerThread0} and the like, cut
     * to 15 characters by Linux). On four node JVMs sharing two cores they took 22-30 % of the
     * nodes' CPU in the measured loop even after minutes of load; JFR's samples do not show them.
     */
    static double jitCpuSeconds(long pid) {
        double total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : threads) {
                try {
                    String stat = Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII);
                    if (threadName(stat).contains("CompilerThre")) {
                        total += cpuSecondsOf(stat);
                    }
                } catch (IOException ended) {
                    // the thread ended between the listing and the read; its time left with it
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String threadName(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** User + system time of a /proc stat line. */
    static double cpuSecondsOf(String stat) {
        // Fields after the command name (in parentheses, which may hold spaces): state is field 3, utime 14, stime 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
    }

    static Sample sample(long pid) {
        double cpu = cpuSeconds(pid);
        double jit = jitCpuSeconds(pid);
        Optional<double[]> gc = jstatGc(pid);
        return new Sample(cpu, jit, gc.map(values -> values[0]).orElse(Double.NaN), gc.map(values -> (long) values[1]).orElse(-1L),
                gc.map(values -> values[2]).orElse(Double.NaN));
    }

    /** {@code [heap used MiB, GC count, GC ms]} from jstat's S0U S1U EU OU, YGC FGC and GCT columns. */
    static Optional<double[]> jstatGc(long pid) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "jstat");
        List<String> command = List.of(Files.isExecutable(java) ? java.toString() : "jstat", "-gc", Long.toString(pid));
        try {
            java.lang.Process jstat = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jstat.waitFor(10, TimeUnit.SECONDS) || jstat.exitValue() != 0) {
                return Optional.empty();
            }
            return parseJstatGc(output);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Optional<double[]> parseJstatGc(String output) {
        String[] lines = output.strip().split("\n");
        if (lines.length < 2) {
            return Optional.empty();
        }
        List<String> header = Arrays.asList(lines[0].trim().split("\\s+"));
        String[] values = lines[1].trim().split("\\s+");
        try {
            double usedKib = 0;
            for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                usedKib += Double.parseDouble(values[header.indexOf(column)]);
            }
            long gcCount = Long.parseLong(values[header.indexOf("YGC")]) + Long.parseLong(values[header.indexOf("FGC")]);
            double gcMillis = 1000 * Double.parseDouble(values[header.indexOf("GCT")]);
            return Optional.of(new double[] {usedKib / 1024, gcCount, gcMillis});
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Usage between two samples over {@code wallSeconds}. */
    static NodeUsage usage(Process process, Sample before, Sample after, double wallSeconds) {
        return new NodeUsage(process.nodeId(), process.pid(), (after.cpuSeconds() - before.cpuSeconds()) / wallSeconds,
                (after.jitCpuSeconds() - before.jitCpuSeconds()) / wallSeconds, after.heapUsedMib(),
                after.gcCount() - before.gcCount(), after.gcMillis() - before.gcMillis());
    }

    static List<Sample> sampleAll(List<Process> processes) {
        List<Sample> samples = new ArrayList<>();
        for (Process process : processes) {
            samples.add(sample(process.pid()));
        }
        return samples;
    }
}
