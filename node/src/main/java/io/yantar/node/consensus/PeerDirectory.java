package io.yantar.node.consensus;

import io.yantar.consensus.core.ValidatorSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whom the transport talks to, as the validator sets change: the set of the replica's current
 * epoch (the core's message positions are positions in it) and the next set once it is scheduled.
 * Around an epoch boundary messages go to the members of both, and are accepted from both; a node
 * in neither is a stranger. Immutable: the outbox replaces it and publishes it to the inbox and the
 * ledger actor.
 */
record PeerDirectory(String selfId, ValidatorSet current, TreeMap<Long, ValidatorSet> known) {

    static PeerDirectory of(String selfId, ValidatorSet genesis) {
        TreeMap<Long, ValidatorSet> known = new TreeMap<>();
        known.put(genesis.epoch(), genesis);
        return new PeerDirectory(selfId, genesis, known);
    }

    /** With {@code set} known; when {@code entered}, it is the replica's current set from now on. */
    PeerDirectory with(ValidatorSet set, boolean entered) {
        TreeMap<Long, ValidatorSet> more = new TreeMap<>(known);
        more.put(set.epoch(), set);
        boolean newer = entered && set.epoch() >= current.epoch();
        return new PeerDirectory(selfId, newer ? set : current, more);
    }

    Optional<ValidatorSet> next() {
        return Optional.ofNullable(known.get(current.epoch() + 1));
    }

    /** The members of the current and the next set, without this node, each once. */
    List<String> peers() {
        Set<String> out = new LinkedHashSet<>(current.members());
        next().ifPresent(next -> out.addAll(next.members()));
        out.remove(selfId);
        return new ArrayList<>(out);
    }

    boolean accepts(String nodeId) {
        return current.members().contains(nodeId) || next().map(next -> next.members().contains(nodeId)).orElse(false);
    }

    /** The node at {@code position} of the current set, if there is one. */
    Optional<String> at(int position) {
        return position >= 0 && position < current.size() ? Optional.of(current.members().get(position)) : Optional.empty();
    }

    /** The node at {@code position} of {@code epoch}'s set (the signer of a certificate of that epoch). */
    Optional<String> at(long epoch, int position) {
        ValidatorSet set = known.get(epoch);
        return set != null && position >= 0 && position < set.size() ? Optional.of(set.members().get(position)) : Optional.empty();
    }
}
