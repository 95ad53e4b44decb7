package io.yantar.node.consensus;

/**
 * Which state-transfer answers a fetching node applies. A fetch keeps one chain of requests, so
 * an answer is applied when it is the one awaited (from the peer asked last, for the height asked
 * last), or when it comes late from a peer asked before in this fetch but starts exactly at the next height
 * this node needs: its blocks carry their commit certificates, which are checked either way.
 * Dropping such an answer made a joiner on a starved machine, where every peer needed more than
 * the fetch timeout to read a chunk, ask round the peers for minutes without applying anything.
 * Everything else (answers to older requests, empty late answers) is dropped, so no second chain
 * of requests starts.
 */
enum TransferAnswer {
    /** The answer to the request made last. */
    AWAITED,
    /** A late answer that continues the ledger: apply it and go on asking its sender. */
    LATE_BUT_NEXT,
    /** An answer this node no longer waits for. */
    DROPPED;

    static TransferAnswer classify(String sender, long fromHeight, boolean empty, String askedPeer, long awaitedFrom,
                                   long nextHeight, boolean senderAskedBefore) {
        if (sender.equals(askedPeer) && fromHeight == awaitedFrom) {
            return AWAITED;
        }
        if (senderAskedBefore && !empty && fromHeight == nextHeight) {
            return LATE_BUT_NEXT;
        }
        return DROPPED;
    }
}
