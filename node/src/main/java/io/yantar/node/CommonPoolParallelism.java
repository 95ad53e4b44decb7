package io.yantar.node;

import java.util.Properties;
import java.util.concurrent.ForkJoinPool;

/**
 * Keeps the JDK from starting a thread per continuation on small machines.
 *
 * <p>Pekko's Java API hands out its futures (asks, stream results, request entities, piped
 * replies) as Scala's {@code CompletableFuture} subclass, which runs every continuation
 * ({@code thenApply}, {@code whenComplete}, ...) on the JDK's default asynchronous executor. When
 * the common fork-join pool's parallelism is 1, the JDK's choice on a machine of one or two
 * processors, that executor starts a new thread for each task: a node on two cores started and
 * tore down an OS thread for every HTTP request it admitted (run P200, docs/BENCHMARKS.md).
 * With a parallelism of at least 2 the JDK runs them on the common pool instead.
 */
public final class CommonPoolParallelism {
    static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";
    static final int MINIMUM = 2;

    private CommonPoolParallelism() {
    }

    /**
     * Raises the common pool's parallelism to {@link #MINIMUM} unless the JDK's default (one
     * less than the processors) reaches it or the operator set it. Takes effect only before
     * anything in the JVM has used {@code ForkJoinPool} or {@code CompletableFuture}: call it first in {@code main}.
     */
    public static void raiseBeforeFirstUse() {
        raise(System.getProperties(), Runtime.getRuntime().availableProcessors());
    }

    static void raise(Properties properties, int processors) {
        if (properties.getProperty(PROPERTY) == null && processors - 1 < MINIMUM) {
            properties.setProperty(PROPERTY, Integer.toString(MINIMUM));
        }
    }

    /** Whether continuations of Pekko's futures run on the common pool rather than on a thread each. */
    public static boolean effective() {
        return ForkJoinPool.getCommonPoolParallelism() >= MINIMUM;
    }
}
