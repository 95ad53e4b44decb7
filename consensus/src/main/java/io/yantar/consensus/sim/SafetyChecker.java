package io.yantar.consensus.sim;

import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.Certificates;
import io.yantar.consensus.core.CheckpointCertificate;
import io.yantar.consensus.core.CommittedBlock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checked after every step, for honest replicas only: agreement (one block per height), the
 * same execution everywhere (same state digest per height, same order of executed requests,
 * none twice), validity (only submitted requests) and certificate integrity.
 */
final class SafetyChecker {
    private static final int MAX_REPORTED = 5;

    /** The checks of each epoch's set (null: no such epoch). */
    private final java.util.function.LongFunction<Certificates> verifierOfEpoch;
    /** The epoch that orders each height. */
    private final java.util.function.LongUnaryOperator epochAt;
    private final SimRequests requests;
    private final Set<Long> submitted;
    private final Map<Long, Bytes> decided = new HashMap<>();
    private final Map<Long, Bytes> states = new HashMap<>();
    private final List<Long> executionOrder = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private long duplicateCommits;

    SafetyChecker(java.util.function.LongFunction<Certificates> verifierOfEpoch, java.util.function.LongUnaryOperator epochAt,
                  SimRequests requests, Set<Long> submitted) {
        this.verifierOfEpoch = verifierOfEpoch;
        this.epochAt = epochAt;
        this.requests = requests;
        this.submitted = submitted;
    }

    /** Before execution: agreement, certificate integrity, validity of the payloads. */
    void committed(String node, CommittedBlock block) {
        long height = block.height();
        Bytes digest = block.certificate().digest();
        Bytes first = decided.putIfAbsent(height, digest);
        if (first != null && !first.equals(digest)) {
            violation("agreement: " + node + " committed " + digest + " at height " + height + ", another honest replica " + first);
        }
        long epoch = block.certificate().epoch();
        if (epoch != epochAt.applyAsLong(height)) {
            violation("epochs: " + node + " committed height " + height + " in epoch " + epoch + ", which does not order it");
        }
        Certificates verifier = verifierOfEpoch.apply(epoch);
        if (verifier == null || !verifier.validCommitCertificate(block.certificate(), block.proposal())) {
            violation("integrity: " + node + " committed height " + height + " with an invalid commit certificate");
        }
        for (Bytes payload : block.proposal().payloads()) {
            long id = requests.idOf(payload);
            if (id < 0 || !submitted.contains(id)) {
                violation("validity: " + node + " committed a request nobody submitted at height " + height);
            }
        }
    }

    /** After execution: the same state at the same height everywhere. */
    void reachedState(String node, long height, Bytes stateDigest) {
        Bytes firstState = states.putIfAbsent(height, stateDigest);
        if (firstState != null && !firstState.equals(stateDigest)) {
            violation("execution: " + node + " reached state " + stateDigest + " at height " + height + ", another " + firstState);
        }
    }

    /** The {@code position}-th request an honest replica executed (0-based) must be the same everywhere. */
    void executed(String node, int position, long requestId) {
        if (position == executionOrder.size()) {
            executionOrder.add(requestId);
        } else if (executionOrder.get(position) != requestId) {
            violation("validity: " + node + " executed request " + requestId + " as number " + position + ", others "
                    + executionOrder.get(position));
        }
    }

    void duplicateCommit() {
        duplicateCommits++;
    }

    void stable(String node, CheckpointCertificate certificate) {
        Certificates verifier = verifierOfEpoch.apply(epochAt.applyAsLong(certificate.height()));
        if (verifier == null || certificate.epoch() != epochAt.applyAsLong(certificate.height())
                || !verifier.validCheckpointCertificate(certificate)) {
            violation("integrity: " + node + " made checkpoint " + certificate.height() + " stable on an invalid certificate");
        }
        Bytes state = states.get(certificate.height());
        if (state != null && !state.equals(certificate.stateDigest())) {
            violation("integrity: checkpoint " + certificate.height() + " certifies " + certificate.stateDigest()
                    + " but honest replicas executed to " + state);
        }
    }

    void violation(String description) {
        if (violations.size() < MAX_REPORTED) {
            violations.add(description);
        }
    }

    List<String> violations() {
        return violations;
    }

    long duplicateCommits() {
        return duplicateCommits;
    }

    int decidedHeights() {
        return decided.size();
    }
}
