package io.yantar.bench.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yantar.node.cli.NodeJavaOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The catch-up and reconfiguration scripts restart nodes themselves; they must use the JVM options of {@code yantar up}. */
class NodeJavaOptionsTest {
    private static final Pattern NODE_JAVA_OPTS = Pattern.compile("^node_java_opts=\\(([^)]*)\\)", Pattern.MULTILINE);

    @Test
    void theScriptsStartNodesWithTheDefaultsOfYantarUp() throws Exception {
        String library = Files.readString(Path.of("scripts", "bench-lib.sh"));
        Matcher options = NODE_JAVA_OPTS.matcher(library);
        assertEquals(true, options.find(), "bench-lib.sh defines node_java_opts");
        List<String> scriptOptions = Arrays.stream(options.group(1).trim().split("\\s+")).toList();

        assertEquals(NodeJavaOptions.DEFAULTS, scriptOptions);
    }
}
