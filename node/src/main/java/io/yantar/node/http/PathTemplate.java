package io.yantar.node.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Matches request path segments against a template such as {@code v1/blocks/{height}}. */
final class PathTemplate {
    private PathTemplate() {
    }

    /** The path parameters when {@code pathSegments} (decoded, without the leading slash) fit {@code template}. */
    static Optional<Map<String, String>> match(List<String> template, List<String> pathSegments) {
        if (pathSegments.size() != template.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            String actual = pathSegments.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (actual.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(Map.copyOf(parameters));
    }

    static List<String> segments(String template) {
        return List.of(template.substring(1).split("/"));
    }
}
