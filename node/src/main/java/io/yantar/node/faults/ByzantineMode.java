package io.yantar.node.faults;

import java.util.Locale;

/** How a test-only Byzantine node ({@code yantar node --byzantine MODE}) lies to its peers. */
public enum ByzantineMode {
    /** Sends conflicting proposals and votes to the two halves of its peers. */
    EQUIVOCATE,
    /** Sends no consensus message at all: never proposes, never votes. */
    SILENT,
    /** Sends every message with a broken signature, plus envelopes that do not decode. */
    GARBAGE,
    /** Sends its honest messages and resends old ones to random peers. */
    REPLAY;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
