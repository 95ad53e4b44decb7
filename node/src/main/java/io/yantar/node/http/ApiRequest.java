package io.yantar.node.http;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.util.ByteString;

/**
 * One request matched to an endpoint: its path parameters and a way to read its body within
 * the node's size limit (a larger body fails the stage with Pekko's
 * {@code EntityStreamSizeException}, which the router answers with 413).
 */
record ApiRequest(HttpRequest request, ApiEndpoint endpoint, Map<String, String> pathParameters, long bodyBytesMax,
                  long bodyTimeoutMillis, ActorSystem<?> system) {

    String pathParameter(String name) {
        return pathParameters.get(name);
    }

    Optional<String> query(String name) {
        return request.getUri().query().get(name);
    }

    Optional<String> header(String name) {
        return request.getHeader(name).map(header -> header.value());
    }

    /** The media subtype of the body, e.g. {@code json} or {@code x-protobuf}. */
    String bodySubType() {
        return request.entity().getContentType().mediaType().subType();
    }

    /** Whether the client prefers binary protobuf ({@code Accept: application/x-protobuf}). */
    boolean acceptsProtobuf() {
        return header("Accept").map(accept -> accept.contains("application/x-protobuf")).orElse(false);
    }

    CompletionStage<ByteString> body() {
        return request.entity().toStrict(bodyTimeoutMillis, bodyBytesMax, system).thenApply(strict -> strict.getData());
    }
}
