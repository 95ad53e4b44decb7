package io.yantar.node;

import io.yantar.node.cluster.ClusterView;
import io.yantar.node.config.InvalidConfigException;
import io.yantar.node.config.NodeConfig;
import io.yantar.node.config.NodeCredentials;
import io.yantar.node.config.PekkoSettings;
import io.yantar.node.http.ApiServer;
import io.yantar.node.http.AdminAuthenticator;
import io.yantar.node.http.AdminRoutes;
import io.yantar.node.http.NodeRoutes;
import io.yantar.node.http.NodeStatusService;
import io.yantar.node.metrics.MetricsRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Yantar node: an ActorSystem joined to the consortium's Pekko Cluster, the block
 * store on the JDBC journal, the replica plug-in and the HTTP API. {@link #start} returns once
 * the HTTP port is bound and the journal schema exists; readiness follows when the node is a
 * cluster member Up and its store has recovered.
 */
public final class YantarNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("yantar.node");
    private static final Duration ADMIN_DRAIN = Duration.ofSeconds(5);
    /** Signed admin requests remembered inside the timestamp window (against replay). */
    private static final int ADMIN_REQUESTS_REMEMBERED_MAX = 10_000;

    private final NodeRuntime runtime;
    private final ActorSystem<NodeGuardian.Command> system;
    private final ApiServer binding;
    private final Optional<ServerBinding> adminBinding;

    private YantarNode(NodeRuntime runtime, ActorSystem<NodeGuardian.Command> system, ApiServer binding,
                       Optional<ServerBinding> adminBinding) {
        this.adminBinding = adminBinding;
        this.runtime = runtime;
        this.system = system;
        this.binding = binding;
    }

    /**
     * @throws InvalidConfigException when the configuration, genesis or key file cannot be used
     * @throws NodeStartException when a port cannot be bound or the journal cannot be reached
     */
    public static YantarNode start(NodeConfig config, ReplicaPlugin replicaPlugin) {
        NodeCredentials credentials = NodeCredentials.load(config);
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new InvalidConfigException("yantar.data-dir", "cannot create " + config.dataDir() + " (" + e.getMessage() + ")");
        }
        if (!CommonPoolParallelism.effective()) {
            LOG.warn("the JVM's common fork-join pool has a parallelism of {}: every continuation of a Pekko future starts a thread of its own;"
                    + " start the JVM with -D{}={}", ForkJoinPool.getCommonPoolParallelism(), CommonPoolParallelism.PROPERTY, CommonPoolParallelism.MINIMUM);
        }
        NodeRuntime runtime = new NodeRuntime(config, credentials, new MetricsRegistry(), replicaPlugin);
        ActorSystem<NodeGuardian.Command> system = createSystem(runtime);
        try {
            ClusterView clusterView = new ClusterView(system);
            runtime.readiness.add(ReadinessCondition.of("not yet a cluster member Up", clusterView::selfUp));
            runtime.readiness.add(ReadinessCondition.of("block store recovering", runtime.blockStoreRecovered::get));
            registerNodeMetrics(runtime, clusterView);
            NodeStatusService status = new NodeStatusService(config.identity(), credentials.genesis().getChainId(), runtime.readiness,
                    clusterView, runtime::blockStoreIfStarted, runtime::consensusStatus);
            NodeRoutes.Dependencies routesDependencies = new NodeRoutes.Dependencies(config.http(), runtime.readiness,
                    runtime.metrics, status, runtime::submitter, runtime::ledger, credentials.suite(), system);
            NodeRoutes routes = new NodeRoutes(routesDependencies);
            ApiServer binding = await(ApiServer.bind(system, config.http(), routes.routes(), runtime.metrics),
                    config.startupTimeout(), "yantar.http.port", config.http().host() + ":" + config.http().port());
            Optional<ServerBinding> adminBinding = bindAdmin(config, credentials, routesDependencies, system);
            await(runtime.blockStore, config.startupTimeout(), "yantar.storage", config.storage().url());
            LOG.info("{} started: HTTP {}://{}:{}, cluster {}:{} over Artery {}, storage {}", config.identity().nodeId(), config.http().scheme(),
                    config.http().host(), binding.localAddress().getPort(), config.cluster().host(), config.cluster().port(),
                    system.settings().config().getString("pekko.remote.artery.transport"), config.storage().kind().name().toLowerCase());
            return new YantarNode(runtime, system, binding, adminBinding);
        } catch (RuntimeException e) {
            terminate(system, config.startupTimeout());
            throw e;
        }
    }

    public String nodeId() {
        return runtime.config.identity().nodeId();
    }

    public ActorSystem<?> system() {
        return system;
    }

    public int httpPort() {
        return binding.localAddress().getPort();
    }

    /** The admin listener's port, when it is enabled. */
    public OptionalInt adminPort() {
        return adminBinding.map(bound -> OptionalInt.of(bound.localAddress().getPort())).orElse(OptionalInt.empty());
    }

    public Readiness readiness() {
        return runtime.readiness;
    }

    public MetricsRegistry metrics() {
        return runtime.metrics;
    }

    /** Completes when the node has stopped, whatever stopped it (close, a signal, being downed). */
    public CompletionStage<Done> whenTerminated() {
        return system.getWhenTerminated();
    }

    /** Leaves the cluster, unbinds HTTP and stops the system (coordinated shutdown), waiting for it. */
    @Override
    public void close() {
        CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason());
        terminate(system, runtime.config.startupTimeout());
    }

    /** The admin listener, apart from the public API (local-only by default), when the config enables it. */
    private static Optional<ServerBinding> bindAdmin(NodeConfig config, NodeCredentials credentials,
                                                     NodeRoutes.Dependencies dependencies, ActorSystem<?> system) {
        NodeConfig.AdminSettings admin = config.admin();
        if (!admin.enabled()) {
            return Optional.empty();
        }
        AdminAuthenticator authenticator = new AdminAuthenticator(credentials.suite(), credentials.genesis().getChainId(),
                admin.timestampWindow(), System::currentTimeMillis, ADMIN_REQUESTS_REMEMBERED_MAX);
        ServerBinding bound = await(Http.get(system).newServerAt(admin.host(), admin.port())
                        .bind(new AdminRoutes(dependencies, authenticator).routes()),
                config.startupTimeout(), "yantar.admin.port", admin.host() + ":" + admin.port());
        bound.addToCoordinatedShutdown(ADMIN_DRAIN, system);
        LOG.info("admin listener on http://{}:{}", admin.host(), bound.localAddress().getPort());
        return Optional.of(bound);
    }

    private static ActorSystem<NodeGuardian.Command> createSystem(NodeRuntime runtime) {
        NodeConfig config = runtime.config;
        try {
            return ActorSystem.create(NodeGuardian.create(runtime), config.cluster().systemName(), PekkoSettings.forNode(config));
        } catch (RuntimeException e) {
            if (causedBy(e, BindException.class) || String.valueOf(e.getMessage()).contains("bind")) {
                throw new NodeStartException("yantar.cluster.port: cannot bind " + config.cluster().host() + ":" + config.cluster().port()
                        + " (" + rootMessage(e) + ")");
            }
            throw new NodeStartException("the actor system could not start: " + rootMessage(e));
        }
    }

    private static void registerNodeMetrics(NodeRuntime runtime, ClusterView clusterView) {
        runtime.metrics.gauge("yantar_ready", "1 when /health/ready answers 200.", () -> runtime.readiness.isReady() ? 1 : 0);
        runtime.metrics.gauge("yantar_cluster_members_up", "Cluster members with status Up, this node included.",
                () -> clusterView.snapshot().membersUp().size());
        runtime.metrics.gauge("yantar_cluster_unreachable_peers", "Peers this node's failure detector cannot reach.",
                () -> clusterView.snapshot().unreachablePeers().size());
        runtime.metrics.functionCounter("process_cpu_seconds_total", "CPU time of this node's JVM (user and system), all threads.",
                YantarNode::processCpuSeconds);
    }

    /** NaN where the JVM cannot tell (a platform without a process CPU clock). */
    private static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? Double.NaN : nanos / 1e9;
        }
        return Double.NaN;
    }

    private static <T> T await(CompletionStage<T> stage, Duration timeout, String key, String what) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NodeStartException(key + ": " + what + " not ready within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeStartException("interrupted while starting");
        } catch (ExecutionException e) {
            throw new NodeStartException(key + ": " + what + ": " + rootMessage(e.getCause()));
        }
    }

    private static void terminate(ActorSystem<?> system, Duration timeout) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the actor system did not terminate cleanly: {}", rootMessage(e));
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
