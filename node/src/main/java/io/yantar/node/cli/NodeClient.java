package io.yantar.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The client commands' view of a node's HTTP API (JSON over {@code java.net.http}). Every
 * failure becomes a {@link UserError} whose one line names the node and the problem (for a
 * problem+json answer: its code and sentence).
 */
final class NodeClient {
    static final String DEFAULT_NODE = "http://127.0.0.1:8081";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Duration requestTimeout;
    private final HttpClient http;

    NodeClient(URI base, Duration requestTimeout) {
        this(base, requestTimeout, java.util.Optional.empty());
    }

    /** @param trustedCa for an https node: the context that trusts its CA (otherwise the JDK's default trust) */
    NodeClient(URI base, Duration requestTimeout, java.util.Optional<javax.net.ssl.SSLContext> trustedCa) {
        this.base = base;
        this.requestTimeout = requestTimeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        trustedCa.ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /** Checks a {@code --node} value: an http(s) URL with a host, without a path beyond "/". */
    static URI parseNodeUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--node must be a URL such as " + DEFAULT_NODE + " (was '" + text + "')");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || (uri.getPath() != null && !uri.getPath().isEmpty())) {
            throw new IllegalArgumentException("--node must be a URL such as " + DEFAULT_NODE + " (was '" + text + "')");
        }
        return uri;
    }

    /** An answer: status, body and content type. */
    record Answer(int status, byte[] body, String contentType) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UserError("the node answered " + status + " with a body that is not JSON");
            }
        }

        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        /** {@code code: detail} of a problem+json answer, or the status line otherwise. */
        String problem() {
            if (isProblem()) {
                JsonNode problem = json();
                return problem.path("code").asText("error") + ": " + problem.path("detail").asText("");
            }
            return "HTTP " + status;
        }
    }

    Answer get(String path, String accept) {
        return send(HttpRequest.newBuilder(resolve(path)).header("Accept", accept).GET());
    }

    Answer post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(resolve(path)).header("Content-Type", contentType).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Any request with extra headers (the admin signature), JSON accepted. */
    Answer send(String method, String pathAndQuery, String contentType, byte[] body, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(pathAndQuery))
                .header("Content-Type", contentType).header("Accept", "application/json")
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** GET that must answer 200 with JSON; anything else is a {@link UserError}. */
    JsonNode getJson(String path) {
        Answer answer = get(path, "application/json");
        if (answer.status() != 200) {
            throw new UserError(answer.problem());
        }
        return answer.json();
    }

    private URI resolve(String path) {
        return URI.create(base.toString() + path);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(requestTimeout).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(""));
        } catch (java.net.http.HttpTimeoutException e) {
            throw new UserError("the node at " + base + " did not answer within " + requestTimeout.toSeconds() + " s");
        } catch (javax.net.ssl.SSLHandshakeException e) {
            throw new UserError("the node at " + base + " presented a certificate this client does not trust (" + e.getMessage()
                    + "); pass the network's CA with --ca tls/ca.crt");
        } catch (IOException e) {
            throw new UserError("cannot reach the node at " + base + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while talking to " + base);
        }
    }

    static ObjectMapper mapper() {
        return JSON;
    }
}
