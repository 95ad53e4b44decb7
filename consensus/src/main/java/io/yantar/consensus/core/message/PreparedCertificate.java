package io.yantar.consensus.core.message;

import java.util.List;

/** A PRE-PREPARE, its proposal and 2f matching PREPAREs from distinct backups. */
public record PreparedCertificate(Signed prePrepare, Proposal proposal, List<Signed> prepares) {
    public PreparedCertificate {
        prepares = List.copyOf(prepares);
    }

    public PrePrepare header() {
        return (PrePrepare) prePrepare.message();
    }
}
