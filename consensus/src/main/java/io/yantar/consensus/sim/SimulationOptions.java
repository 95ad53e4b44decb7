package io.yantar.consensus.sim;

import io.yantar.consensus.core.ProtocolMutation;

/**
 * What {@code yantar simulate} runs: {@code --replicas N --faulty F --seeds S --seed-start S0},
 * or one seed with {@code --seed S [--trace]}. {@code --mutation} breaks the protocol on purpose.
 * {@code --membership grow|shrink|replace} runs a membership change instead of a fixed set (the
 * sets are the scenario's; at most one Byzantine replica).
 */
public record SimulationOptions(int replicas, int faulty, int seeds, long seedStart, boolean trace, ProtocolMutation mutation,
                                Membership membership) {
    public SimulationOptions(int replicas, int faulty, int seeds, long seedStart, boolean trace, ProtocolMutation mutation) {
        this(replicas, faulty, seeds, seedStart, trace, mutation, Membership.NONE);
    }

    public SimulationOptions {
        if (membership != Membership.NONE) {
            replicas = membership.sets(replicas).get(0).size();
            faulty = Math.min(faulty, 1);
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("--replicas must be at least 1");
        }
        if (faulty < 0 || 3 * faulty + 1 > replicas) {
            throw new IllegalArgumentException("--faulty " + faulty + " needs at least " + (3 * faulty + 1) + " replicas");
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1");
        }
    }

    public static SimulationOptions of(int replicas, int faulty, int seeds, long seedStart) {
        return new SimulationOptions(replicas, faulty, seeds, seedStart, false, ProtocolMutation.NONE);
    }

    public SimulationOptions withMutation(ProtocolMutation newMutation) {
        return new SimulationOptions(replicas, faulty, seeds, seedStart, trace, newMutation, membership);
    }

    public SimulationOptions withMembership(Membership scenario) {
        return new SimulationOptions(replicas, faulty, seeds, seedStart, trace, mutation, scenario);
    }

    /** The command line that replays one seed with its full trace. */
    public String replayCommand(long seed) {
        return "yantar simulate --replicas " + replicas + " --faulty " + faulty + " --seed " + seed + " --trace"
                + (mutation == ProtocolMutation.NONE ? "" : " --mutation " + mutation.name())
                + (membership == Membership.NONE ? "" : " --membership " + membership.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Parses the flags of {@code yantar simulate}; throws IllegalArgumentException naming a bad flag. */
    public static SimulationOptions parse(String[] args) {
        int replicas = 4;
        int faulty = -1;
        int seeds = 100;
        long seedStart = 1;
        boolean trace = false;
        Long single = null;
        ProtocolMutation mutation = ProtocolMutation.NONE;
        Membership membership = Membership.NONE;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--trace" -> trace = true;
                case "--replicas" -> replicas = Integer.parseInt(value(args, ++i, flag));
                case "--faulty" -> faulty = Integer.parseInt(value(args, ++i, flag));
                case "--seeds" -> seeds = Integer.parseInt(value(args, ++i, flag));
                case "--seed-start" -> seedStart = Long.parseLong(value(args, ++i, flag));
                case "--seed" -> single = Long.parseLong(value(args, ++i, flag));
                case "--mutation" -> mutation = ProtocolMutation.valueOf(value(args, ++i, flag));
                case "--membership" -> membership = Membership.parse(value(args, ++i, flag));
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (faulty < 0) {
            faulty = (replicas - 1) / 3;
        }
        if (single != null) {
            seeds = 1;
            seedStart = single;
        }
        return new SimulationOptions(replicas, faulty, seeds, seedStart, trace, mutation, membership);
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }
}
