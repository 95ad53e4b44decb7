package io.yantar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.bench.load.BenchSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class BenchCommandTest {
    private static BenchSettings parse(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void defaultsStartAFourReplicaConsortiumWithTransfersOnEd25519() {
        BenchSettings settings = parse();
        assertTrue(settings.startsLocalConsortium());
        assertEquals(4, settings.replicas());
        assertEquals(30, settings.durationSeconds());
        assertEquals(BenchSettings.Payload.TRANSFER, settings.payload());
        assertEquals(BenchSettings.Storage.H2, settings.storage());
        assertEquals("ed25519-sha256", settings.suiteId());
        assertEquals(Optional.empty(), settings.rateTps());
    }

    @Test
    void everyOptionOfTheIssueIsRead() {
        BenchSettings settings = parse("--nodes", "http://127.0.0.1:8081,http://127.0.0.1:8082/", "--network", "/tmp/net",
                "--duration", "60", "--accounts", "5000", "--rate", "1500", "--batch", "16", "--payload", "disburse",
                "--in-flight", "32", "--warmup", "5");
        assertEquals(List.of(URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8082")), settings.nodes());
        assertEquals(Optional.of(Path.of("/tmp/net")), settings.network());
        assertEquals(60, settings.durationSeconds());
        assertEquals(5000, settings.accounts());
        assertEquals(Optional.of(1500), settings.rateTps());
        assertEquals(16, settings.batch());
        assertEquals(BenchSettings.Payload.DISBURSE, settings.payload());
        assertEquals(5, settings.warmupSeconds());
    }

    @Test
    void sevenReplicasAreAccepted() {
        assertEquals(7, parse("--replicas", "7").replicas());
    }

    @Test
    void badCombinationsAreRefusedNamingTheOption() {
        assertRefused("--replicas", "--replicas", "5");
        assertRefused("--batch", "--batch", "1001");
        assertRefused("--payload", "--payload", "mint");
        assertRefused("--storage", "--storage", "mysql");
        assertRefused("--nodes needs --network", "--nodes", "http://127.0.0.1:8081");
        assertRefused("--nodes takes URLs", "--nodes", "ftp://x", "--network", "/tmp/n");
        assertRefused("--postgres-url", "--storage", "postgres");
        assertRefused("--suite", "--suite", "rsa-sha1");
        assertRefused("--accounts", "--accounts", "10", "--in-flight", "6000");
        assertRefused("--open-loop-only needs --rate", "--open-loop-only");
        assertRefused("exclude each other", "--open-loop-only", "--rate", "100", "--no-open-loop");
        assertRefused("--check-nodes needs --nodes", "--check-nodes", "http://127.0.0.1:8082");
    }

    @Test
    void aScriptedRunChecksFurtherNodesAndStopsOnItsFile() {
        BenchSettings settings = parse("--nodes", "http://127.0.0.1:8081", "--network", "/tmp/n", "--open-loop-only", "--rate", "60",
                "--check-nodes", "http://127.0.0.1:8082,http://127.0.0.1:8085/", "--stop-file", "/tmp/n/stop");
        assertEquals(List.of(URI.create("http://127.0.0.1:8082"), URI.create("http://127.0.0.1:8085")), settings.checkNodes());
        assertEquals(Optional.of(Path.of("/tmp/n/stop")), settings.stopFile());
        assertEquals(Optional.empty(), parse().stopFile());
    }

    @Test
    void anOpenLoopOnlyRunNeedsItsRate() {
        BenchSettings settings = parse("--open-loop-only", "--rate", "150", "--duration", "600");
        assertTrue(settings.openLoopOnly());
        assertEquals(Optional.of(150), settings.rateTps());
    }

    @Test
    void aGostRunStartsAGostConsortium() {
        assertEquals("gost3410-2012-256-streebog", parse("--suite", "gost3410-2012-256-streebog").suiteId());
    }

    private static void assertRefused(String expectedInMessage, String... args) {
        ParameterException refused = assertThrows(ParameterException.class, () -> parse(args));
        assertTrue(refused.getMessage().contains(expectedInMessage), refused.getMessage());
    }
}
