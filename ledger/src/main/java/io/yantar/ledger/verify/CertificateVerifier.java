package io.yantar.ledger.verify;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.SignatureDomain;
import io.yantar.proto.Checkpoint;
import io.yantar.proto.CheckpointCertificate;
import io.yantar.proto.Commit;
import io.yantar.proto.CommitCertificate;
import io.yantar.proto.ConsensusMessage;
import io.yantar.proto.ReplicaSignature;
import io.yantar.proto.ValidatorSet;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Checks commit and checkpoint certificates against one epoch's validator set: 2f+1
 * distinct replicas of the set, each signature valid (CONSENSUS domain) over the canonical
 * {@code ConsensusMessage} rebuilt from the certificate's fields and the signer's index.
 * Any bad entry refuses the whole certificate: a certificate is assembled by a node, and a
 * node that pads it with garbage is not to be trusted for the rest.
 */
public final class CertificateVerifier {
    private final CryptoSuite suite;
    private final String chainId;
    private final ValidatorSet validators;

    public CertificateVerifier(CryptoSuite suite, String chainId, ValidatorSet validators) {
        this.suite = suite;
        this.chainId = chainId;
        this.validators = validators;
    }

    /** Signatures a certificate needs: 2f+1 of n = 3f+1, more when n is not of that form. */
    public int quorum() {
        return io.yantar.ledger.epoch.ValidatorChanges.quorumOf(validators.getValidatorsCount());
    }

    /** Empty when the certificate is valid, else why not. */
    public Optional<String> checkCommit(CommitCertificate certificate) {
        if (certificate.getEpoch() != validators.getEpoch()) {
            return Optional.of("the commit certificate is for epoch " + certificate.getEpoch()
                    + ", the known validator set is epoch " + validators.getEpoch());
        }
        return checkSignatures("commit", certificate.getSignaturesList(), replica -> Canonical.bytes(
                ConsensusMessage.newBuilder().setCommit(Commit.newBuilder()
                        .setChainId(chainId)
                        .setEpoch(certificate.getEpoch())
                        .setView(certificate.getView())
                        .setHeight(certificate.getHeight())
                        .setDigest(certificate.getProposalDigest())
                        .setReplica(replica)).build()));
    }

    public Optional<String> checkCheckpoint(CheckpointCertificate certificate) {
        if (certificate.getEpoch() != validators.getEpoch()) {
            return Optional.of("the checkpoint certificate is for epoch " + certificate.getEpoch()
                    + ", the known validator set is epoch " + validators.getEpoch());
        }
        return checkSignatures("checkpoint", certificate.getSignaturesList(), replica -> Canonical.bytes(
                ConsensusMessage.newBuilder().setCheckpoint(Checkpoint.newBuilder()
                        .setChainId(chainId)
                        .setEpoch(certificate.getEpoch())
                        .setHeight(certificate.getHeight())
                        .setStateDigest(certificate.getBlockHash())
                        .setReplica(replica)).build()));
    }

    private Optional<String> checkSignatures(String kind, List<ReplicaSignature> signatures,
                                             IntFunction<byte[]> signedBytesOf) {
        int n = validators.getValidatorsCount();
        if (signatures.size() > n) {
            return Optional.of("the " + kind + " certificate has more signatures than there are validators");
        }
        BitSet signers = new BitSet(n);
        for (ReplicaSignature entry : signatures) {
            int replica = entry.getReplica();
            if (replica < 0 || replica >= n) {
                return Optional.of("the " + kind + " certificate names replica " + Integer.toUnsignedString(replica)
                        + ", outside the " + n + " validators");
            }
            if (signers.get(replica)) {
                return Optional.of("the " + kind + " certificate counts replica " + replica + " twice");
            }
            ByteString publicKey = validators.getValidators(replica).getPublicKey();
            if (!suite.verify(publicKey.toByteArray(), SignatureDomain.CONSENSUS, signedBytesOf.apply(replica),
                    entry.getSignature().toByteArray())) {
                return Optional.of("replica " + replica + "'s signature in the " + kind + " certificate does not verify");
            }
            signers.set(replica);
        }
        if (signers.cardinality() < quorum()) {
            return Optional.of("the " + kind + " certificate has " + signers.cardinality() + " signatures, "
                    + quorum() + " are needed");
        }
        return Optional.empty();
    }
}
