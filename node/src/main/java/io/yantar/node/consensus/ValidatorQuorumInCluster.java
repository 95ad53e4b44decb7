package io.yantar.node.consensus;

import io.yantar.consensus.core.ValidatorSet;
import io.yantar.node.ReadinessCondition;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Ready only in a cluster that holds a quorum of the current validators. Being a member Up is
 * not enough: a restarted first seed node that hears no peer in time forms a cluster of its own,
 * is Up there, and can neither commit nor catch up (RELIABILITY.md, O4). Membership, not the
 * failure detector's reachability, is counted, so readiness does not flap with a slow link.
 */
final class ValidatorQuorumInCluster implements ReadinessCondition {
    private final Supplier<ValidatorSet> validators;
    private final Supplier<? extends Collection<String>> nodeIdsUp;

    ValidatorQuorumInCluster(Supplier<ValidatorSet> validators, Supplier<? extends Collection<String>> nodeIdsUp) {
        this.validators = validators;
        this.nodeIdsUp = nodeIdsUp;
    }

    @Override
    public Optional<String> unmetReason() {
        ValidatorSet set = validators.get();
        Collection<String> up = nodeIdsUp.get();
        long validatorsUp = set.members().stream().filter(up::contains).count();
        return validatorsUp >= set.quorum() ? Optional.empty()
                : Optional.of("only " + validatorsUp + " of the " + set.size() + " validators are cluster members Up (a quorum is "
                        + set.quorum() + ")");
    }
}
