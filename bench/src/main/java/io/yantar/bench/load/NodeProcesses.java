package io.yantar.bench.load;

import java.io.IOException;
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
 * (user + system clock ticks), heap and GC from {@code jstat -gc PID} (the JDK's own tool,
 * so it works whatever the node exports).
 */
final class NodeProcesses {
    /** Linux's USER_HZ; /proc reports CPU time in these ticks. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    record Process(String nodeId, long pid) {
    }

    /** A point-in-time reading of one process. */
    record Sample(double cpuSeconds, double heapUsedMib, long gcCount, double gcMillis) {
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
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // Fields after the command name (in parentheses, which may hold spaces): state is field 3, utime 14, stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static Sample sample(long pid) {
        double cpu = cpuSeconds(pid);
        Optional<double[]> gc = jstatGc(pid);
        return new Sample(cpu, gc.map(values -> values[0]).orElse(Double.NaN), gc.map(values -> (long) values[1]).orElse(-1L),
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
        return new NodeUsage(process.nodeId(), process.pid(), (after.cpuSeconds() - before.cpuSeconds()) / wallSeconds, after.heapUsedMib(),
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
