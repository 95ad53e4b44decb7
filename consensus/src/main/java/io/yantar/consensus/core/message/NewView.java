package io.yantar.consensus.core.message;

import java.util.List;

/**
 * The primary of {@code view}: the 2f+1 VIEW-CHANGEs it used and the PRE-PREPAREs (re-proposals
 * and null proposals) it computed from them, with the proposals they name, in height order.
 */
public record NewView(long epoch, long view, List<Signed> viewChanges, List<Signed> prePrepares, List<Proposal> proposals,
                      int replica) implements ConsensusMessage {
    public NewView {
        viewChanges = List.copyOf(viewChanges);
        prePrepares = List.copyOf(prePrepares);
        proposals = List.copyOf(proposals);
    }
}
