package io.yantar.node.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * One connection's deadline for receiving a request head ("slowloris"): from the first byte of
 * a request (or of the TLS handshake) to its last header line. Pekko HTTP's idle timeout is
 * reset by every byte and its request timeout starts only after the head, so a client that
 * trickles its headers would hold the connection forever without this.
 *
 * <p>Three taps share the state: {@link #bytes()} on the bytes from the network starts the
 * clock, {@link #requests()} after the parser stops it, {@link #responses()} re-arms it for the
 * next request. While a request is being handled (its body included) the clock does not run:
 * the request timeout governs then.
 */
final class RequestHeadDeadline {
    private static final long IDLE = -1;
    private static final long HANDLING = -2;

    private final Duration timeout;
    private final Runnable onCut;
    /** IDLE, HANDLING, or the generation number of the request head being received. */
    private final AtomicLong state = new AtomicLong(IDLE);
    private final AtomicLong generations = new AtomicLong();

    /** @param onCut called once when the deadline closes the connection (for a metric) */
    RequestHeadDeadline(Duration timeout, Runnable onCut) {
        this.timeout = timeout;
        this.onCut = onCut;
    }

    /** Thrown into the connection's byte stream, which closes it. */
    static final class SlowRequestHeadException extends RuntimeException {
        SlowRequestHeadException(Duration timeout) {
            super("request head not received within " + timeout.toMillis() + " ms", null, false, false);
        }
    }

    Flow<ByteString, ByteString, ?> bytes() {
        return Flow.fromGraph(new ByteTap());
    }

    Flow<HttpRequest, HttpRequest, ?> requests() {
        return Flow.of(HttpRequest.class).map(request -> {
            state.set(HANDLING);
            return request;
        });
    }

    Flow<HttpResponse, HttpResponse, ?> responses() {
        return Flow.of(HttpResponse.class).map(response -> {
            state.set(IDLE);
            return response;
        });
    }

    private final class ByteTap extends GraphStage<FlowShape<ByteString, ByteString>> {
        private final Inlet<ByteString> in = Inlet.create("RequestHeadDeadline.in");
        private final Outlet<ByteString> out = Outlet.create("RequestHeadDeadline.out");
        private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);

        @Override
        public FlowShape<ByteString, ByteString> shape() {
            return shape;
        }

        @Override
        public GraphStageLogic createLogic(Attributes inheritedAttributes) {
            return new TimerGraphStageLogic(shape) {
                {
                    setHandler(in, new AbstractInHandler() {
                        @Override
                        public void onPush() {
                            long generation = generations.incrementAndGet();
                            if (state.compareAndSet(IDLE, generation)) {
                                scheduleOnce(generation, timeout);
                            }
                            push(out, grab(in));
                        }
                    });
                    setHandler(out, new AbstractOutHandler() {
                        @Override
                        public void onPull() {
                            pull(in);
                        }
                    });
                }

                @Override
                public void onTimer(Object key) {
                    if (state.get() == (Long) key) {
                        onCut.run();
                        failStage(new SlowRequestHeadException(timeout));
                    }
                }
            };
        }
    }
}
