package io.yantar.node.network;

import java.util.regex.Pattern;

/**
 * What {@code yantar genesis} builds: how many validators and demo citizens, the chain id,
 * the loopback ports, and whether nodes talk over mutually authenticated TLS (the default).
 * Each check names the option it refers to.
 */
public record NetworkSpec(
        String chainId,
        int validators,
        int citizens,
        String host,
        int clusterBasePort,
        int httpBasePort,
        long treasuryKopecks,
        long citizenKopecks,
        boolean tls) {

    public static final String DEFAULT_CHAIN_ID = "yantar-local";
    public static final int DEFAULT_VALIDATORS = 4;
    public static final int DEFAULT_CITIZENS = 10;
    public static final int DEFAULT_CLUSTER_BASE_PORT = 25521;
    public static final int DEFAULT_HTTP_BASE_PORT = 8081;
    /** 10,000,000.00 RUB in the treasury. */
    public static final long DEFAULT_TREASURY_KOPECKS = 1_000_000_000L;
    /** 1,000.00 RUB per demo citizen. */
    public static final long DEFAULT_CITIZEN_KOPECKS = 100_000L;
    public static final int VALIDATORS_MIN = 4;
    public static final int VALIDATORS_MAX = 64;
    public static final int CITIZENS_MAX = 100_000;

    private static final Pattern CHAIN_ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    public NetworkSpec {
        if (!CHAIN_ID.matcher(chainId).matches()) {
            throw new IllegalArgumentException("--chain-id must be lower-case letters, digits, '.' or '-', at most 64 (was \"" + chainId + "\")");
        }
        if (validators < VALIDATORS_MIN || validators > VALIDATORS_MAX) {
            throw new IllegalArgumentException("--validators must be between " + VALIDATORS_MIN + " and " + VALIDATORS_MAX
                    + " (PBFT needs 3f+1 >= 4 replicas), was " + validators);
        }
        if (citizens < 0 || citizens > CITIZENS_MAX) {
            throw new IllegalArgumentException("--citizens must be between 0 and " + CITIZENS_MAX + ", was " + citizens);
        }
        checkPortRange("--base-port", clusterBasePort, validators);
        checkPortRange("--http-base-port", httpBasePort, validators);
        boolean overlap = clusterBasePort < httpBasePort + validators && httpBasePort < clusterBasePort + validators;
        if (overlap) {
            throw new IllegalArgumentException("--base-port and --http-base-port ranges overlap (" + clusterBasePort + " and " + httpBasePort + ")");
        }
    }

    /**
     * A network with plain TCP between nodes, as before TLS existed: kept for the in-JVM test
     * networks of other modules, because an ActorSystem on Pekko 1.7.0's {@code tls-tcp}
     * sometimes needs a minute to terminate (docs/SECURITY.md). {@code yantar genesis} and
     * {@link #defaults()} turn TLS on.
     */
    public NetworkSpec(String chainId, int validators, int citizens, String host, int clusterBasePort, int httpBasePort,
                       long treasuryKopecks, long citizenKopecks) {
        this(chainId, validators, citizens, host, clusterBasePort, httpBasePort, treasuryKopecks, citizenKopecks, false);
    }

    public static NetworkSpec defaults() {
        return new NetworkSpec(DEFAULT_CHAIN_ID, DEFAULT_VALIDATORS, DEFAULT_CITIZENS, "127.0.0.1",
                DEFAULT_CLUSTER_BASE_PORT, DEFAULT_HTTP_BASE_PORT, DEFAULT_TREASURY_KOPECKS, DEFAULT_CITIZEN_KOPECKS, true);
    }

    public NetworkSpec withTls(boolean enabled) {
        return new NetworkSpec(chainId, validators, citizens, host, clusterBasePort, httpBasePort, treasuryKopecks, citizenKopecks, enabled);
    }

    private static void checkPortRange(String option, int base, int count) {
        if (base < 1024 || base + count - 1 > 65535) {
            throw new IllegalArgumentException(option + " must leave " + count + " ports between 1024 and 65535, was " + base);
        }
    }
}
