package io.yantar.consensus.replica;

import io.yantar.consensus.core.Application;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.CheckpointCertificate;
import io.yantar.consensus.core.CommittedBlock;
import io.yantar.consensus.core.Config;
import io.yantar.consensus.core.DurableRecord;
import io.yantar.consensus.core.EpochHistory;
import io.yantar.consensus.core.RequestCheck;
import io.yantar.consensus.core.RejectReason;
import io.yantar.consensus.core.RequestKey;
import io.yantar.consensus.core.StateFetch;
import io.yantar.consensus.core.ValidatorSet;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.sim.FakeAuthenticator;
import io.yantar.consensus.wire.ProtoCodec;
import io.yantar.proto.ReplicaRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A replica actor set up alone for tests: primary of view 0 among three silent peers, fake signatures, protobuf records. */
final class ReplicaActorFixture {
    static final String CHAIN = "replica-actor-test";

    private ReplicaActorFixture() {
    }

    static ReplicaActor.Setup setup(String nodeId, Config config, ReplicaEffects effects, LongSupplier clockMillis,
                                    AtomicLong executedHeight) {
        ProtoCodec codec = new ProtoCodec(CHAIN);
        RecordCodec records = new RecordCodec() {
            @Override
            public ReplicaRecord encode(DurableRecord record) {
                return codec.toProto(record);
            }

            @Override
            public DurableRecord decode(ReplicaRecord record) {
                return codec.decode(record).value();
            }
        };
        ValidatorSet validators = new ValidatorSet(0, 0, List.of(nodeId, "peer-1", "peer-2", "peer-3"));
        return new ReplicaActor.Setup(nodeId, config, () -> EpochHistory.of(validators), new HashingApplication(),
                FakeAuthenticator.forMember(validators.members(), FakeAuthenticator.secrets(4, 7), 0), records, effects,
                clockMillis, executedHeight::get, 1_000);
    }

    /** Effects that ignore all but what a test overrides. */
    interface QuietEffects extends ReplicaEffects {
        @Override
        default void committed(CommittedBlock block) {
        }

        @Override
        default void checkpointStable(CheckpointCertificate certificate) {
        }

        @Override
        default void fetchState(StateFetch fetch) {
        }

        @Override
        default void rejected(RejectReason reason) {
        }
    }

    static Bytes payload(String text) {
        return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Accepts every payload; the proposal digest is a hash of its fields. */
    private static final class HashingApplication implements Application {
        @Override
        public RequestCheck check(Bytes payload) {
            return new RequestCheck.Accepted(new RequestKey(payload));
        }

        @Override
        public Bytes digest(Proposal proposal) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update((proposal.height() + "/" + proposal.view() + "/" + proposal.timestampMillis()).getBytes(StandardCharsets.UTF_8));
                proposal.payloads().forEach(payload -> sha.update(payload.toArray()));
                return Bytes.wrap(sha.digest());
            } catch (NoSuchAlgorithmException impossible) {
                throw new AssertionError(impossible);
            }
        }

        @Override
        public boolean alreadyExecuted(RequestKey key) {
            return false;
        }
    }
}
