package io.yantar.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/api/openapi.yaml lists exactly the endpoints the router dispatches (ApiEndpoint), with the same methods. */
class OpenApiSpecTest {
    private static final Path SPEC = Path.of("../docs/api/openapi.yaml");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void everyRouteIsInTheSpecAndEveryPathOfTheSpecIsARoute() throws IOException {
        Set<String> routes = Arrays.stream(ApiEndpoint.values())
                .map(endpoint -> endpoint.method() + " " + endpoint.template())
                .collect(Collectors.toCollection(TreeSet::new));
        routes.addAll(io.yantar.node.explorer.ExplorerRoutes.API_OPERATIONS);
        Set<String> documented = documentedOperations(Files.readAllLines(SPEC));

        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        Set<String> unrouted = new TreeSet<>(documented);
        unrouted.removeAll(routes);
        assertTrue(undocumented.isEmpty(), "routes missing from docs/api/openapi.yaml: " + undocumented);
        assertTrue(unrouted.isEmpty(), "operations in docs/api/openapi.yaml that the node does not route: " + unrouted);
    }

    @Test
    void theReaderFindsOperationsUnderPathsOnly() {
        List<String> yaml = List.of(
                "openapi: 3.0.3",
                "paths:",
                "  /a/{id}:",
                "    get:",
                "      summary: x",
                "    post:",
                "      responses:",
                "        \"200\": {description: ok}",
                "  /b:",
                "    delete:",
                "components:",
                "  /not-a-path:",
                "    get:");
        assertEquals(new TreeSet<>(Set.of("GET /a/{id}", "POST /a/{id}", "DELETE /b")), documentedOperations(yaml));
    }

    /** "METHOD /path" for each operation under {@code paths:} (paths indented by 2 spaces, methods by 4). */
    static Set<String> documentedOperations(List<String> lines) {
        Set<String> operations = new TreeSet<>();
        boolean inPaths = false;
        String path = null;
        for (String line : lines) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                inPaths = line.startsWith("paths:");
                path = null;
                continue;
            }
            if (!inPaths) {
                continue;
            }
            if (line.startsWith("  /") && line.stripTrailing().endsWith(":")) {
                path = line.strip().substring(0, line.strip().length() - 1);
            } else if (path != null && line.startsWith("    ") && !line.startsWith("     ")) {
                String key = line.strip();
                int colon = key.indexOf(':');
                String name = colon < 0 ? key : key.substring(0, colon);
                if (METHODS.contains(name)) {
                    operations.add(name.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return operations;
    }
}
