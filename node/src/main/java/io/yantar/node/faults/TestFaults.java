package io.yantar.node.faults;

import java.util.Optional;

/** The test-only faults one node runs with; {@link #NONE} for every real node. */
public record TestFaults(Optional<ByzantineMode> byzantine, Optional<TransportFaultSettings> transport) {
    public static final TestFaults NONE = new TestFaults(Optional.empty(), Optional.empty());

    public boolean any() {
        return byzantine.isPresent() || transport.isPresent();
    }
}
