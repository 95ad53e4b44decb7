package io.yantar.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import scala.concurrent.Promise;
import scala.jdk.javaapi.FutureConverters;

class CommonPoolParallelismTest {

    @Test
    void raisesTheParallelismOnOneOrTwoProcessorsOnly() {
        for (int processors : new int[] {1, 2}) {
            Properties properties = new Properties();
            CommonPoolParallelism.raise(properties, processors);
            assertEquals("2", properties.getProperty(CommonPoolParallelism.PROPERTY), processors + " processors");
        }
        Properties larger = new Properties();
        CommonPoolParallelism.raise(larger, 3);
        assertNull(larger.getProperty(CommonPoolParallelism.PROPERTY), "the JDK's default of 2 is kept");
    }

    @Test
    void leavesTheOperatorsSetting() {
        Properties properties = new Properties();
        properties.setProperty(CommonPoolParallelism.PROPERTY, "1");
        CommonPoolParallelism.raise(properties, 2);
        assertEquals("1", properties.getProperty(CommonPoolParallelism.PROPERTY));
    }

    /** A JVM that sees two processors, as the bench and CI machines do, with and without the raise. */
    @Test
    void continuationsOfPekkoStyleFuturesRunOnTheCommonPoolOnceRaised() throws Exception {
        String withRaise = continuationThreads(true);
        String without = continuationThreads(false);
        assertTrue(withRaise.lines().allMatch(name -> name.startsWith("ForkJoinPool.commonPool-worker-")), withRaise);
        assertTrue(without.lines().allMatch(name -> name.startsWith("Thread-")), "the JDK's own behaviour, which the raise avoids: " + without);
    }

    private static String continuationThreads(boolean raise) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path"), ContinuationThreads.class.getName(), Boolean.toString(raise)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /** Prints the thread each of three continuations of a Scala-future-backed CompletionStage ran on. */
    public static final class ContinuationThreads {
        public static void main(String[] args) throws Exception {
            if (Boolean.parseBoolean(args[0])) {
                CommonPoolParallelism.raiseBeforeFirstUse();
            }
            for (int i = 0; i < 3; i++) {
                Promise<String> promise = Promise.apply();
                CompletableFuture<String> stage = FutureConverters.asJava(promise.future()).toCompletableFuture();
                CompletableFuture<String> thread = stage.thenApply(ignored -> Thread.currentThread().getName());
                promise.success("done");
                System.out.println(thread.get(30, TimeUnit.SECONDS));
            }
        }
    }
}
