package io.yantar.consensus.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.CommitCertificate;
import io.yantar.consensus.core.Config;
import io.yantar.consensus.core.DurableRecord;
import io.yantar.consensus.core.Input;
import io.yantar.consensus.core.Outputs;
import io.yantar.consensus.core.Replica;
import io.yantar.consensus.core.RequestCheck;
import io.yantar.consensus.core.RequestKey;
import io.yantar.consensus.core.ValidatorSet;
import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.ForwardedRequests;
import io.yantar.consensus.core.message.NewView;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.PreparedCertificate;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.proto.PeerEnvelope;
import io.yantar.proto.ReplicaSignature;
import io.yantar.proto.SignedMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records <-> protobuf, and signatures with the real Ed25519 suite over exactly what the ledger's verifier rebuilds. */
class WireTest {
    private static final String CHAIN = "yantar-test";
    private final CryptoSuite suite = CryptoSuites.ed25519();
    private final ProtoCodec codec = new ProtoCodec(CHAIN);
    private final List<SigningKey> keys = new ArrayList<>();
    private final List<byte[]> publicKeys = new ArrayList<>();

    WireTest() {
        for (int i = 0; i < 4; i++) {
            byte[] seed = new byte[32];
            java.util.Arrays.fill(seed, (byte) (i + 1));
            SigningKey key = suite.keyFromPrivate(seed);
            keys.add(key);
            publicKeys.add(key.publicKey());
        }
    }

    private SuiteAuthenticator authenticator(int replica) {
        return new SuiteAuthenticator(codec, keys.get(replica), replica, publicKeys);
    }

    private Signed sign(ConsensusMessage message) {
        return new Signed(message, authenticator(message.replica()).sign(message));
    }

    @Test
    void commitSignatureVerifiesAgainstTheCommitTheLedgerRebuilds() {
        Bytes digest = Bytes.wrap(suite.hash("block 42".getBytes()));
        List<Signed> commits = new ArrayList<>();
        for (int replica = 0; replica < 3; replica++) {
            commits.add(sign(new Commit(3, 5, 42, digest, replica)));
        }
        io.yantar.proto.CommitCertificate compact = codec.toProto(new CommitCertificate(3, 5, 42, digest, commits));

        for (ReplicaSignature signature : compact.getSignaturesList()) {
            byte[] rebuilt = Canonical.bytes(io.yantar.proto.ConsensusMessage.newBuilder().setCommit(io.yantar.proto.Commit.newBuilder()
                    .setChainId(CHAIN).setEpoch(compact.getEpoch()).setView(compact.getView()).setHeight(compact.getHeight())
                    .setDigest(compact.getProposalDigest()).setReplica(signature.getReplica())).build());
            assertTrue(suite.verify(publicKeys.get(signature.getReplica()), SignatureDomain.CONSENSUS, rebuilt,
                    signature.getSignature().toByteArray()), "replica " + signature.getReplica());
            assertFalse(suite.verify(publicKeys.get(signature.getReplica()), SignatureDomain.TRANSACTION, rebuilt,
                    signature.getSignature().toByteArray()), "domain separated");
        }
    }

    @Test
    void checkpointSignatureVerifiesAgainstTheCheckpointTheLedgerRebuilds() {
        Bytes blockHash = Bytes.wrap(suite.hash("header 8".getBytes()));
        Signed checkpoint = sign(new Checkpoint(0, 8, blockHash, 2));
        byte[] rebuilt = Canonical.bytes(io.yantar.proto.ConsensusMessage.newBuilder().setCheckpoint(io.yantar.proto.Checkpoint
                .newBuilder().setChainId(CHAIN).setEpoch(0).setHeight(8).setStateDigest(ByteString.copyFrom(blockHash.toArray()))
                .setReplica(2)).build());
        assertTrue(suite.verify(publicKeys.get(2), SignatureDomain.CONSENSUS, rebuilt, checkpoint.signature().toArray()));
    }

    @Test
    void authenticatorRefusesTamperedMessagesAndWrongSigners() {
        SuiteAuthenticator verifier = authenticator(3);
        Signed prepare = sign(new Prepare(0, 1, 7, Bytes.ofLong(1), 1));
        assertTrue(verifier.verify(prepare.message(), prepare.signature()));
        assertFalse(verifier.verify(new Prepare(0, 1, 8, Bytes.ofLong(1), 1), prepare.signature()), "another height");
        assertFalse(verifier.verify(new Prepare(0, 1, 7, Bytes.ofLong(1), 2), prepare.signature()), "claimed by another replica");
        assertFalse(verifier.verify(new Prepare(0, 1, 7, Bytes.ofLong(1), 9), prepare.signature()), "outside the set");
        assertFalse(verifier.verify(prepare.message(), Bytes.ofLong(5)), "garbage signature");
        SuiteAuthenticator otherChain = new SuiteAuthenticator(new ProtoCodec("other-chain"), keys.get(3), 3, publicKeys);
        assertFalse(otherChain.verify(prepare.message(), prepare.signature()), "the chain id is signed");
    }

    @Test
    void keysFollowMemberIdsIntoAnotherEpochsPositions() {
        ValidatorSet later = new ValidatorSet(1, 9, List.of("replica-0", "replica-2", "replica-3"));
        Prepare prepare = new Prepare(1, 0, 9, Bytes.ofLong(1), 1);
        Bytes signature = authenticator(2).forEpoch(later).sign(prepare);
        assertTrue(authenticator(0).forEpoch(later).verify(prepare, signature), "position 1 of the later set is replica-2");
        assertFalse(authenticator(0).verify(prepare, signature), "position 1 of the genesis set is replica-1");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> authenticator(1).forEpoch(later).sign(prepare), "replica-1 is not in the later set: it signs nothing");
    }

    @Test
    void aReplacedKeyIsHeldFromItsEpochOnAndTheOldOneNoLonger() {
        SuiteAuthenticator oldMachine = authenticator(2);
        SigningKey newKey = suite.generateKey(new java.security.SecureRandom());
        SuiteAuthenticator newMachine = new SuiteAuthenticator(codec, newKey, ValidatorSet.ofSize(4), "replica-2",
                java.util.Map.of("replica-0", publicKeys.get(0), "replica-1", publicKeys.get(1), "replica-2", publicKeys.get(2),
                        "replica-3", publicKeys.get(3)));
        ValidatorSet replaced = new ValidatorSet(1, 9, ValidatorSet.ofSize(4).members());
        for (SuiteAuthenticator keys : List.of(oldMachine, newMachine)) {
            keys.learn(1, "replica-2", newKey.publicKey());
        }
        assertTrue(oldMachine.holdsMemberKey() && !oldMachine.forEpoch(replaced).holdsMemberKey(), "the old machine until epoch 1");
        assertTrue(!newMachine.holdsMemberKey() && newMachine.forEpoch(replaced).holdsMemberKey(), "the new one from epoch 1");
        Prepare prepare = new Prepare(1, 0, 9, Bytes.ofLong(1), 2);
        Bytes signature = newMachine.forEpoch(replaced).sign(prepare);
        assertFalse(authenticator(0).forEpoch(replaced).verify(prepare, signature), "a node that has not learned the new key refuses it");
        assertTrue(oldMachine.forEpoch(replaced).verify(prepare, signature), "one that has accepts it in epoch 1");
        assertFalse(oldMachine.verify(new Prepare(0, 0, 9, Bytes.ofLong(1), 2), newMachine.sign(new Prepare(0, 0, 9, Bytes.ofLong(1), 2))),
                "but not in epoch 0");
    }

    @Test
    void everyPeerMessageSurvivesTheRoundTrip() {
        Proposal proposal = new Proposal(2, 0, 0, 1_000, false, List.of(Bytes.ofLong(1), Bytes.ofLong(2)));
        Bytes digest = Bytes.ofLong(99);
        Signed prePrepare = sign(new PrePrepare(0, 0, 2, digest, 0));
        PreparedCertificate certificate = new PreparedCertificate(prePrepare, proposal,
                List.of(sign(new Prepare(0, 0, 2, digest, 1)), sign(new Prepare(0, 0, 2, digest, 2))));
        List<Signed> proof = List.of(sign(new Checkpoint(0, 4, Bytes.ofLong(4), 0)), sign(new Checkpoint(0, 4, Bytes.ofLong(4), 1)),
                sign(new Checkpoint(0, 4, Bytes.ofLong(4), 2)));
        Signed viewChange = sign(new ViewChange(0, 1, 4, Bytes.ofLong(4), proof, List.of(certificate), 3));
        Signed newView = sign(new NewView(0, 1, List.of(viewChange), List.of(sign(new PrePrepare(0, 1, 5, digest, 1))),
                List.of(Proposal.nullProposal(5, 1, 1)), 1));
        List<PeerMessage> messages = List.of(new ProposalMessage(prePrepare, proposal), sign(new Prepare(0, 0, 2, digest, 1)),
                sign(new Commit(0, 0, 2, digest, 3)), proof.get(0), viewChange, newView,
                new ForwardedRequests(List.of(Bytes.ofLong(7), Bytes.ofLong(8))));

        for (PeerMessage message : messages) {
            byte[] wire = codec.toProto(message, "node-a").toByteArray();
            ProtoCodec.Decoded<PeerMessage> decoded = codec.decodePeerMessage(wire);
            assertTrue(decoded.ok(), decoded.error());
            assertEquals(message, decoded.value());
        }
    }

    @Test
    void everyDurableRecordSurvivesTheRoundTrip() {
        Proposal proposal = new Proposal(1, 0, 0, 1_000, false, List.of(Bytes.ofLong(1)));
        Signed prePrepare = sign(new PrePrepare(0, 0, 1, Bytes.ofLong(3), 0));
        List<DurableRecord> records = List.of(new DurableRecord.ViewEntered(4), new DurableRecord.OwnMessage(prePrepare),
                new DurableRecord.AcceptedPrePrepare(prePrepare, proposal),
                new DurableRecord.PeerMessage(sign(new Prepare(0, 0, 1, Bytes.ofLong(3), 2))), new DurableRecord.StableCheckpoint(8),
                new DurableRecord.EpochEntered(new ValidatorSet(1, 9, List.of("a", "b", "c", "d", "e")),
                        new io.yantar.consensus.core.CheckpointCertificate(0, 8, Bytes.ofLong(8),
                                List.of(sign(new Checkpoint(0, 8, Bytes.ofLong(8), 1)), sign(new Checkpoint(0, 8, Bytes.ofLong(8), 2))))),
                new DurableRecord.EpochEntered(new ValidatorSet(2, 17, List.of("a", "b", "c", "d")), null));
        for (DurableRecord record : records) {
            ProtoCodec.Decoded<DurableRecord> decoded = codec.decode(codec.toProto(record));
            assertTrue(decoded.ok(), decoded.error());
            assertEquals(record, decoded.value());
        }
    }

    @Test
    void hostileBytesAreRefusedWithAReasonNeverAnException() {
        Signed prepare = sign(new Prepare(0, 0, 1, Bytes.ofLong(3), 2));
        SignedMessage genuine = codec.toProto(prepare);

        assertFalse(codec.decodePeerMessage(new byte[] {(byte) 0xff, 0x01, 0x02}).ok(), "not protobuf");
        assertFalse(codec.decode(PeerEnvelope.newBuilder().setSigned(genuine.toBuilder().setSigner(1)).build()).ok(),
                "signer differs from the message's replica");
        byte[] nonCanonical = genuine.getMessage().concat(ByteString.copyFrom(new byte[] {0x12, 0x00})).toByteArray();
        assertFalse(codec.decode(PeerEnvelope.newBuilder().setSigned(genuine.toBuilder()
                .setMessage(ByteString.copyFrom(nonCanonical))).build()).ok(), "bytes that are not the canonical encoding");
        assertFalse(new ProtoCodec("other-chain").decode(PeerEnvelope.newBuilder().setSigned(genuine).build()).ok(), "other chain");
        Signed prePrepare = sign(new PrePrepare(0, 0, 1, Bytes.ofLong(3), 0));
        assertFalse(codec.decode(PeerEnvelope.newBuilder().setSigned(codec.toProto(prePrepare)).build()).ok(),
                "a PRE-PREPARE without its proposal");
        assertFalse(codec.decode(PeerEnvelope.getDefaultInstance()).ok(), "empty envelope");
        assertArrayEquals(codec.signedBytes(prepare.message()), genuine.getMessage().toByteArray());
    }

    @Test
    void aReplicaRunsOnRealSignatures() {
        ValidatorSet validators = ValidatorSet.ofSize(4);
        io.yantar.consensus.core.Application application = new io.yantar.consensus.core.Application() {
            @Override
            public RequestCheck check(Bytes payload) {
                return new RequestCheck.Accepted(new RequestKey(payload));
            }

            @Override
            public Bytes digest(Proposal proposal) {
                return Bytes.wrap(suite.hash(codec.toProto(proposal).toByteArray()));
            }

            @Override
            public boolean alreadyExecuted(RequestKey key) {
                return false;
            }
        };
        Replica backup = Replica.create(Config.defaults(CHAIN), validators, 1, application, authenticator(1), 1_000);
        Proposal proposal = new Proposal(1, 0, 0, 1_000, false, List.of(Bytes.ofLong(1)));
        Signed prePrepare = sign(new PrePrepare(0, 0, 1, application.digest(proposal), 0));

        Outputs out = backup.step(new Input.FromPeer(0, new ProposalMessage(prePrepare, proposal)));

        Signed prepare = (Signed) out.send().get(0).message();
        assertEquals(new Prepare(0, 0, 1, application.digest(proposal), 1), prepare.message());
        assertTrue(authenticator(0).verify(prepare.message(), prepare.signature()));
        Signed forged = new Signed(prePrepare.message(), Bytes.wrap(new byte[64]));
        Replica other = Replica.create(Config.defaults(CHAIN), validators, 2, application, authenticator(2), 1_000);
        assertEquals(List.of(io.yantar.consensus.core.RejectReason.BAD_SIGNATURE),
                other.step(new Input.FromPeer(0, new ProposalMessage(forged, proposal))).rejected());
    }
}
