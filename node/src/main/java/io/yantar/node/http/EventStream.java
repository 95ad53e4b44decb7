package io.yantar.node.http;

import io.yantar.node.LedgerQueries;
import io.yantar.node.LedgerQueries.BlockView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * {@code GET /v1/events}: Server-Sent Events of committed blocks, one event per block with
 * {@code id} = height and its transactions with their receipts as data. A client that reconnects with
 * {@code Last-Event-ID: H} (or asks {@code ?from=H}) first gets the missed blocks from the
 * block store, then the live ones, with neither gap nor repeat: the live subscription is taken
 * before the replay's end is fixed. Each subscriber has a bounded buffer; one that falls
 * further behind gets a final {@code dropped} event and is disconnected (it resumes with
 * {@code Last-Event-ID}).
 */
final class EventStream {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final ByteString HEARTBEAT = ByteString.fromString(": keep-alive\n\n");

    private final LedgerJson json;
    private final int bufferMax;

    EventStream(LedgerJson json, int bufferMax) {
        this.json = json;
        this.bufferMax = bufferMax;
    }

    /** Thrown into a subscriber's stream when its buffer is full. */
    private static final class SlowSubscriber extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SlowSubscriber() {
            super("subscriber too slow", null, false, false);
        }
    }

    HttpResponse events(ApiRequest request, LedgerQueries ledger) {
        Optional<String> resume = request.header("Last-Event-ID").or(() -> request.query("from").map(EventStream::previous));
        long after;
        if (resume.isPresent()) {
            Optional<Long> parsed = LedgerHandlers.nonNegative(resume.get().trim());
            if (parsed.isEmpty()) {
                return HttpResponses.badRequest("bad-event-id", "Last-Event-ID is a block height, and from a height from 1.");
            }
            after = parsed.get();
        } else {
            after = -1;
        }
        Source<ByteString, NotUsed> events = Source.fromMaterializer((materializer, attributes) -> {
            Pair<BoundedSourceQueue<BlockView>, Source<BlockView, NotUsed>> live = Source.<BlockView>queue(bufferMax).preMaterialize(materializer);
            BoundedSourceQueue<BlockView> queue = live.first();
            AtomicReference<LedgerQueries.Subscription> subscription = new AtomicReference<>();
            subscription.set(ledger.subscribe(block -> {
                QueueOfferResult result = queue.offer(block);
                if (result == QueueOfferResult.dropped()) {
                    // Stop buffering for it at once; it resumes from the store with Last-Event-ID.
                    queue.fail(new SlowSubscriber());
                    LedgerQueries.Subscription own = subscription.get();
                    if (own != null) {
                        own.close();
                    }
                }
            }));
            long replayedTo = ledger.tip().height();
            long first = after < 0 ? replayedTo + 1 : after + 1;
            Source<BlockView, NotUsed> replay = Source.fromIterator(() -> LongStream.rangeClosed(first, replayedTo).iterator())
                    .mapAsync(1, ledger::block)
                    .filter(Optional::isPresent)
                    .map(Optional::get);
            return replay
                    .concat(live.second().filter(block -> block.height() > replayedTo))
                    .map(this::event)
                    .recover(SlowSubscriber.class, () -> ByteString.fromString("event: dropped\ndata: {\"reason\":\"subscriber too slow; resume with Last-Event-ID\"}\n\n"))
                    .keepAlive(KEEP_ALIVE, () -> HEARTBEAT)
                    .watchTermination((notUsed, done) -> {
                        done.whenComplete((ok, failure) -> {
                            subscription.get().close();
                            queue.complete();
                        });
                        return notUsed;
                    });
        }).mapMaterializedValue(ignored -> NotUsed.getInstance());
        return HttpResponse.create()
                .withStatus(StatusCodes.OK)
                .addHeader(RawHeader.create("Cache-Control", "no-cache"))
                .withEntity(HttpEntities.create(ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM), events));
    }

    private static String previous(String from) {
        Optional<Long> height = LedgerHandlers.nonNegative(from);
        return height.filter(h -> h >= 1).map(h -> Long.toString(h - 1)).orElse("bad");
    }

    private ByteString event(BlockView block) {
        String data;
        try {
            data = HttpResponses.json().writeValueAsString(json.blockSummary(block));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a block summary could not be written as JSON", e);
        }
        return ByteString.fromString("id: " + block.height() + "\nevent: block\ndata: " + data + "\n\n", StandardCharsets.UTF_8);
    }
}
