package io.yantar.node.chaos;

import io.yantar.node.network.NetworkLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

/** Applies a plan's faults one at a time, each healed before the next, and says so in a line each. */
final class FaultInjector {
    private static final int NODES = 4;
    private static final int TWIN_HOST = NODES + 1;

    private final ProcessConsortium consortium;
    private final NetworkLayout layout;
    private final Optional<NetworkNamespaces> namespaces;
    private final Duration readyTimeout;
    private final Consumer<String> say;
    private int twins;

    FaultInjector(ProcessConsortium consortium, NetworkLayout layout, Optional<NetworkNamespaces> namespaces, Duration readyTimeout,
                  Consumer<String> say) {
        this.consortium = consortium;
        this.layout = layout;
        this.namespaces = namespaces;
        this.readyTimeout = readyTimeout;
        this.say = say;
    }

    /**
     * Applies each step at its time from now, until the window is over (restarts and waits for
     * readiness on a loaded machine make steps late; the window, not the plan, bounds the run);
     * returns what was applied, as "fault@seconds".
     */
    List<String> apply(FaultPlan plan, long windowMillis, LongSupplier clockMillis) throws InterruptedException {
        List<String> applied = new ArrayList<>();
        long windowStart = clockMillis.getAsLong();
        int index = 0;
        for (FaultPlan.Step step : plan.steps()) {
            index++;
            if (clockMillis.getAsLong() - windowStart + step.fault().durationMillis() > windowMillis) {
                say.accept("fault window over after " + applied.size() + " of " + plan.steps().size() + " planned faults");
                break;
            }
            long wait = windowStart + step.atMillis() - clockMillis.getAsLong();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            say.accept("fault " + index + "/" + plan.steps().size() + " at " + clockMillis.getAsLong() / 1000 + " s: " + step.fault().describe());
            apply(step.fault());
            say.accept("healed " + step.fault().describe() + " at " + clockMillis.getAsLong() / 1000 + " s");
            applied.add(step.fault().describe() + "@" + (step.atMillis() / 1000) + "s");
        }
        return applied;
    }

    private void apply(Fault fault) throws InterruptedException {
        NodeProcess node = consortium.node(fault.node());
        if (fault instanceof Fault.Kill) {
            node.kill9();
            Thread.sleep(fault.durationMillis());
            node.start();
        } else if (fault instanceof Fault.Pause) {
            node.pause();
            Thread.sleep(fault.durationMillis());
            node.resume();
        } else if (fault instanceof Fault.Twin twin) {
            twin(twin);
        } else {
            if (fault instanceof Fault.Partition) {
                network().partition(fault.node(), othersThan(fault.node()));
            } else if (fault instanceof Fault.Lossy lossy) {
                network().lossy(fault.node(), othersThan(fault.node()), lossy.probability());
            } else {
                network().resets(fault.node(), othersThan(fault.node()));
            }
            try {
                Thread.sleep(fault.durationMillis());
            } finally {
                network().heal(fault.node());
            }
        }
        // A node paused or cut off past the failure detector may have been downed by the split-brain resolver, and a downed
        // node exits by design (OPERATIONS.md: restart it and it rejoins): awaitReady restarts it, as a supervisor.
        consortium.awaitReady(List.of(node), readyTimeout);
    }

    /**
     * A twin of {@code twinOf} joins through {@code node}, and the two are cut off from the rest:
     * the minority side has the twin's votes and {@code node}'s, two of four, no quorum; the
     * majority side has {@code twinOf} itself. At the end the twin is killed and the cut healed.
     */
    private void twin(Fault.Twin twin) throws InterruptedException {
        NetworkNamespaces network = network();
        twins++;
        String name = "twin-" + twins + "-of-node-" + twin.twinOf();
        Path config = layout.root().resolve(name + ".conf");
        try {
            Files.copy(layout.nodeConfig("node-" + twin.twinOf()), config);
            ProcessConsortium.appendTo(config, "yantar.data-dir = \"data/" + name + "\"\n"
                    + "yantar.cluster.host = \"" + network.address(TWIN_HOST) + "\"\n"
                    + "yantar.http.host = \"" + network.address(TWIN_HOST) + "\"\n"
                    + "yantar.cluster.seed-nodes = [\"" + network.address(twin.node()) + ":" + ChaosRun.clusterPort(layout, twin.node()) + "\"]");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        List<Integer> majority = othersThan(twin.node()).stream().filter(host -> host != TWIN_HOST).toList();
        network.partition(twin.node(), majority);
        network.partition(TWIN_HOST, majority);
        NodeProcess process = consortium.process(name, config, new NodeProcess.Launch(network.enter(TWIN_HOST), List.of(), java.util.Map.of(),
                network.address(TWIN_HOST)));
        process.start();
        try {
            // The fault lasts from when the twin serves (its replica runs), not from its JVM's launch.
            Await.until(name + " answers HTTP (log " + process.log() + ")", () -> consortium.live(process) || !process.running(), readyTimeout);
            say.accept(name + (process.running() ? " is up behind the partition" : " exited before serving; see " + process.log()));
            Thread.sleep(twin.durationMillis());
        } finally {
            process.kill9();
            network.heal(twin.node());
            network.heal(TWIN_HOST);
        }
    }

    private NetworkNamespaces network() {
        return namespaces.orElseThrow(() -> new IllegalStateException("a network fault was planned without network namespaces"));
    }

    private static List<Integer> othersThan(int host) {
        return IntStream.rangeClosed(1, TWIN_HOST).filter(other -> other != host).boxed().toList();
    }
}
