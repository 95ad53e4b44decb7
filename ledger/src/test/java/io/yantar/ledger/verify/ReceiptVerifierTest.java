package io.yantar.ledger.verify;

import static io.yantar.ledger.TestNetwork.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.TestCertificates;
import io.yantar.ledger.TestChain;
import io.yantar.ledger.TestNetwork;
import io.yantar.ledger.block.Proofs;
import io.yantar.ledger.state.ExecutedBlock;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CheckpointCertificate;
import io.yantar.proto.CommitCertificate;
import io.yantar.proto.MerkleProof;
import io.yantar.proto.ReceiptBundle;
import io.yantar.proto.ReplicaSignature;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ReceiptVerifierTest {
    private static final List<Integer> QUORUM = List.of(0, 2, 3);

    private final TestNetwork network = new TestNetwork();
    private final TestChain chain = new TestChain(network);
    private final Proofs proofs = new Proofs(TestNetwork.SUITE);
    private final ReceiptVerifier verifier = new ReceiptVerifier(network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS);
    private final ExecutedBlock block1;
    private final ExecutedBlock block3;

    ReceiptVerifierTest() {
        block1 = chain.execute(
                TestNetwork.transfer(network.citizens.get(0), 0, address(network.citizens.get(1)), 250),
                TestNetwork.transfer(network.citizens.get(1), 0, address(network.citizens.get(2)), 999_999_999),
                TestNetwork.issue(network.treasury, 0, 5_000));
        chain.execute(TestNetwork.transfer(network.citizens.get(0), 1, address(network.citizens.get(3)), 1));
        block3 = chain.execute();
    }

    private ReceiptBundle bundle(ExecutedBlock block, int index) {
        return proofs.receiptBundle(block.block(), index,
                TestCertificates.commit(network, block.header(), 0, QUORUM),
                TestCertificates.checkpoint(network, block.header().getHeight(), block.blockHash(), QUORUM),
                List.of());
    }

    @Test
    void acceptsAReceiptCertifiedAtItsOwnHeight() {
        assertEquals(Verdict.accepted(), verifier.verify(bundle(block1, 0)));
    }

    @Test
    void acceptsAFailedReceiptToo() {
        ReceiptBundle bundle = bundle(block1, 1);
        assertFalse(bundle.getReceipt().getSuccess());
        assertEquals("INSUFFICIENT_FUNDS", bundle.getReceipt().getReasonCode());
        assertTrue(verifier.verify(bundle).isAccepted());
    }

    @Test
    void acceptsACheckpointAtALaterHeightThroughLinkedHeaders() {
        ReceiptBundle bundle = proofs.receiptBundle(block1.block(), 2,
                TestCertificates.commit(network, block1.header(), 0, QUORUM),
                TestCertificates.checkpoint(network, 3, block3.blockHash(), QUORUM),
                List.of(chain.blocks.get(1).header(), block3.header()));
        assertTrue(verifier.verify(bundle).isAccepted());
        ReceiptBundle gap = bundle.toBuilder().removeHeadersToCheckpoint(0).build();
        assertFalse(verifier.verify(gap).isAccepted());
    }

    @Test
    void acceptsACommitInALaterViewThanTheProposal() {
        ReceiptBundle bundle = bundle(block1, 0).toBuilder()
                .setCommitCertificate(TestCertificates.commit(network, block1.header(), 3, List.of(1, 2, 3, 0)))
                .build();
        assertTrue(verifier.verify(bundle).isAccepted());
    }

    @TestFactory
    Stream<DynamicTest> refusesEveryTamperedField() {
        ReceiptBundle good = bundle(block1, 0);
        BlockHeader header = good.getHeader();
        CommitCertificate commit = good.getCommitCertificate();
        CheckpointCertificate checkpoint = good.getCheckpointCertificate();
        ByteString otherHash = ByteString.copyFrom(new byte[32]);
        return Stream.of(
                tamper("another signed transaction", b -> b.setSignedTransaction(block1.block().getTransactions(2))),
                tamper("garbage transaction bytes", b -> b.setSignedTransaction(ByteString.copyFromUtf8("garbage"))),
                tamper("receipt success flipped", b -> b.setReceipt(b.getReceipt().toBuilder().setSuccess(false))),
                tamper("receipt reason added", b -> b.setReceipt(b.getReceipt().toBuilder().setReasonCode("BAD_SIGNATURE"))),
                tamper("receipt index", b -> b.setReceipt(b.getReceipt().toBuilder().setIndex(1))),
                tamper("receipt height", b -> b.setReceipt(b.getReceipt().toBuilder().setHeight(2))),
                tamper("receipt tx id", b -> b.setReceipt(b.getReceipt().toBuilder().setTxId(otherHash))),
                tamper("inclusion sibling", b -> b.setInclusionProof(withSibling(b.getInclusionProof(), otherHash))),
                tamper("inclusion index", b -> b.setInclusionProof(b.getInclusionProof().toBuilder().setLeafIndex(1))),
                tamper("receipt sibling", b -> b.setReceiptProof(withSibling(b.getReceiptProof(), otherHash))),
                tamper("header chain id", b -> b.setHeader(header.toBuilder().setChainId("other"))),
                tamper("header height", b -> b.setHeader(header.toBuilder().setHeight(2))),
                tamper("header previous hash", b -> b.setHeader(header.toBuilder().setPrevBlockHash(otherHash))),
                tamper("header tx root", b -> b.setHeader(header.toBuilder().setTxRoot(otherHash))),
                tamper("header receipts root", b -> b.setHeader(header.toBuilder().setReceiptsRoot(otherHash))),
                tamper("header state root", b -> b.setHeader(header.toBuilder().setStateRoot(otherHash))),
                tamper("header timestamp", b -> b.setHeader(header.toBuilder().setTimestampMillis(1))),
                tamper("header proposer", b -> b.setHeader(header.toBuilder().setProposer(3))),
                tamper("header view", b -> b.setHeader(header.toBuilder().setView(1))),
                tamper("header epoch", b -> b.setHeader(header.toBuilder().setEpoch(1))),
                tamper("header digest", b -> b.setHeader(header.toBuilder().setProposalDigest(otherHash))),
                tamper("header null flag", b -> b.setHeader(header.toBuilder().setNullBlock(true))),
                tamper("commit view", b -> b.setCommitCertificate(commit.toBuilder().setView(1))),
                tamper("commit height", b -> b.setCommitCertificate(commit.toBuilder().setHeight(2))),
                tamper("commit epoch", b -> b.setCommitCertificate(commit.toBuilder().setEpoch(1))),
                tamper("commit digest", b -> b.setCommitCertificate(commit.toBuilder().setProposalDigest(otherHash))),
                tamper("commit signature bit", b -> b.setCommitCertificate(commit.toBuilder()
                        .setSignatures(0, flipped(commit.getSignatures(0))))),
                tamper("commit signer swapped", b -> b.setCommitCertificate(commit.toBuilder()
                        .setSignatures(0, commit.getSignatures(0).toBuilder().setReplica(1)))),
                tamper("commit signer repeated", b -> b.setCommitCertificate(commit.toBuilder()
                        .setSignatures(1, commit.getSignatures(0)))),
                tamper("commit signer outside the set", b -> b.setCommitCertificate(commit.toBuilder()
                        .setSignatures(0, commit.getSignatures(0).toBuilder().setReplica(4)))),
                tamper("commit below quorum", b -> b.setCommitCertificate(commit.toBuilder().removeSignatures(2))),
                tamper("commit from a stranger", b -> b.setCommitCertificate(commit.toBuilder().setSignatures(0,
                        ReplicaSignature.newBuilder().setReplica(1).setSignature(ByteString.copyFrom(
                                TestNetwork.key("stranger").sign(io.yantar.crypto.SignatureDomain.CONSENSUS,
                                        new byte[] {1})))))),
                tamper("checkpoint hash", b -> b.setCheckpointCertificate(checkpoint.toBuilder().setBlockHash(otherHash))),
                tamper("checkpoint height", b -> b.setCheckpointCertificate(checkpoint.toBuilder().setHeight(2))),
                tamper("checkpoint epoch", b -> b.setCheckpointCertificate(checkpoint.toBuilder().setEpoch(1))),
                tamper("checkpoint signature bit", b -> b.setCheckpointCertificate(checkpoint.toBuilder()
                        .setSignatures(2, flipped(checkpoint.getSignatures(2))))),
                tamper("checkpoint below quorum", b -> b.setCheckpointCertificate(checkpoint.toBuilder().removeSignatures(0))),
                tamper("checkpoint missing", ReceiptBundle.Builder::clearCheckpointCertificate),
                tamper("commit missing", ReceiptBundle.Builder::clearCommitCertificate),
                tamper("stray linked header", b -> b.addHeadersToCheckpoint(block3.header())))
                .map(t -> DynamicTest.dynamicTest(t.name(), () -> {
                    Verdict verdict = verifier.verify(t.mutation().apply(good.toBuilder()).build());
                    Verdict.Refused refused = assertInstanceOf(Verdict.Refused.class, verdict, t.name());
                    assertFalse(refused.reason().isEmpty());
                }));
    }

    @Test
    void refusesAnOtherwiseValidBundleFromAnotherGenesis() {
        TestNetwork other = new TestNetwork(3);
        ReceiptVerifier otherVerifier = new ReceiptVerifier(other.genesis.toBuilder()
                .setValidators(other.genesis.getValidators().toBuilder()
                        .setValidators(0, other.genesis.getValidators().getValidators(0).toBuilder()
                                .setPublicKey(TestNetwork.publicKey(TestNetwork.key("someone-else")))))
                .build(), TestNetwork.SUITE, LedgerLimits.DEFAULTS);
        assertFalse(otherVerifier.verify(bundle(block1, 0)).isAccepted());
    }

    private record Tamper(String name, UnaryOperator<ReceiptBundle.Builder> mutation) {
    }

    private static Tamper tamper(String name, UnaryOperator<ReceiptBundle.Builder> mutation) {
        return new Tamper(name, mutation);
    }

    private static MerkleProof withSibling(MerkleProof proof, ByteString sibling) {
        return proof.toBuilder().setSiblings(0, sibling).build();
    }

    private static ReplicaSignature flipped(ReplicaSignature signature) {
        byte[] bytes = signature.getSignature().toByteArray();
        bytes[5] ^= 0x01;
        return signature.toBuilder().setSignature(ByteString.copyFrom(bytes)).build();
    }
}
