package io.yantar.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/** Builds the node's HTTP responses: JSON bodies, problem+json errors, Prometheus text. */
public final class HttpResponses {
    public static final ContentType PROBLEM_JSON = ContentTypes.create(
            MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));
    public static final ContentType PROMETHEUS_TEXT = ContentTypes.create(
            MediaTypes.customWithOpenCharset("text", "plain", Map.of("version", "0.0.4"), false), HttpCharsets.UTF_8);

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private HttpResponses() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public static HttpResponse json(int status, Object body) {
        return HttpResponse.create()
                .withStatus(StatusCodes.get(status))
                .withEntity(ContentTypes.APPLICATION_JSON, toJson(body));
    }

    public static HttpResponse problem(int status, String title, String code, String detail) {
        return HttpResponse.create()
                .withStatus(StatusCodes.get(status))
                .withEntity(PROBLEM_JSON, toJson(Problem.of(status, title, code, detail)));
    }

    public static HttpResponse badRequest(String code, String detail) {
        return problem(400, "Bad Request", code, detail);
    }

    public static HttpResponse notFound(String detail) {
        return problem(404, "Not Found", "not-found", detail);
    }

    public static HttpResponse payloadTooLarge(long limitBytes) {
        return problem(413, "Content Too Large", "body-too-large",
                "The request body is larger than this node accepts (" + limitBytes + " bytes).");
    }

    public static HttpResponse unavailable(String code, String detail) {
        return problem(503, "Service Unavailable", code, detail);
    }

    public static HttpResponse overloaded(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return unavailable("overloaded", "The node's transaction queue is full; retry after " + seconds + " s.")
                .addHeader(RawHeader.create("Retry-After", Long.toString(seconds)));
    }

    /** 429 with {@code Retry-After} in whole seconds (at least 1). */
    public static HttpResponse tooManyRequests(String code, String detail, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return problem(429, "Too Many Requests", code, detail + " Retry after " + seconds + " s.")
                .addHeader(RawHeader.create("Retry-After", Long.toString(seconds)));
    }

    public static HttpResponse internalError() {
        return problem(500, "Internal Server Error", "internal-error", "The node failed to handle the request; see its log.");
    }

    public static HttpResponse metrics(String text) {
        return HttpResponse.create().withStatus(StatusCodes.OK).withEntity(PROMETHEUS_TEXT, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }


    private static byte[] toJson(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response record could not be written as JSON", e);
        }
    }
}
