package io.yantar.node.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** A line every {@value #EVERY_MILLIS} ms while a run goes on: payments acknowledged, and each node's committed height. */
final class Progress {
    private static final long EVERY_MILLIS = 10_000;

    private final ProcessConsortium consortium;
    private final Queue<Acknowledged> acknowledged;
    private final LongSupplier clockMillis;
    private final Consumer<String> say;
    private final Thread thread = new Thread(this::loop, "chaos-progress");
    private volatile boolean stopping;

    Progress(ProcessConsortium consortium, Queue<Acknowledged> acknowledged, LongSupplier clockMillis, Consumer<String> say) {
        this.consortium = consortium;
        this.acknowledged = acknowledged;
        this.clockMillis = clockMillis;
        this.say = say;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(EVERY_MILLIS);
    }

    private void loop() {
        int before = 0;
        while (!stopping) {
            try {
                Thread.sleep(EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            int now = acknowledged.size();
            List<String> heights = new ArrayList<>();
            long committed = -1;
            for (NodeProcess node : consortium.nodes()) {
                long height = consortium.height(node);
                committed = Math.max(committed, height);
                heights.add(node.name() + "=" + (height < 0 ? "-" : Long.toString(height)));
            }
            say.accept("t=" + clockMillis.getAsLong() / 1000 + " s: " + now + " payments acknowledged (+" + (now - before) + " in "
                    + EVERY_MILLIS / 1000 + " s), committed height " + committed + ", heights " + String.join(" ", heights));
            before = now;
        }
    }
}
