package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.ForwardingCryptoSuite;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.ledger.verify.CertificateVerifier;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CertifiedBlock;
import io.yantar.proto.Commit;
import io.yantar.proto.CommitCertificate;
import io.yantar.proto.ConsensusMessage;
import io.yantar.proto.ReplicaSignature;
import io.yantar.proto.StateTransferResponse;
import io.yantar.proto.ValidatorInfo;
import io.yantar.proto.ValidatorSet;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The certificate checks of a fetched chunk, shared between pool tasks and the ledger actor. The
 * pool is a queue run by the test, so which side claims which block is fixed, not raced.
 */
class FetchedChunkChecksTest {
    private static final String CHAIN_ID = "yantar-test";
    private static final SecureRandom RANDOM = new SecureRandom(new byte[] {7});

    private final AtomicInteger verifications = new AtomicInteger();
    private final CryptoSuite countingSuite = new ForwardingCryptoSuite(CryptoSuites.ed25519()) {
        @Override
        public boolean verify(byte[] publicKey, SignatureDomain domain, byte[] message, byte[] signature) {
            verifications.incrementAndGet();
            return super.verify(publicKey, domain, message, signature);
        }
    };
    private final List<SigningKey> keys = IntStream.range(0, 4).mapToObj(i -> CryptoSuites.ed25519().generateKey(RANDOM)).toList();
    private final ValidatorSet genesisSet = validatorSet(0, keys);
    private final ValidatorHistory history = ValidatorHistory.ofGenesis(genesisSet);
    private final Queue<Runnable> pool = new ArrayDeque<>();
    private final Executor queued = pool::add;

    @Test
    void everyCertificateIsCheckedOnceWhetherAPoolTaskOrTheLedgerActorClaimsIt() {
        FetchedChunkChecks checks = FetchedChunkChecks.start(chunk(1, 40), history, this::verifier, queued, 2);
        assertEquals(2, pool.size(), "one task per processor given");
        for (int index = 0; index < 10; index++) {
            FetchedChunkChecks.Checked checked = checks.take(index); // the ledger actor first: it checks these itself
            assertEquals(Optional.of(Optional.empty()), checked.verdictUnder(genesisSet));
        }
        assertEquals(10 * 3, verifications.get());
        pool.forEach(Runnable::run); // the first task checks the rest, the second finds them claimed
        assertEquals(40 * 3, verifications.get());
        for (int index = 10; index < 40; index++) {
            FetchedChunkChecks.Checked checked = checks.take(index);
            assertEquals(index + 1, checked.block().getBlock().getHeader().getHeight());
            assertEquals(Optional.of(Optional.empty()), checked.verdictUnder(genesisSet));
        }
        assertEquals(40 * 3, verifications.get(), "verdicts taken from the pool's checks, none repeated");
    }

    @Test
    void aForgedSignatureIsRefusedWithItsReasonAndTheOthersPass() {
        List<ByteString> chunk = new ArrayList<>(chunk(1, 5));
        CertifiedBlock forged = block(3, 0, keys);
        CommitCertificate certificate = forged.getCommitCertificate();
        ReplicaSignature first = certificate.getSignatures(0);
        byte[] signature = first.getSignature().toByteArray();
        signature[5] ^= 1;
        chunk.set(2, forged.toBuilder().setCommitCertificate(certificate.toBuilder()
                .setSignatures(0, first.toBuilder().setSignature(ByteString.copyFrom(signature)))).build().toByteString());
        FetchedChunkChecks checks = FetchedChunkChecks.start(chunk, history, this::verifier, queued, 1);
        pool.forEach(Runnable::run);

        Optional<String> refusal = checks.take(2).verdictUnder(genesisSet).orElseThrow();
        assertEquals(Optional.of("replica 0's signature in the commit certificate does not verify"), refusal);
        for (int index : new int[] {0, 1, 3, 4}) {
            assertEquals(Optional.of(Optional.empty()), checks.take(index).verdictUnder(genesisSet));
        }
    }

    @Test
    void aVerdictCountsOnlyUnderTheSetItWasCheckedAgainst() {
        FetchedChunkChecks checks = FetchedChunkChecks.start(chunk(1, 1), history, this::verifier, queued, 1);
        pool.forEach(Runnable::run);
        ValidatorSet sameEpochOtherKeys = validatorSet(0, IntStream.range(0, 4)
                .mapToObj(i -> CryptoSuites.ed25519().generateKey(RANDOM)).toList());

        assertEquals(Optional.empty(), checks.take(0).verdictUnder(sameEpochOtherKeys), "the ledger actor checks it again");
        assertEquals(Optional.of(Optional.empty()), checks.take(0).verdictUnder(genesisSet.toBuilder().build()), "an equal set");
    }

    @Test
    void aCertificateOfAnEpochNotYetKnownIsLeftToTheLedgerActor() {
        List<SigningKey> later = IntStream.range(0, 4).mapToObj(i -> CryptoSuites.ed25519().generateKey(RANDOM)).toList();
        FetchedChunkChecks checks = FetchedChunkChecks.start(List.of(block(1, 1, later).toByteString()), history,
                this::verifier, queued, 1);
        pool.forEach(Runnable::run);

        FetchedChunkChecks.Checked checked = checks.take(0);
        assertNull(checked.checkedUnder());
        assertEquals(Optional.empty(), checked.verdictUnder(validatorSet(1, later)));
        assertEquals(0, verifications.get());
    }

    @Test
    void bytesThatDoNotDecodeAreMarkedSo() {
        FetchedChunkChecks checks = FetchedChunkChecks.start(List.of(ByteString.copyFrom(new byte[] {(byte) 0xff, 1})), history,
                this::verifier, queued, 1);
        assertNull(checks.take(0).block());
    }

    @Test
    void anAbandonedChunkCostsThePoolNothingMore() {
        FetchedChunkChecks checks = FetchedChunkChecks.start(chunk(1, 20), history, this::verifier, queued, 2);
        checks.take(0);
        checks.abandon();
        pool.forEach(Runnable::run);
        assertEquals(3, verifications.get());
    }

    @Test
    void onlyTheAwaitedAnswerGetsPoolTasks() {
        TransferChecks transfer = new TransferChecks(this::verifier, queued, 2);
        transfer.historyIs(history);
        StateTransferResponse answer = StateTransferResponse.newBuilder().setFromHeight(1).addAllCertifiedBlocks(chunk(1, 3)).build();

        transfer.arrived("node-2", answer);
        assertTrue(pool.isEmpty(), "nothing was asked yet");
        transfer.asked("node-2", 1);
        transfer.arrived("node-3", answer);
        assertTrue(pool.isEmpty(), "not the peer asked");
        transfer.asked("node-2", 4);
        transfer.arrived("node-2", answer);
        assertTrue(pool.isEmpty(), "not the height asked for");
        transfer.asked("node-2", 1);
        FetchedChunkChecks checks = transfer.arrived("node-2", answer);
        assertEquals(2, pool.size());
        pool.forEach(Runnable::run);
        assertSame(genesisSet, checks.take(2).checkedUnder());
        assertEquals(9, verifications.get());
    }

    private CertificateVerifier verifier(ValidatorSet set) {
        return new CertificateVerifier(countingSuite, CHAIN_ID, set);
    }

    private List<ByteString> chunk(long from, int count) {
        return IntStream.range(0, count).mapToObj(i -> block(from + i, 0, keys).toByteString()).toList();
    }

    /** A block certified by replicas 0, 1 and 2 of {@code signers}, the set of {@code epoch}. */
    private static CertifiedBlock block(long height, long epoch, List<SigningKey> signers) {
        BlockHeader header = BlockHeader.newBuilder().setChainId(CHAIN_ID).setEpoch(epoch).setHeight(height)
                .setProposalDigest(ByteString.copyFromUtf8("digest-" + height)).build();
        CommitCertificate.Builder certificate = CommitCertificate.newBuilder().setEpoch(epoch).setView(0).setHeight(height)
                .setProposalDigest(header.getProposalDigest());
        for (int replica = 0; replica < 3; replica++) {
            byte[] signed = Canonical.bytes(ConsensusMessage.newBuilder().setCommit(Commit.newBuilder().setChainId(CHAIN_ID)
                    .setEpoch(epoch).setView(0).setHeight(height).setDigest(header.getProposalDigest()).setReplica(replica)).build());
            certificate.addSignatures(ReplicaSignature.newBuilder().setReplica(replica)
                    .setSignature(ByteString.copyFrom(signers.get(replica).sign(SignatureDomain.CONSENSUS, signed))));
        }
        return CertifiedBlock.newBuilder().setBlock(Block.newBuilder().setHeader(header)).setCommitCertificate(certificate).build();
    }

    private static ValidatorSet validatorSet(long epoch, List<SigningKey> keys) {
        ValidatorSet.Builder set = ValidatorSet.newBuilder().setEpoch(epoch);
        for (int i = 0; i < keys.size(); i++) {
            set.addValidators(ValidatorInfo.newBuilder().setNodeId("node-" + (i + 1))
                    .setPublicKey(ByteString.copyFrom(keys.get(i).publicKey())));
        }
        return set.build();
    }
}
