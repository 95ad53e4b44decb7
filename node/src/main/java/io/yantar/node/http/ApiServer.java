package io.yantar.node.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.yantar.node.config.NodeConfig.HttpProtection;
import io.yantar.node.config.NodeConfig.HttpSettings;
import io.yantar.node.config.NodeConfig.HttpsSettings;
import io.yantar.node.metrics.Counter;
import io.yantar.node.metrics.MetricsRegistry;
import io.yantar.node.security.Pkcs12Stores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.IgnoreComplete$;
import org.apache.pekko.stream.TLSProtocol.SslTlsInbound;
import org.apache.pekko.stream.TLSProtocol.SslTlsOutbound;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.TLS;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * The API's listener: TCP, optionally TLS, then Pekko HTTP's server layer and the routes. It
 * is assembled here rather than with {@code Http.newServerAt} because the slow-request guard
 * ({@link RequestHeadDeadline}) must see the connection's bytes, which the high-level binding
 * hides. Limits come from {@link HttpProtection}: open connections, header count and sizes,
 * URI length, idle and request timeouts; every parsing refusal is problem+json.
 */
public final class ApiServer {
    private final Tcp.ServerBinding binding;

    private ApiServer(Tcp.ServerBinding binding) {
        this.binding = binding;
    }

    /**
     * Binds and serves {@code route}; unbinds in the actor system's coordinated shutdown.
     *
     * @throws IllegalStateException when the HTTPS keystore cannot make a TLS context (checked at load, so unexpected)
     */
    public static CompletionStage<ApiServer> bind(ActorSystem<?> system, HttpSettings settings, Route route, MetricsRegistry metrics) {
        HttpProtection protection = settings.protection();
        ServerSettings serverSettings = ServerSettings.create(serverConfig(settings).withFallback(system.settings().config()));
        Optional<SSLContext> tls = settings.https().map(ApiServer::sslContext);
        LoggingAdapter log = Logging.getLogger(system.classicSystem(), ApiServer.class);
        Counter refused = metrics.counter("yantar_http_connections_refused_total",
                "Connections closed at accept because yantar.http.connections-max were open.");
        Counter cut = metrics.counter("yantar_http_slow_requests_cut_total",
                "Connections closed because a request head did not arrive within yantar.http.request-head-timeout.");
        AtomicInteger open = new AtomicInteger();
        metrics.gauge("yantar_http_connections_open", "Open connections to the HTTP API.", open::get);
        Flow<HttpRequest, HttpResponse, NotUsed> routes = route.flow(system);
        return Tcp.get(system).bind(settings.host(), settings.port(), 128, List.of(), false, Optional.of(protection.idleTimeout()))
                .to(Sink.foreach(connection -> {
                    if (open.incrementAndGet() > protection.connectionsMax()) {
                        open.decrementAndGet();
                        refused.increment();
                        connection.handleWith(Flow.fromSinkAndSource(Sink.cancelled(), Source.<ByteString>empty()), system);
                        return;
                    }
                    RequestHeadDeadline deadline = new RequestHeadDeadline(protection.requestHeadTimeout(), cut::increment);
                    Flow<ByteString, ByteString, NotUsed> handler = Http.get(system)
                            .serverLayer(serverSettings, Optional.of(connection.remoteAddress()), log)
                            .atop(tls.map(context -> tlsLayer(context)).orElseGet(ApiServer::plainLayer))
                            .atop(BidiFlow.fromFlows(Flow.<ByteString>create(), deadline.bytes()))
                            .reversed()
                            .join(deadline.requests().via(routes).via(deadline.responses()))
                            .watchTermination((notUsed, done) -> {
                                done.whenComplete((ok, failure) -> open.decrementAndGet());
                                return NotUsed.getInstance();
                            });
                    connection.handleWith(handler, system);
                }))
                .run(system)
                .thenApply(tcpBinding -> {
                    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "yantar-http-unbind",
                            () -> tcpBinding.unbind().thenApply(unit -> Done.getInstance()));
                    return new ApiServer(tcpBinding);
                });
    }

    public InetSocketAddress localAddress() {
        return binding.localAddress();
    }

    public CompletionStage<Done> unbind() {
        return binding.unbind().thenApply(unit -> Done.getInstance());
    }

    /** Pekko HTTP's server keys from Yantar's (the {@code yantar.http} values win over any {@code pekko} section). */
    private static Config serverConfig(HttpSettings settings) {
        HttpProtection protection = settings.protection();
        return ConfigFactory.parseMap(Map.of(
                "pekko.http.server.idle-timeout", protection.idleTimeout().toMillis() + "ms",
                "pekko.http.server.request-timeout", settings.requestTimeout().toMillis() + "ms",
                "pekko.http.server.remote-address-attribute", "on",
                "pekko.http.server.parsing.max-header-count", protection.headerCountMax(),
                "pekko.http.server.parsing.max-header-value-length", protection.headerValueBytesMax(),
                "pekko.http.server.parsing.max-uri-length", protection.uriBytesMax(),
                "pekko.http.server.parsing.error-handler", ProblemParsingErrorHandler.class.getName()));
    }

    private static SSLContext sslContext(HttpsSettings https) {
        try {
            return Pkcs12Stores.serverContext(https.keyStore(), https.keyStorePassword().toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("yantar.http.tls.key-store: " + https.keyStore() + ": " + e.getMessage(), e);
        }
    }

    private static BidiFlow<SslTlsOutbound, ByteString, ByteString, SslTlsInbound, NotUsed> tlsLayer(SSLContext context) {
        return TLS.create(() -> serverEngine(context), IgnoreComplete$.MODULE$);
    }

    private static SSLEngine serverEngine(SSLContext context) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        return engine;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static BidiFlow<SslTlsOutbound, ByteString, ByteString, SslTlsInbound, NotUsed> plainLayer() {
        // SessionBytes is an SslTlsInbound; Java's invariant generics need the cast.
        return (BidiFlow) TLSPlacebo.getInstance();
    }
}
