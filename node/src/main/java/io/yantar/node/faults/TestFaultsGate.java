package io.yantar.node.faults;

/**
 * The test flag every fault-injection setting of a node needs: {@code -Dyantar.test-faults=allowed}
 * on the node's JVM (the chaos harness sets it; an operator never does). Without it
 * {@code yantar node} refuses {@code --byzantine} and {@code yantar.test.transport-faults}, so a
 * production node cannot be switched into lying or losing messages by a configuration mistake.
 */
public final class TestFaultsGate {
    public static final String PROPERTY = "yantar.test-faults";
    public static final String ALLOWED = "allowed";

    private TestFaultsGate() {
    }

    public static boolean allowed() {
        return ALLOWED.equals(System.getProperty(PROPERTY));
    }

    /** The JVM option that sets the flag, for the processes the harness starts. */
    public static String jvmOption() {
        return "-D" + PROPERTY + "=" + ALLOWED;
    }
}
