package io.yantar.ledger.state;

import static io.yantar.ledger.TestNetwork.address;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.ledger.TestChain;
import io.yantar.ledger.TestNetwork;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.block.BlockHashes;
import io.yantar.ledger.block.ProposalDigests;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.Proposal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockExecutorTest {
    private final TestNetwork network = new TestNetwork();
    private final TestChain chain = new TestChain(network);
    private final Address alice = address(network.citizens.get(0));
    private final Address bob = address(network.citizens.get(1));

    @Test
    void blockZeroCommitsTheGenesisAndItsHashIsTheChainIdentity() {
        LoadedGenesis loaded = network.load();
        BlockHeader header = loaded.block0().getHeader();
        assertEquals(0, header.getHeight());
        assertTrue(header.getPrevBlockHash().isEmpty());
        assertEquals(loaded.state().stateRoot(), header.getStateRoot());
        assertEquals(new BlockHashes(TestNetwork.SUITE).blockHash(header), loaded.chainIdentity());
        assertEquals(loaded.chainIdentity(), network.load().chainIdentity(), "block 0 is derived deterministically");
        LoadedGenesis otherTime = GenesisLoader.load(network.genesis.toBuilder().setGenesisTimeMillis(1).build(),
                TestNetwork.SUITE, chain.state.limits()).orThrow();
        assertNotEquals(loaded.chainIdentity(), otherTime.chainIdentity());
    }

    @Test
    void executesATransferAndLinksTheHeader() {
        ByteString genesisHash = chain.state.lastBlockHash();
        ExecutedBlock block = chain.execute(TestNetwork.transfer(network.citizens.get(0), 0, bob, 2_500));
        BlockHeader header = block.header();
        assertEquals(1, header.getHeight());
        assertEquals(genesisHash, header.getPrevBlockHash());
        assertEquals(chain.state.stateRoot(), header.getStateRoot());
        assertEquals(block.blockHash(), chain.state.lastBlockHash());
        assertTrue(block.receipts().get(0).getSuccess());
        assertEquals(TestNetwork.CITIZEN_OPENING_KOPECKS - 2_500, chain.state.account(alice).balanceKopecks());
        assertEquals(TestNetwork.CITIZEN_OPENING_KOPECKS + 2_500, chain.state.account(bob).balanceKopecks());
        assertEquals(1, chain.state.account(alice).nextNonce());
    }

    @Test
    void theProposalDigestIsTheSameFromTheProposalAndFromTheHeader() {
        Proposal proposal = chain.nextProposal(List.of(TestNetwork.transfer(network.citizens.get(0), 0, bob, 1)));
        ExecutedBlock block = chain.execute(proposal);
        ProposalDigests digests = new ProposalDigests(TestNetwork.SUITE, TestNetwork.CHAIN_ID);
        assertArrayEquals(digests.digest(proposal), block.header().getProposalDigest().toByteArray());
        assertArrayEquals(digests.digest(block.header()), block.header().getProposalDigest().toByteArray());
        assertFalse(java.util.Arrays.equals(digests.digest(proposal.toBuilder().setView(1).build()),
                digests.digest(proposal)));
    }

    @Test
    void aFailedTransactionStaysInTheBlockAndConsumesTheNonceOnly() {
        ExecutedBlock block = chain.execute(
                TestNetwork.transfer(network.citizens.get(0), 0, bob, TestNetwork.CITIZEN_OPENING_KOPECKS + 1),
                TestNetwork.transfer(network.citizens.get(0), 1, bob, 10));
        assertEquals(2, block.block().getTransactionsCount());
        assertFalse(block.receipts().get(0).getSuccess());
        assertEquals("INSUFFICIENT_FUNDS", block.receipts().get(0).getReasonCode());
        assertTrue(block.receipts().get(1).getSuccess());
        assertEquals(2, chain.state.account(alice).nextNonce());
        assertEquals(TestNetwork.CITIZEN_OPENING_KOPECKS - 10, chain.state.account(alice).balanceKopecks());
    }

    @Test
    void aNullBlockChangesNothingButTheTip() {
        ByteString root = chain.state.stateRoot();
        ExecutedBlock block = chain.execute(chain.nextProposal(List.of()).toBuilder().setNullBlock(true).build());
        assertTrue(block.header().getNullBlock());
        assertEquals(root, block.header().getStateRoot());
        assertEquals(1, chain.state.height());
    }

    @Test
    void aProposalForAnotherHeightIsABugThatStopsTheReplica() {
        Proposal wrongHeight = chain.nextProposal(List.of()).toBuilder().setHeight(5).build();
        assertThrows(IllegalStateException.class, () -> chain.execute(wrongHeight));
    }

    @Test
    void selfTransferKeepsTheBalance() {
        chain.execute(TestNetwork.transfer(network.citizens.get(0), 0, alice, 77));
        assertEquals(TestNetwork.CITIZEN_OPENING_KOPECKS, chain.state.account(alice).balanceKopecks());
        assertEquals(1, chain.state.account(alice).nextNonce());
    }

    @Test
    void issueMintsIntoTheTreasuryAndDisbursementPaysEveryLine() {
        Address treasury = address(network.treasury);
        chain.execute(TestNetwork.issue(network.treasury, 0, 1_000));
        assertEquals(TestNetwork.TREASURY_OPENING_KOPECKS + 1_000, chain.state.account(treasury).balanceKopecks());
        ExecutedBlock run = chain.execute(TestNetwork.disburse(network.treasury, 1, "child-allowance-2026-11",
                List.of(TestNetwork.line(alice, 300), TestNetwork.line(bob, 700))));
        assertTrue(run.receipts().get(0).getSuccess());
        assertEquals(TestNetwork.TREASURY_OPENING_KOPECKS, chain.state.account(treasury).balanceKopecks());
        assertEquals(TestNetwork.CITIZEN_OPENING_KOPECKS + 300, chain.state.account(alice).balanceKopecks());
    }
}
