package io.yantar.node.cli;

import io.yantar.node.consensus.ConsensusReplicaPlugin;
import io.yantar.node.YantarNode;
import io.yantar.node.config.NodeConfig;
import io.yantar.node.config.NodeConfigLoader;
import com.typesafe.config.ConfigFactory;
import io.yantar.node.faults.ByzantineMode;
import io.yantar.node.faults.ByzantineModeConverter;
import io.yantar.node.faults.TestFaults;
import io.yantar.node.faults.TestFaultsGate;
import io.yantar.node.faults.TestFaultsReader;
import io.yantar.node.faults.TransportFaultSettings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.CoordinatedShutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar node}: runs one node in the foreground until it is stopped (Ctrl-C, SIGTERM). */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Starts one node from its configuration file and runs it until stopped.",
                "Logs one line per meaningful event (joined, ready, member up/unreachable) to stdout."})
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The node's HOCON file, e.g. network/node-1.conf.")
    Path config;

    @Option(names = "--byzantine", paramLabel = "MODE", converter = ByzantineModeConverter.class,
            description = {"Fault tests only (needs -D" + TestFaultsGate.PROPERTY + "=" + TestFaultsGate.ALLOWED + " on the JVM): "
                    + "run as a lying validator: equivocate, silent, garbage or replay."})
    ByzantineMode byzantine;

    @Option(names = "--no-tls", description = {"Debugging only: plain Artery TCP to the other nodes, whatever the file says",
            "(unauthenticated and unencrypted; consensus messages stay signed). Every node must be started alike."})
    boolean noTls;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (byzantine != null) {
            requireTestFlag("--byzantine");
        }
        NodeConfig nodeConfig = NodeConfigLoader.load(config);
        if (noTls) {
            nodeConfig = nodeConfig.withPlainTransport();
            org.slf4j.LoggerFactory.getLogger("yantar.node").warn("--no-tls: {} talks plain TCP to the other nodes, unauthenticated and"
                    + " unencrypted; for debugging only", nodeConfig.identity().nodeId());
        }
        Optional<TransportFaultSettings> transportFaults = TestFaultsReader.transportFaults(ConfigFactory.parseFile(config.toFile()));
        if (transportFaults.isPresent()) {
            requireTestFlag(TestFaultsReader.TRANSPORT_FAULTS);
        }
        TestFaults testFaults = new TestFaults(Optional.ofNullable(byzantine), transportFaults);
        return runUntilStopped(nodeConfig, Optional.of(testFaults));
    }

    /** Starts the node and blocks until it stops; a stop for another reason than the JVM's exit is a {@link UserError}. */
    static int runUntilStopped(NodeConfig nodeConfig, Optional<TestFaults> testFaults) throws InterruptedException {
        YantarNode node = YantarNode.start(nodeConfig,
                testFaults.map(ConsensusReplicaPlugin::new).orElseGet(ConsensusReplicaPlugin::new));
        try {
            node.whenTerminated().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new UserError("the node stopped abnormally: " + e.getCause());
        }
        var reason = CoordinatedShutdown.get(node.system()).getShutdownReason();
        // A node leaves the cluster by itself only when governance removed it (RemovedValidators, logged).
        boolean expected = reason.isEmpty() || reason.get() == CoordinatedShutdown.jvmExitReason()
                || reason.get() == CoordinatedShutdown.unknownReason() || reason.get() == CoordinatedShutdown.clusterLeavingReason();
        if (!expected) {
            throw new UserError(node.nodeId() + " stopped: " + reason.get());
        }
        return YantarCli.EXIT_OK;
    }

    private void requireTestFlag(String setting) {
        if (!TestFaultsGate.allowed()) {
            throw new ParameterException(spec.commandLine(), setting + " is for fault tests only and needs the JVM option "
                    + TestFaultsGate.jvmOption());
        }
    }
}
