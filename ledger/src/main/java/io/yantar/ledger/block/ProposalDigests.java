package io.yantar.ledger.block;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.merkle.MerkleTree;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.Proposal;
import io.yantar.proto.ProposalSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * What consensus votes on: the suite hash of the canonical {@link ProposalSummary} (chain
 * id, height, view, proposer, timestamp, null flag and the Merkle root of the payloads'
 * transaction ids). The node hands {@link #digest(Proposal)} to the consensus core; an
 * auditor recomputes the same digest from a block header with {@link #digest(BlockHeader)}.
 */
public final class ProposalDigests {
    private final CryptoSuite suite;
    private final String chainId;
    private final MerkleTree merkleTree;

    public ProposalDigests(CryptoSuite suite, String chainId) {
        this.suite = suite;
        this.chainId = chainId;
        this.merkleTree = new MerkleTree(suite);
    }

    public byte[] digest(Proposal proposal) {
        return digest(summary(proposal, txRoot(proposal.getPayloadsList())));
    }

    public byte[] digest(BlockHeader header) {
        return digest(ProposalSummary.newBuilder()
                .setChainId(header.getChainId())
                .setHeight(header.getHeight())
                .setView(header.getView())
                .setProposer(header.getProposer())
                .setTimestampMillis(header.getTimestampMillis())
                .setNullBlock(header.getNullBlock())
                .setTxRoot(header.getTxRoot())
                .build());
    }

    public byte[] digest(ProposalSummary summary) {
        return suite.hash(Canonical.bytes(summary));
    }

    public ProposalSummary summary(Proposal proposal, ByteString txRoot) {
        return ProposalSummary.newBuilder()
                .setChainId(chainId)
                .setHeight(proposal.getHeight())
                .setView(proposal.getView())
                .setProposer(proposal.getProposer())
                .setTimestampMillis(proposal.getTimestampMillis())
                .setNullBlock(proposal.getNullBlock())
                .setTxRoot(txRoot)
                .build();
    }

    /** Merkle root of the payloads' ids (suite hash of each payload's bytes). */
    public ByteString txRoot(List<ByteString> payloads) {
        List<ByteString> ids = new ArrayList<>(payloads.size());
        for (ByteString payload : payloads) {
            ids.add(ByteString.copyFrom(suite.hash(payload.toByteArray())));
        }
        return ByteString.copyFrom(merkleTree.root(ids));
    }
}
