package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.proto.Fragment;
import io.yantar.proto.PeerEnvelope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Peer envelopes larger than one Artery frame travel as ordered fragments. A VIEW-CHANGE carries
 * every prepared proposal above the stable checkpoint and a NEW-VIEW carries 2f+1 of those plus
 * its own re-proposals: under a long backlog (blocks of 1,000 payments, 16 heights in flight) a
 * NEW-VIEW reached 13 MB, Artery discarded it as oversized (frames are 8 MiB), and no view change
 * could ever complete. Fragments of one envelope go from one outbox to one inbox, which Artery
 * delivers in order.
 */
final class EnvelopeFragments {
    /** Envelopes up to this size go whole; larger ones in pieces of this size. */
    static final int FRAGMENT_BYTES = 1 << 20;
    /** The largest envelope put back together; larger ones are dropped as malformed. */
    static final int MESSAGE_BYTES_MAX = 64 << 20;
    /** Senders with a partial envelope at a time; the oldest partial goes first. */
    private static final int PARTIALS_MAX = 32;

    private EnvelopeFragments() {
    }

    /** The envelope itself when it fits, else its fragments in order. */
    static List<PeerEnvelope> split(PeerEnvelope envelope, long messageId, int fragmentBytes) {
        if (envelope.getSerializedSize() <= fragmentBytes) {
            return List.of(envelope);
        }
        ByteString whole = envelope.toByteString();
        int count = (whole.size() + fragmentBytes - 1) / fragmentBytes;
        List<PeerEnvelope> fragments = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            ByteString data = whole.substring(index * fragmentBytes, Math.min(whole.size(), (index + 1) * fragmentBytes));
            fragments.add(PeerEnvelope.newBuilder().setSenderNodeId(envelope.getSenderNodeId())
                    .setFragment(Fragment.newBuilder().setMessageId(messageId).setIndex(index).setCount(count).setData(data))
                    .build());
        }
        return fragments;
    }

    /** The receiving side: per sender one envelope at a time, its fragments in order. */
    static final class Reassembly {
        private final int messageBytesMax;
        private final Map<String, Partial> partials = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Partial> eldest) {
                return size() > PARTIALS_MAX;
            }
        };

        Reassembly(int messageBytesMax) {
            this.messageBytesMax = messageBytesMax;
        }

        /**
         * @return the whole envelope once its last fragment arrived; empty while incomplete, and
         *     for a fragment out of order, too large or not decoding (the envelope is then lost,
         *     as a dropped message is)
         */
        Result add(PeerEnvelope envelope) {
            Fragment fragment = envelope.getFragment();
            String sender = envelope.getSenderNodeId();
            Partial partial = partials.get(sender);
            if (fragment.getIndex() == 0) {
                partial = new Partial(fragment.getMessageId(), fragment.getCount());
                partials.put(sender, partial);
            } else if (partial != null && partial.messageId == fragment.getMessageId() && fragment.getIndex() < partial.parts.size()) {
                return Result.INCOMPLETE; // a duplicate
            }
            if (partial == null || partial.messageId != fragment.getMessageId() || partial.count != fragment.getCount()
                    || fragment.getIndex() != partial.parts.size() || fragment.getCount() < 2) {
                partials.remove(sender);
                return Result.DROPPED;
            }
            partial.bytes += fragment.getData().size();
            if (partial.bytes > messageBytesMax) {
                partials.remove(sender);
                return Result.DROPPED;
            }
            partial.parts.add(fragment.getData());
            if (partial.parts.size() < partial.count) {
                return Result.INCOMPLETE;
            }
            partials.remove(sender);
            try {
                PeerEnvelope whole = PeerEnvelope.parseFrom(ByteString.copyFrom(partial.parts));
                return whole.hasFragment() || !whole.getSenderNodeId().equals(sender) ? Result.DROPPED : new Result(Optional.of(whole), false);
            } catch (InvalidProtocolBufferException malformed) {
                return Result.DROPPED;
            }
        }
    }

    /** An envelope put back together, or none yet, or none because the fragments were unusable. */
    record Result(Optional<PeerEnvelope> whole, boolean dropped) {
        static final Result INCOMPLETE = new Result(Optional.empty(), false);
        static final Result DROPPED = new Result(Optional.empty(), true);
    }

    private static final class Partial {
        final long messageId;
        final int count;
        final List<ByteString> parts = new ArrayList<>();
        long bytes;

        Partial(long messageId, int count) {
            this.messageId = messageId;
            this.count = count;
        }
    }
}
