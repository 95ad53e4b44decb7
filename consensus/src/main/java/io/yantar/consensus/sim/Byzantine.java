package io.yantar.consensus.sim;

import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.Outbound;
import io.yantar.consensus.core.ValidatorSet;
import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.ForwardedRequests;
import io.yantar.consensus.core.message.NewView;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.PreparedCertificate;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Byzantine replica: the real core, with its outgoing messages rewritten and extra messages
 * injected. It signs only with its own key (a {@link FakeAuthenticator} for its own index).
 */
final class Byzantine {
    enum Kind {
        /** Sends nothing at all. */
        SILENT,
        /** As primary, sends different PRE-PREPAREs to the two halves of the backups and commits both. */
        EQUIVOCATE,
        /** Adds random messages: bad signatures, wrong epochs, bad requests, proposals from non-primaries. */
        GARBAGE,
        /** Adds replays of old messages it received, to random replicas. */
        REPLAY,
        /** Votes (PREPARE, COMMIT, CHECKPOINT) for random digests. */
        WRONG_DIGEST,
        /** Sends VIEW-CHANGEs with forged or stale proofs and bad NEW-VIEWs, and hides its prepared certificates. */
        FORGE_VIEW_CHANGE,
        /** As primary, never lets a block carrying a request it dislikes (every fourth request) reach anyone. */
        CENSOR
    }

    private static final int REPLAY_MEMORY = 256;

    final Kind kind;
    private final String memberId;
    private final Authenticator keys;
    private int self;
    private ValidatorSet validators;
    private Authenticator authenticator;
    private final SplittableRandom random;
    private final List<PeerMessage> seen = new ArrayList<>();
    private long highestViewSeen;

    Byzantine(Kind kind, int self, ValidatorSet validators, Authenticator authenticator, SplittableRandom random) {
        this.kind = kind;
        this.self = self;
        this.memberId = validators.members().get(self);
        this.keys = authenticator;
        this.validators = validators;
        this.authenticator = authenticator.forEpoch(validators);
        this.random = random;
    }

    /** Acts as a member of {@code current}, the set its core is in (nothing when it is not a member). */
    void follow(ValidatorSet current) {
        if (current.epoch() != validators.epoch()) {
            validators = current;
            self = current.indexOf(memberId);
            authenticator = keys.forEpoch(current);
        }
    }

    void observe(PeerMessage message) {
        if (message instanceof Signed signed && signed.message() instanceof ViewChange viewChange) {
            highestViewSeen = Math.max(highestViewSeen, viewChange.newView());
        }
        if (seen.size() < REPLAY_MEMORY) {
            seen.add(message);
        } else {
            seen.set(random.nextInt(REPLAY_MEMORY), message);
        }
    }

    /** The messages actually sent instead of what the honest core wanted to send. */
    List<Outbound> rewrite(List<Outbound> honest) {
        switch (kind) {
            case SILENT:
                return List.of();
            case EQUIVOCATE:
                return equivocate(honest);
            case WRONG_DIGEST:
                return wrongDigests(honest);
            case FORGE_VIEW_CHANGE:
                return hidePreparedCertificates(honest);
            case CENSOR:
                return censor(honest);
            default:
                return honest;
        }
    }

    private List<Outbound> censor(List<Outbound> honest) {
        List<Outbound> out = new ArrayList<>(honest.size());
        for (Outbound outbound : honest) {
            boolean disliked = outbound.message() instanceof ProposalMessage proposal && proposal.prePrepare().signer() == self
                    && proposal.proposal().payloads().stream().anyMatch(payload -> payload.prefixLong() % 4 == 0);
            if (!disliked) {
                out.add(outbound);
            }
        }
        return out;
    }

    /** Extra messages injected on each of this replica's periodic turns. */
    List<Outbound> act(long view) {
        highestViewSeen = Math.max(highestViewSeen, view);
        if (self < 0) {
            return List.of();
        }
        switch (kind) {
            case GARBAGE:
                return List.of(new Outbound(otherReplica(), garbage()));
            case REPLAY:
                return seen.isEmpty() ? List.of()
                        : List.of(new Outbound(otherReplica(), seen.get(random.nextInt(seen.size()))));
            case FORGE_VIEW_CHANGE:
                return List.of(Outbound.toAll(forgedViewChangeOrNewView(view)));
            default:
                return List.of();
        }
    }

    private List<Outbound> equivocate(List<Outbound> honest) {
        List<Outbound> out = new ArrayList<>();
        for (Outbound outbound : honest) {
            if (!(outbound.message() instanceof ProposalMessage proposal) || proposal.prePrepare().signer() != self) {
                out.add(outbound);
                continue;
            }
            PrePrepare original = (PrePrepare) proposal.prePrepare().message();
            Proposal twin = alternative(proposal.proposal());
            Bytes twinDigest = SimApplication.digestOf(twin);
            Signed twinPrePrepare = sign(new PrePrepare(original.epoch(), original.view(), original.height(), twinDigest, self));
            Signed twinCommit = sign(new Commit(original.epoch(), original.view(), original.height(), twinDigest, self));
            for (int replica = 0; replica < validators.size(); replica++) {
                if (replica == self) {
                    continue;
                }
                if (replica % 2 == 0) {
                    out.add(new Outbound(replica, proposal));
                } else {
                    out.add(new Outbound(replica, new ProposalMessage(twinPrePrepare, twin)));
                    out.add(new Outbound(replica, twinCommit));
                }
            }
        }
        return out;
    }

    private Proposal alternative(Proposal proposal) {
        List<Bytes> payloads = new ArrayList<>(proposal.payloads());
        if (payloads.size() > 1) {
            Collections.reverse(payloads);
            return new Proposal(proposal.height(), proposal.view(), proposal.proposer(), proposal.timestampMillis(), false, payloads);
        }
        return new Proposal(proposal.height(), proposal.view(), proposal.proposer(), proposal.timestampMillis() + 1,
                proposal.nullBlock(), payloads);
    }

    private List<Outbound> wrongDigests(List<Outbound> honest) {
        List<Outbound> out = new ArrayList<>(honest.size());
        for (Outbound outbound : honest) {
            PeerMessage message = outbound.message();
            if (message instanceof Signed signed && random.nextInt(3) > 0) {
                ConsensusMessage body = signed.message();
                Bytes digest = Bytes.ofLong(random.nextLong());
                if (body instanceof Prepare prepare) {
                    message = sign(new Prepare(prepare.epoch(), prepare.view(), prepare.height(), digest, self));
                } else if (body instanceof Commit commit) {
                    message = sign(new Commit(commit.epoch(), commit.view(), commit.height(), digest, self));
                } else if (body instanceof Checkpoint checkpoint) {
                    message = sign(new Checkpoint(checkpoint.epoch(), checkpoint.height(), digest, self));
                }
            }
            out.add(new Outbound(outbound.to(), message));
        }
        return out;
    }

    /** A Byzantine replica may legally lie by omission: its VIEW-CHANGEs claim it prepared nothing. */
    private List<Outbound> hidePreparedCertificates(List<Outbound> honest) {
        List<Outbound> out = new ArrayList<>(honest.size());
        for (Outbound outbound : honest) {
            if (outbound.message() instanceof Signed signed && signed.message() instanceof ViewChange viewChange
                    && !viewChange.prepared().isEmpty()) {
                out.add(new Outbound(outbound.to(), sign(new ViewChange(viewChange.epoch(), viewChange.newView(),
                        viewChange.stableHeight(), viewChange.stableDigest(), viewChange.checkpointProof(), List.of(), self))));
            } else {
                out.add(outbound);
            }
        }
        return out;
    }

    private PeerMessage garbage() {
        long epoch = validators.epoch();
        long view = highestViewSeen + random.nextInt(3);
        long height = 1 + random.nextInt(40);
        Bytes digest = Bytes.ofLong(random.nextLong());
        switch (random.nextInt(6)) {
            case 0: // signed "by" an honest replica, with a made-up signature
                return new Signed(new Commit(epoch, view, height, digest, otherReplica()), Bytes.ofLong(random.nextLong()));
            case 1: // our own signature, but for another epoch
                return sign(new Prepare(epoch + 1, view, height, digest, self));
            case 2: // requests that fail the stateless check
                return new ForwardedRequests(List.of(Bytes.ofLong(random.nextLong()), Bytes.wrap(new byte[16])));
            case 3: // a proposal under the primary's name
                int primary = validators.primaryOf(view);
                Proposal proposal = new Proposal(height, view, primary, 0, false, List.of());
                return new ProposalMessage(new Signed(new PrePrepare(epoch, view, height, SimApplication.digestOf(proposal), primary),
                        Bytes.ofLong(random.nextLong())), proposal);
            case 4: // a properly signed proposal from a replica that is not the primary
                long notOurView = validators.primaryOf(view) == self ? view + 1 : view;
                Proposal ours = new Proposal(height, notOurView, self, 0, false, List.of());
                return new ProposalMessage(sign(new PrePrepare(epoch, notOurView, height, SimApplication.digestOf(ours), self)), ours);
            default: // a checkpoint at a height that is no checkpoint
                return sign(new Checkpoint(epoch, height * 1_000 + 1, digest, self));
        }
    }

    private PeerMessage forgedViewChangeOrNewView(long view) {
        long epoch = validators.epoch();
        long newView = view + 1 + random.nextInt(2);
        if (validators.primaryOf(newView) == self && random.nextBoolean()) {
            // a NEW-VIEW backed only by our own VIEW-CHANGE, proposing a null block at a made-up height
            Signed ownViewChange = sign(new ViewChange(epoch, newView, 0, Bytes.EMPTY, List.of(), List.of(), self));
            Proposal proposal = Proposal.nullProposal(1 + random.nextInt(8), newView, self);
            Signed prePrepare = sign(new PrePrepare(epoch, newView, proposal.height(), SimApplication.digestOf(proposal), self));
            return sign(new NewView(epoch, newView, List.of(ownViewChange), List.of(prePrepare), List.of(proposal), self));
        }
        long height = 1 + random.nextInt(8);
        int primary = validators.primaryOf(view);
        Proposal proposal = new Proposal(height, view, primary, 0, false, List.of());
        Signed forgedPrePrepare = new Signed(new PrePrepare(epoch, view, height, SimApplication.digestOf(proposal), primary),
                Bytes.ofLong(random.nextLong()));
        List<Signed> forgedPrepares = new ArrayList<>();
        for (int replica = 0; replica < validators.size(); replica++) {
            if (replica != primary) {
                forgedPrepares.add(new Signed(new Prepare(epoch, view, height, SimApplication.digestOf(proposal), replica),
                        Bytes.ofLong(random.nextLong())));
            }
        }
        if (random.nextBoolean()) {
            return sign(new ViewChange(epoch, newView, 0, Bytes.EMPTY, List.of(),
                    List.of(new PreparedCertificate(forgedPrePrepare, proposal, forgedPrepares)), self));
        }
        // a stable checkpoint "proven" by checkpoints nobody signed
        long stable = 4L * (1 + random.nextInt(4));
        Bytes stableDigest = Bytes.ofLong(random.nextLong());
        List<Signed> forgedProof = new ArrayList<>();
        for (int replica = 0; replica < validators.size(); replica++) {
            forgedProof.add(new Signed(new Checkpoint(epoch, stable, stableDigest, replica), Bytes.ofLong(random.nextLong())));
        }
        return sign(new ViewChange(epoch, newView, stable, stableDigest, forgedProof, List.of(), self));
    }

    private int otherReplica() {
        int replica = random.nextInt(validators.size() - 1);
        return replica >= self ? replica + 1 : replica;
    }

    private Signed sign(ConsensusMessage message) {
        return new Signed(message, authenticator.sign(message));
    }
}
