package io.yantar.ledger;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.Checkpoint;
import io.yantar.proto.CheckpointCertificate;
import io.yantar.proto.Commit;
import io.yantar.proto.CommitCertificate;
import io.yantar.proto.ConsensusMessage;
import io.yantar.proto.ReplicaSignature;
import java.util.List;

/** Real certificates: each replica signs the consensus message it would send. */
public final class TestCertificates {
    private TestCertificates() {
    }

    public static CommitCertificate commit(TestNetwork network, BlockHeader header, long view, List<Integer> replicas) {
        return commit(network.validators, header, view, replicas);
    }

    /** Signed by {@code keys}, the validators of the header's epoch in their order. */
    public static CommitCertificate commit(List<SigningKey> keys, BlockHeader header, long view, List<Integer> replicas) {
        CommitCertificate.Builder certificate = CommitCertificate.newBuilder()
                .setEpoch(header.getEpoch())
                .setView(view)
                .setHeight(header.getHeight())
                .setProposalDigest(header.getProposalDigest());
        for (int replica : replicas) {
            byte[] signed = Canonical.bytes(ConsensusMessage.newBuilder().setCommit(Commit.newBuilder()
                    .setChainId(header.getChainId())
                    .setEpoch(header.getEpoch())
                    .setView(view)
                    .setHeight(header.getHeight())
                    .setDigest(header.getProposalDigest())
                    .setReplica(replica)).build());
            certificate.addSignatures(signature(keys.get(replica), replica, signed));
        }
        return certificate.build();
    }

    public static CheckpointCertificate checkpoint(TestNetwork network, long height, ByteString blockHash,
                                                   List<Integer> replicas) {
        return checkpoint(network.validators, 0, height, blockHash, replicas);
    }

    /** Signed by {@code keys}, the validators of {@code epoch} in their order. */
    public static CheckpointCertificate checkpoint(List<SigningKey> keys, long epoch, long height, ByteString blockHash,
                                                   List<Integer> replicas) {
        CheckpointCertificate.Builder certificate = CheckpointCertificate.newBuilder()
                .setEpoch(epoch)
                .setHeight(height)
                .setBlockHash(blockHash);
        for (int replica : replicas) {
            byte[] signed = Canonical.bytes(ConsensusMessage.newBuilder().setCheckpoint(Checkpoint.newBuilder()
                    .setChainId(TestNetwork.CHAIN_ID)
                    .setEpoch(epoch)
                    .setHeight(height)
                    .setStateDigest(blockHash)
                    .setReplica(replica)).build());
            certificate.addSignatures(signature(keys.get(replica), replica, signed));
        }
        return certificate.build();
    }

    private static ReplicaSignature signature(SigningKey key, int replica, byte[] signed) {
        return ReplicaSignature.newBuilder()
                .setReplica(replica)
                .setSignature(ByteString.copyFrom(key.sign(SignatureDomain.CONSENSUS, signed)))
                .build();
    }
}
