package io.yantar.consensus.core;

import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.PreparedCertificate;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks signed messages and certificates of one epoch. Every check answers with a verdict and
 * never throws on peer input. Also used by the simulator's integrity checker.
 */
public final class Certificates {
    private final Config config;
    private final ValidatorSet validators;
    private final Authenticator authenticator;
    private final Application application;
    private final int quorum;
    /** The previous epoch's checks: the stable checkpoint at this epoch's boundary is certified by that set. */
    private final Certificates previous;

    public Certificates(Config config, ValidatorSet validators, Authenticator authenticator, Application application) {
        this(config, validators, authenticator, application, null);
    }

    public Certificates(Config config, ValidatorSet validators, Authenticator authenticator, Application application,
                        Certificates previous) {
        this.previous = previous;
        this.config = config;
        this.validators = validators;
        this.authenticator = authenticator;
        this.application = application;
        this.quorum = config.quorum(validators);
    }

    public int quorum() {
        return quorum;
    }

    public ValidatorSet validators() {
        return validators;
    }

    /** Signed by a member of this epoch's set, for this epoch, with a valid signature. */
    public Optional<RejectReason> authenticate(Signed signed) {
        if (signed == null || signed.message() == null || signed.signature() == null) {
            return Optional.of(RejectReason.UNEXPECTED);
        }
        if (!validators.contains(signed.signer())) {
            return Optional.of(RejectReason.UNKNOWN_SIGNER);
        }
        if (signed.message().epoch() != validators.epoch()) {
            return Optional.of(RejectReason.WRONG_EPOCH);
        }
        if (!authenticator.verify(signed.message(), signed.signature())) {
            return Optional.of(RejectReason.BAD_SIGNATURE);
        }
        return Optional.empty();
    }

    public boolean authentic(Signed signed) {
        return authenticate(signed).isEmpty();
    }

    /** 2f+1 valid COMMITs from distinct replicas for exactly (view, height, digest), and the proposal has that digest. */
    public boolean validCommitCertificate(CommitCertificate certificate, io.yantar.consensus.core.message.Proposal proposal) {
        if (certificate.height() != proposal.height() || !application.digest(proposal).equals(certificate.digest())) {
            return false;
        }
        Set<Integer> signers = new HashSet<>();
        for (Signed signed : certificate.commits()) {
            if (!(signed.message() instanceof Commit commit) || !authentic(signed) || commit.view() != certificate.view()
                    || commit.height() != certificate.height() || !commit.digest().equals(certificate.digest())) {
                return false;
            }
            signers.add(commit.replica());
        }
        return signers.size() >= quorum;
    }

    /** 2f+1 valid CHECKPOINTs from distinct replicas for (height, digest); height 0 (genesis) needs none. */
    public boolean validCheckpointProof(long height, Bytes digest, List<Signed> proof) {
        if (height == 0) {
            return proof.isEmpty();
        }
        if (height % config.checkpointInterval() != 0) {
            return false;
        }
        if (previous != null && height == validators.startHeight() - 1) {
            return previous.validCheckpointProof(height, digest, proof);
        }
        if (height < validators.startHeight()) {
            return false;
        }
        Set<Integer> signers = new HashSet<>();
        for (Signed signed : proof) {
            if (!(signed.message() instanceof Checkpoint checkpoint) || !authentic(signed) || checkpoint.height() != height
                    || !checkpoint.stateDigest().equals(digest)) {
                return false;
            }
            signers.add(checkpoint.replica());
        }
        return signers.size() >= quorum;
    }

    public boolean validCheckpointCertificate(CheckpointCertificate certificate) {
        boolean boundary = previous != null && certificate.height() == validators.startHeight() - 1;
        return certificate.epoch() == (boundary ? previous.validators.epoch() : validators.epoch())
                && validCheckpointProof(certificate.height(), certificate.stateDigest(), certificate.checkpoints());
    }

    /**
     * A PRE-PREPARE by the primary of its view, below {@code beforeView}, inside the window above
     * {@code stableHeight}, whose proposal has its digest, and 2f matching PREPAREs from distinct backups.
     */
    public boolean validPreparedCertificate(PreparedCertificate certificate, long stableHeight, long beforeView) {
        if (!(certificate.prePrepare().message() instanceof PrePrepare prePrepare) || !authentic(certificate.prePrepare())) {
            return false;
        }
        if (prePrepare.replica() != validators.primaryOf(prePrepare.view()) || prePrepare.view() >= beforeView
                || prePrepare.height() <= stableHeight || prePrepare.height() > stableHeight + config.watermarkWindow()) {
            return false;
        }
        if (certificate.proposal() == null || certificate.proposal().height() != prePrepare.height()
                || !application.digest(certificate.proposal()).equals(prePrepare.digest())) {
            return false;
        }
        Set<Integer> signers = new HashSet<>();
        for (Signed signed : certificate.prepares()) {
            if (!(signed.message() instanceof Prepare prepare) || !authentic(signed) || prepare.view() != prePrepare.view()
                    || prepare.height() != prePrepare.height() || !prepare.digest().equals(prePrepare.digest())
                    || prepare.replica() == prePrepare.replica()) {
                return false;
            }
            signers.add(prepare.replica());
        }
        return signers.size() >= quorum - 1;
    }

    /** A VIEW-CHANGE whose checkpoint proof and every prepared certificate hold (signature checked by the caller). */
    public boolean validViewChange(ViewChange viewChange) {
        if (viewChange.newView() <= 0 || !validCheckpointProof(viewChange.stableHeight(), viewChange.stableDigest(),
                viewChange.checkpointProof())) {
            return false;
        }
        Set<Long> heights = new HashSet<>();
        for (PreparedCertificate certificate : viewChange.prepared()) {
            if (!validPreparedCertificate(certificate, viewChange.stableHeight(), viewChange.newView())
                    || !heights.add(certificate.header().height())) {
                return false;
            }
        }
        return true;
    }
}
