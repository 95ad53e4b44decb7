package io.yantar.node.http;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Answers a request Pekko HTTP's parser refused (too many headers, a header or URI too long, a
 * malformed head) with problem+json like every other error of the API, instead of plain text.
 * Named in {@code pekko.http.server.parsing.error-handler} by {@link ApiServer}.
 */
public final class ProblemParsingErrorHandler extends ParsingErrorHandler {
    @Override
    public HttpResponse handle(StatusCode status, ErrorInfo error, LoggingAdapter log, ServerSettings settings) {
        int code = status.intValue();
        if (code == 400 && tooManyHeaders(error)) {
            // Pekko answers 400 for a header count over the limit; RFC 6585 has the precise status.
            return HttpResponses.problem(431, "Request Header Fields Too Large", "headers-too-large", error.summary());
        }
        return HttpResponses.problem(code, status.reason(), reasonCode(code), error.summary());
    }

    private static boolean tooManyHeaders(ErrorInfo error) {
        return error.summary().contains("configured limit") && error.summary().contains("headers");
    }

    private static String reasonCode(int status) {
        return switch (status) {
            case 414 -> "uri-too-long";
            case 431 -> "headers-too-large";
            case 413 -> "body-too-large";
            default -> "malformed-request";
        };
    }
}
