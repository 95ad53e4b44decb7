package io.yantar.consensus.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.message.ForwardedRequests;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The requests one handled batch forwards to a peer go as few messages as possible, none above
 * the batch size a peer accepts: under load a group commit carried several client batches, and
 * the one merged message of thousands of requests was refused whole by every peer.
 */
class ForwardedMessagesTest {
    @Test
    void requestsAreCutIntoMessagesOfAtMostTheBatchSizeInOrder() {
        List<Bytes> payloads = LongStream.range(0, 2_522).mapToObj(Bytes::ofLong).toList();

        List<ForwardedRequests> messages = ReplicaActor.forwardedMessages(payloads, 1_000);

        assertEquals(List.of(1_000, 1_000, 522), messages.stream().map(message -> message.payloads().size()).toList());
        assertEquals(payloads, messages.stream().flatMap(message -> message.payloads().stream()).toList());
    }

    @Test
    void aBatchWithinTheLimitStaysOneMessage() {
        List<Bytes> payloads = List.of(Bytes.ofLong(1), Bytes.ofLong(2));

        assertEquals(List.of(new ForwardedRequests(payloads)), ReplicaActor.forwardedMessages(payloads, 2));
        assertEquals(List.of(), ReplicaActor.forwardedMessages(List.of(), 2));
    }
}
