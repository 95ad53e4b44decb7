package io.yantar.node.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Real network separation for a run: each host (node or twin) in its own Linux network
 * namespace, joined by a veth pair to one bridge in the root namespace (where the harness and
 * its clients live, at {@code .254}). Faults are iptables rules in a host's namespace, in a
 * chain of their own ({@value #CHAIN}) that healing flushes: a partition drops everything from
 * and to the other hosts, a lossy link drops a random share of it, resets answer TCP with RST.
 * Needs root, iproute2 and iptables (installed from Debian's packages when missing). Everything
 * created is deleted on {@link #close()}, and by a shutdown hook if the harness dies first.
 */
final class NetworkNamespaces implements AutoCloseable {
    private static final String CHAIN = "YANTAR_FAULTS";
    private static final int BRIDGE_HOST = 254;
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final String tag;
    private final int subnet;
    private final int hosts;
    private final List<String> created = new ArrayList<>();
    private final Thread cleanup = new Thread(this::deleteAll, "netns-cleanup");

    private NetworkNamespaces(String tag, int subnet, int hosts) {
        this.tag = tag;
        this.subnet = subnet;
        this.hosts = hosts;
    }

    /**
     * Namespaces for {@code hosts} hosts, or empty (after saying why in one line) when this
     * machine cannot make them: not root, no iproute2 or iptables and no apt, or the kernel refuses.
     */
    static Optional<NetworkNamespaces> create(int hosts, long seed, Consumer<String> say) {
        Optional<String> missing = ensureTools(say);
        if (missing.isPresent()) {
            say.accept("network namespaces unavailable (" + missing.get() + "): falling back to loopback with kill, pause and the transport fault layer");
            return Optional.empty();
        }
        Random random = new Random(seed ^ ProcessHandle.current().pid());
        String tag = "yc" + Integer.toString(1_000 + random.nextInt(9_000));
        NetworkNamespaces namespaces = new NetworkNamespaces(tag, 1 + random.nextInt(250), hosts);
        try {
            namespaces.build();
            return Optional.of(namespaces);
        } catch (RuntimeException e) {
            namespaces.close();
            say.accept("network namespaces unavailable (" + e.getMessage() + "): falling back to loopback with kill, pause and the transport fault layer");
            return Optional.empty();
        }
    }

    private static Optional<String> ensureTools(Consumer<String> say) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("not running as root");
        }
        if (onPath("ip") && onPath("iptables")) {
            return Optional.empty();
        }
        if (!onPath("apt-get")) {
            return Optional.of("iproute2 or iptables missing and no apt-get to install them");
        }
        say.accept("installing iproute2 and iptables from Debian's packages");
        try {
            exec(List.of("sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iproute2 iptables"
                    + " || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iproute2 iptables)"));
        } catch (RuntimeException e) {
            return Optional.of("installing iproute2 and iptables failed: " + e.getMessage());
        }
        return onPath("ip") && onPath("iptables") ? Optional.empty() : Optional.of("iproute2 or iptables still missing after apt-get");
    }

    private static boolean onPath(String command) {
        try {
            Process which = new ProcessBuilder("sh", "-c", "command -v " + command).redirectErrorStream(true).start();
            return which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void build() {
        Runtime.getRuntime().addShutdownHook(cleanup);
        String bridge = bridge();
        run("ip", "link", "add", bridge, "type", "bridge");
        created.add("link:" + bridge);
        run("ip", "addr", "add", prefix() + BRIDGE_HOST + "/24", "dev", bridge);
        run("ip", "link", "set", bridge, "up");
        for (int host = 1; host <= hosts; host++) {
            String namespace = namespace(host);
            String outside = tag + "h" + host;
            run("ip", "netns", "add", namespace);
            created.add("netns:" + namespace);
            run("ip", "link", "add", outside, "type", "veth", "peer", "name", tag + "p" + host);
            run("ip", "link", "set", tag + "p" + host, "netns", namespace);
            run("ip", "link", "set", outside, "master", bridge, "up");
            run("ip", "-n", namespace, "link", "set", tag + "p" + host, "name", "eth0");
            run("ip", "-n", namespace, "addr", "add", address(host) + "/24", "dev", "eth0");
            run("ip", "-n", namespace, "link", "set", "eth0", "up");
            run("ip", "-n", namespace, "link", "set", "lo", "up");
            inside(host, "iptables", "-N", CHAIN);
            inside(host, "iptables", "-I", "INPUT", "-j", CHAIN);
            inside(host, "iptables", "-I", "OUTPUT", "-j", CHAIN);
        }
    }

    String namespace(int host) {
        return tag + "-n" + host;
    }

    String address(int host) {
        return prefix() + host;
    }

    /** The address of the root namespace's side (the harness and its clients). */
    String harnessAddress() {
        return prefix() + BRIDGE_HOST;
    }

    /** {@code host} neither hears nor reaches any other host; the harness still reaches it. */
    void partition(int host, List<Integer> others) {
        for (int other : others) {
            inside(host, "iptables", "-A", CHAIN, "-s", address(other), "-j", "DROP");
            inside(host, "iptables", "-A", CHAIN, "-d", address(other), "-j", "DROP");
        }
    }

    /** Each packet between {@code host} and the others is dropped with {@code probability}, both ways. */
    void lossy(int host, List<Integer> others, double probability) {
        for (int other : others) {
            for (String direction : List.of("-s", "-d")) {
                inside(host, "iptables", "-A", CHAIN, direction, address(other), "-m", "statistic", "--mode", "random",
                        "--probability", String.format(java.util.Locale.ROOT, "%.3f", probability), "-j", "DROP");
            }
        }
    }

    /** Every TCP segment from the others to {@code host} is answered with a reset. */
    void resets(int host, List<Integer> others) {
        for (int other : others) {
            inside(host, "iptables", "-A", CHAIN, "-p", "tcp", "-s", address(other), "-j", "REJECT", "--reject-with", "tcp-reset");
        }
    }

    /** Removes every fault rule of {@code host}. */
    void heal(int host) {
        inside(host, "iptables", "-F", CHAIN);
    }

    /** The command line prefix that runs a program inside {@code host}'s namespace. */
    List<String> enter(int host) {
        return List.of("ip", "netns", "exec", namespace(host));
    }

    @Override
    public void close() {
        deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private synchronized void deleteAll() {
        for (int i = created.size() - 1; i >= 0; i--) {
            String[] what = created.get(i).split(":", 2);
            try {
                if (what[0].equals("netns")) {
                    exec(List.of("ip", "netns", "del", what[1]));
                } else {
                    exec(List.of("ip", "link", "del", what[1]));
                }
            } catch (RuntimeException e) {
                System.err.println("chaos: could not delete " + created.get(i) + ": " + e.getMessage());
            }
        }
        created.clear();
    }

    private String bridge() {
        return tag + "br";
    }

    private String prefix() {
        return "10.213." + subnet + ".";
    }

    private void inside(int host, String... command) {
        List<String> full = new ArrayList<>(enter(host));
        full.addAll(List.of(command));
        exec(full);
    }

    private static void run(String... command) {
        exec(List.of(command));
    }

    private static void exec(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + " interrupted");
        }
    }
}
