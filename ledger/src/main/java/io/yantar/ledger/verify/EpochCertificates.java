package io.yantar.ledger.verify;

import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.Parsed;
import io.yantar.ledger.block.BlockHashes;
import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CheckpointCertificate;
import io.yantar.proto.CommitCertificate;
import io.yantar.proto.EpochChange;
import io.yantar.proto.ValidatorSet;
import java.util.List;
import java.util.Optional;

/**
 * Certificates of any epoch, for an auditor who holds only the genesis. The validator set of
 * epoch e+1 is learnt from an {@link EpochChange}: the last header of epoch e names the hash
 * of the next set and is certified by a checkpoint certificate of epoch e's set, which was
 * learnt the same way (or is the genesis set). A certificate is then checked against the set
 * of its epoch, and its height must belong to that epoch.
 */
public final class EpochCertificates {
    /** More epoch changes than this in one bundle are refused (each costs a quorum of signature checks). */
    public static final int EPOCH_CHANGES_MAX = 10_000;

    private final CryptoSuite suite;
    private final String chainId;
    private final ValidatorSet genesisSet;
    private final BlockHashes hashes;

    public EpochCertificates(CryptoSuite suite, String chainId, ValidatorSet genesisSet) {
        this.suite = suite;
        this.chainId = chainId;
        this.genesisSet = genesisSet;
        this.hashes = new BlockHashes(suite);
    }

    /** The history the epoch changes prove, from the genesis; never throws on bad input. */
    public Parsed<ValidatorHistory> walk(List<EpochChange> changes) {
        if (changes.size() > EPOCH_CHANGES_MAX) {
            return Parsed.rejected("the bundle has " + changes.size() + " epoch changes, at most " + EPOCH_CHANGES_MAX
                    + " are checked");
        }
        ValidatorHistory history = ValidatorHistory.ofGenesis(genesisSet);
        for (EpochChange change : changes) {
            Optional<String> problem = checkChange(history.latest(), change);
            if (problem.isPresent()) {
                return Parsed.rejected("epoch change to epoch " + change.getValidators().getEpoch() + ": " + problem.get());
            }
            history = history.with(change.getValidators());
        }
        return Parsed.ok(history);
    }

    private Optional<String> checkChange(ValidatorSet previous, EpochChange change) {
        ValidatorSet next = change.getValidators();
        BlockHeader last = change.getLastHeader();
        CheckpointCertificate certificate = change.getCheckpointCertificate();
        if (next.getEpoch() != previous.getEpoch() + 1) {
            return Optional.of("expected epoch " + (previous.getEpoch() + 1) + " next");
        }
        if (next.getValidatorsCount() == 0) {
            return Optional.of("the set has no validators");
        }
        if (Long.compareUnsigned(next.getStartHeight(), previous.getStartHeight()) <= 0) {
            return Optional.of("it starts at height " + Long.toUnsignedString(next.getStartHeight())
                    + ", not after epoch " + previous.getEpoch() + "'s start " + previous.getStartHeight());
        }
        if (!chainId.equals(last.getChainId()) || last.getHeight() != next.getStartHeight() - 1
                || last.getEpoch() != previous.getEpoch()) {
            return Optional.of("the header is not the last block of epoch " + previous.getEpoch() + " on this chain");
        }
        if (!last.getNextValidatorsHash().equals(hashes.validatorSetHash(next))) {
            return Optional.of("the last header of epoch " + previous.getEpoch() + " names another next validator set");
        }
        if (certificate.getHeight() != last.getHeight() || !certificate.getBlockHash().equals(hashes.blockHash(last))) {
            return Optional.of("the checkpoint certificate is not for that header");
        }
        return new CertificateVerifier(suite, chainId, previous).checkCheckpoint(certificate);
    }

    /** Empty when the commit certificate verifies against the set of its epoch, which must decide its height. */
    public Optional<String> checkCommit(ValidatorHistory history, CommitCertificate certificate) {
        ValidatorSet deciding = history.setAt(certificate.getHeight());
        return epochMismatch(deciding, certificate.getEpoch(), certificate.getHeight(), "commit")
                .or(() -> new CertificateVerifier(suite, chainId, deciding).checkCommit(certificate));
    }

    public Optional<String> checkCheckpoint(ValidatorHistory history, CheckpointCertificate certificate) {
        ValidatorSet deciding = history.setAt(certificate.getHeight());
        return epochMismatch(deciding, certificate.getEpoch(), certificate.getHeight(), "checkpoint")
                .or(() -> new CertificateVerifier(suite, chainId, deciding).checkCheckpoint(certificate));
    }

    private static Optional<String> epochMismatch(ValidatorSet deciding, long epoch, long height, String kind) {
        if (deciding.getEpoch() == epoch) {
            return Optional.empty();
        }
        return Optional.of("the " + kind + " certificate is for epoch " + Long.toUnsignedString(epoch) + ", height "
                + Long.toUnsignedString(height) + " belongs to epoch " + deciding.getEpoch()
                + " of the validator history the bundle proves (an epoch change missing?)");
    }
}
