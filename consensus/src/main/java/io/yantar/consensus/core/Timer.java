package io.yantar.consensus.core;

/** A named deadline counted against the time handed in by {@link Input.Tick}; never reads a clock. */
final class Timer {
    static final long NONE = Long.MAX_VALUE;

    private final String name;
    private long deadlineMillis = NONE;

    Timer(String name) {
        this.name = name;
    }

    void startAt(long deadline) {
        deadlineMillis = deadline;
    }

    void startIfStopped(long deadline) {
        if (deadlineMillis == NONE) {
            deadlineMillis = deadline;
        }
    }

    void stop() {
        deadlineMillis = NONE;
    }

    boolean running() {
        return deadlineMillis != NONE;
    }

    long deadline() {
        return deadlineMillis;
    }

    /** True once, when the deadline has passed; the timer is then stopped. */
    boolean fire(long nowMillis) {
        if (deadlineMillis != NONE && nowMillis >= deadlineMillis) {
            deadlineMillis = NONE;
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return name + (running() ? "@" + deadlineMillis : "(stopped)");
    }
}
