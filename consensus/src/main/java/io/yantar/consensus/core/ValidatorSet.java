package io.yantar.consensus.core;

import java.util.List;

/**
 * The replicas of one epoch, as data: membership may change at checkpoint boundaries, so nothing
 * in the core hard-codes {@code n}. Replica indices are positions in {@code members}.
 */
public record ValidatorSet(long epoch, long startHeight, List<String> members) {
    public ValidatorSet {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a validator set needs at least one member");
        }
        if (members.stream().distinct().count() != members.size()) {
            throw new IllegalArgumentException("validator ids must be distinct: " + members);
        }
        if (epoch < 0 || startHeight < 0) {
            throw new IllegalArgumentException("epoch and start height must be non-negative");
        }
    }

    /** A set of {@code n} members named {@code replica-0 .. replica-(n-1)}, for tests and the simulator. */
    public static ValidatorSet ofSize(int n) {
        return new ValidatorSet(0, 0, java.util.stream.IntStream.range(0, n).mapToObj(i -> "replica-" + i).toList());
    }

    public int size() {
        return members.size();
    }

    /** The number of Byzantine replicas tolerated: {@code f = (n - 1) / 3}. */
    public int maxFaulty() {
        return (size() - 1) / 3;
    }

    /**
     * {@code ceil((n + f + 1) / 2)}: any two such sets share {@code f + 1} members, hence an honest
     * one. Equals {@code 2f + 1} when {@code n = 3f + 1}; for other sizes (5, 6, 8 ...) {@code 2f + 1}
     * would not intersect in an honest member. The ledger's {@code ValidatorChanges.quorumOf} counts
     * the same.
     */
    public int quorum() {
        return (size() + maxFaulty() + 2) / 2;
    }

    /** {@code f + 1}: at least one honest replica among them. */
    public int weakQuorum() {
        return maxFaulty() + 1;
    }

    public int primaryOf(long view) {
        return (int) Math.floorMod(view, (long) size());
    }

    /** This member's position in the set, or -1 when it is not a member (an observer). */
    public int indexOf(String member) {
        return members.indexOf(member);
    }

    public boolean contains(int replica) {
        return replica >= 0 && replica < size();
    }
}
