package io.yantar.node.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pekko refuses to start with mixed versions of its modules, and transitive dependencies
 * (persistence-jdbc, management) pull older ones unless the BOMs govern them. This pins that
 * every Pekko core module on the node's classpath is one version, and every Pekko HTTP module
 * another single version.
 */
class PekkoVersionsTest {
    private static final Pattern PEKKO_JAR = Pattern.compile("(pekko-[a-z0-9-]+)_2\\.13-([0-9][0-9.]*[0-9])\\.jar");
    private static final Set<String> SEPARATELY_VERSIONED_PREFIXES = Set.of("pekko-http", "pekko-parsing",
            "pekko-persistence-jdbc", "pekko-management");

    @Test
    void pekkoModulesEndAtOneVersion() {
        Map<String, String> core = new TreeMap<>();
        Map<String, String> http = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher jar = PEKKO_JAR.matcher(new File(entry).getName());
            if (!jar.matches()) {
                continue;
            }
            String module = jar.group(1);
            if (module.startsWith("pekko-http") || module.startsWith("pekko-parsing")) {
                http.put(module, jar.group(2));
            } else if (SEPARATELY_VERSIONED_PREFIXES.stream().noneMatch(module::startsWith)) {
                core.put(module, jar.group(2));
            }
        }
        assertTrue(core.containsKey("pekko-actor") && core.containsKey("pekko-cluster-typed"), "Pekko core modules found: " + core);
        assertEquals(1, new TreeSet<>(core.values()).size(), "one Pekko version for all core modules: " + core);
        assertEquals(1, new TreeSet<>(http.values()).size(), "one Pekko HTTP version for all HTTP modules: " + http);
    }
}
