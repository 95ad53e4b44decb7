package io.yantar.bench;

import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.NewView;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.PreparedCertificate;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import io.yantar.consensus.wire.ProtoCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Protobuf encode (record -> {@code PeerEnvelope} bytes) and decode (bytes -> checked record)
 * of each consensus message through the node's own {@link ProtoCodec}, as the transport does.
 * Signatures are 64 random bytes (nothing is verified here). A proposal carries
 * {@code transactions} payloads of 200 bytes (a signed transfer); the view change carries one
 * prepared certificate with such a proposal, the new view three view changes and one re-proposal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ConsensusCodecBenchmark {
    private static final int PAYLOAD_BYTES = 200;

    @Param({"pre-prepare", "prepare", "commit", "checkpoint", "view-change", "new-view"})
    public String message;

    /** Payloads in the proposal (pre-prepare, and the prepared certificate of a view change). */
    @Param({"500"})
    public int transactions;

    private final SplittableRandom random = new SplittableRandom(8);
    private ProtoCodec codec;
    private PeerMessage record;
    private byte[] wire;

    @Setup
    public void setUp() {
        codec = new ProtoCodec("yantar-bench");
        record = build(message);
        wire = codec.toProto(record, "node-1").toByteArray();
        // Printed once per trial so the scores can be read per byte.
        System.out.println(message + " with " + transactions + " payloads: " + wire.length + " bytes on the wire");
    }

    @Benchmark
    public byte[] encode() {
        return codec.toProto(record, "node-1").toByteArray();
    }

    @Benchmark
    public ProtoCodec.Decoded<PeerMessage> decode() {
        ProtoCodec.Decoded<PeerMessage> decoded = codec.decodePeerMessage(wire);
        if (!decoded.ok()) {
            throw new IllegalStateException("the " + message + " did not decode: " + decoded.error());
        }
        return decoded;
    }

    private PeerMessage build(String kind) {
        Bytes digest = randomBytes(32);
        Proposal proposal = proposal(7, 0);
        Signed prePrepare = signed(new PrePrepare(0, 0, 7, digest, 0));
        return switch (kind) {
            case "pre-prepare" -> new ProposalMessage(prePrepare, proposal);
            case "prepare" -> signed(new Prepare(0, 0, 7, digest, 1));
            case "commit" -> signed(new Commit(0, 0, 7, digest, 2));
            case "checkpoint" -> signed(new Checkpoint(0, 16, digest, 3));
            case "view-change" -> viewChange(prePrepare, proposal, digest, 3);
            case "new-view" -> {
                List<Signed> viewChanges = new ArrayList<>();
                for (int replica = 1; replica <= 3; replica++) {
                    viewChanges.add(viewChange(prePrepare, proposal, digest, replica));
                }
                yield signed(new NewView(0, 1, viewChanges, List.of(signed(new PrePrepare(0, 1, 7, digest, 1))),
                        List.of(proposal(7, 1)), 1));
            }
            default -> throw new IllegalArgumentException("unknown consensus message '" + kind + "'");
        };
    }

    private Signed viewChange(Signed prePrepare, Proposal proposal, Bytes digest, int replica) {
        List<Signed> checkpointProof = List.of(signed(new Checkpoint(0, 0, digest, 0)), signed(new Checkpoint(0, 0, digest, 1)),
                signed(new Checkpoint(0, 0, digest, 2)));
        PreparedCertificate prepared = new PreparedCertificate(prePrepare, proposal,
                List.of(signed(new Prepare(0, 0, 7, digest, 1)), signed(new Prepare(0, 0, 7, digest, 2))));
        return signed(new ViewChange(0, 1, 0, digest, checkpointProof, List.of(prepared), replica));
    }

    private Proposal proposal(long height, long view) {
        List<Bytes> payloads = new ArrayList<>(transactions);
        for (int i = 0; i < transactions; i++) {
            payloads.add(randomBytes(PAYLOAD_BYTES));
        }
        return new Proposal(height, view, (int) view, 1_790_000_000_000L, false, payloads);
    }

    private Signed signed(ConsensusMessage message) {
        return new Signed(message, randomBytes(64));
    }

    private Bytes randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return Bytes.wrap(bytes);
    }
}
