package io.yantar.consensus.core;

import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.PreparedCertificate;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import io.yantar.consensus.sim.FakeAuthenticator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One real replica and scripted peers around it, with a fixed clock: a test says what the peers
 * send, in the order of the paper, and looks at what the replica does. Peers sign with their own
 * keys; the replica under test journals what it is told to persist, so it can be restarted.
 */
final class Scenario {
    static final long START_MILLIS = 10_000;

    final ValidatorSet validators;
    final Config config;
    final TestApplication application = new TestApplication();
    final int self;
    final List<DurableRecord> journal = new ArrayList<>();
    private final long[] secrets;
    Replica replica;
    long now = START_MILLIS;

    private Scenario(int n, int self, Config config) {
        this.validators = ValidatorSet.ofSize(n);
        this.self = self;
        this.config = config;
        this.secrets = FakeAuthenticator.secrets(n, 99);
        this.replica = Replica.create(config, validators, self, application, FakeAuthenticator.forReplica(secrets, self), now);
        step(new Input.Tick(now));
    }

    /** Replica {@code self} of {@code n}; checkpoints every 4 heights, window 16, one request per block, no batch delay. */
    static Scenario replica(int self, int n) {
        return new Scenario(n, self, defaultConfig());
    }

    static Scenario replica(int self, int n, Config config) {
        return new Scenario(n, self, config);
    }

    /**
     * Stall detection is off: {@link #advance} jumps the clock in one tick where a running replica
     * would have been ticked at every deadline on the way, and that time counts as time it ran
     * ({@link StallTest} turns detection on).
     */
    static Config defaultConfig() {
        return Config.defaults("test").withCheckpointInterval(4, 16).withBatch(1, 0).withTimeouts(1_000, 2_000, 16_000, 500)
                .withStallThreshold(0);
    }

    // ------------------------------------------------------------------ driving the replica

    Outputs step(Input input) {
        Outputs outputs = replica.step(input);
        journal.addAll(outputs.persist());
        return outputs;
    }

    Outputs from(int peer, PeerMessage message) {
        return step(new Input.FromPeer(peer, message));
    }

    Outputs request(String text) {
        return step(new Input.ClientRequest(TestApplication.payload(text)));
    }

    Outputs advance(long millis) {
        now += millis;
        return step(new Input.Tick(now));
    }

    /** Crash and restart from the journal, on top of what the application executed. */
    void restart(long executedHeight) {
        replica = Replica.restore(config, validators, self, application, FakeAuthenticator.forReplica(secrets, self),
                List.copyOf(journal), executedHeight, now);
    }

    /** Drives height {@code height} of view 0 to commit at the replica under test (a backup): PRE-PREPARE, PREPAREs, COMMITs. */
    Outputs commitHeight(long height, String text) {
        Proposal proposal = proposal(height, 0, text);
        from(0, prePrepare(0, height, proposal));
        Bytes digest = digest(proposal);
        for (int peer : backupsOtherThanSelf(0)) {
            from(peer, prepare(peer, 0, height, digest));
        }
        Outputs last = null;
        for (int peer = 0; peer < validators.size(); peer++) {
            if (peer != self) {
                last = from(peer, commit(peer, 0, height, digest));
                if (!last.committed().isEmpty()) {
                    return last;
                }
            }
        }
        return last;
    }

    int[] backupsOtherThanSelf(long view) {
        return java.util.stream.IntStream.range(0, validators.size())
                .filter(i -> i != self && i != validators.primaryOf(view)).toArray();
    }

    // ------------------------------------------------------------------ building peers' messages

    Proposal proposal(long height, long view, String... texts) {
        return new Proposal(height, view, validators.primaryOf(view), now, false,
                Arrays.stream(texts).map(TestApplication::payload).toList());
    }

    Bytes digest(Proposal proposal) {
        return application.digest(proposal);
    }

    Signed sign(ConsensusMessage message) {
        return new Signed(message, FakeAuthenticator.forReplica(secrets, message.replica()).sign(message));
    }

    ProposalMessage prePrepare(long view, long height, Proposal proposal) {
        return new ProposalMessage(sign(new PrePrepare(0, view, height, digest(proposal), validators.primaryOf(view))), proposal);
    }

    Signed prepare(int from, long view, long height, Bytes digest) {
        return sign(new Prepare(0, view, height, digest, from));
    }

    Signed commit(int from, long view, long height, Bytes digest) {
        return sign(new Commit(0, view, height, digest, from));
    }

    Signed checkpoint(int from, long height, Bytes state) {
        return sign(new Checkpoint(0, height, state, from));
    }

    /** The PRE-PREPARE of {@code proposal} and 2f PREPAREs from the backups of {@code view}. */
    PreparedCertificate preparedCertificate(long view, long height, Proposal proposal) {
        Bytes digest = digest(proposal);
        List<Signed> prepares = new ArrayList<>();
        for (int peer = 0; peer < validators.size() && prepares.size() < 2 * validators.maxFaulty(); peer++) {
            if (peer != validators.primaryOf(view)) {
                prepares.add(prepare(peer, view, height, digest));
            }
        }
        return new PreparedCertificate(prePrepare(view, height, proposal).prePrepare(), proposal, prepares);
    }

    Signed viewChange(int from, long newView, PreparedCertificate... prepared) {
        return sign(new ViewChange(0, newView, 0, Bytes.EMPTY, List.of(), List.of(prepared), from));
    }

    /** Checks certificates as any holder of the validator keys would. */
    Certificates certificates() {
        return new Certificates(config, validators, FakeAuthenticator.forReplica(secrets, self), application);
    }

    /** The state digest a scripted application reaches at {@code height}. */
    static Bytes state(long height) {
        return Bytes.ofLong(0x5EED_0000L + height);
    }

    /** Commits and executes heights {@code 1..upTo} of view 0; returns the outputs of the last execution. */
    Outputs commitAndExecute(long upTo) {
        Outputs last = null;
        for (long height = replica.lastDeliveredHeight() + 1; height <= upTo; height++) {
            commitHeight(height, "request " + height);
            last = step(new Input.Executed(height, state(height)));
        }
        return last;
    }

    /** A NEW-VIEW by the primary of {@code view}, with O computed from {@code viewChanges} as the protocol says. */
    Signed newView(long view, List<Signed> viewChanges) {
        List<ViewChange> bodies = viewChanges.stream().map(v -> (ViewChange) v.message()).toList();
        return newView(view, viewChanges, NewViewPlanner.plan(bodies, view, validators.primaryOf(view)).proposals());
    }

    /** A NEW-VIEW carrying exactly {@code proposals} (a faulty primary may lie about O). */
    Signed newView(long view, List<Signed> viewChanges, List<Proposal> proposals) {
        int primary = validators.primaryOf(view);
        List<Signed> prePrepares = proposals.stream()
                .map(p -> sign(new PrePrepare(0, view, p.height(), digest(p), primary))).toList();
        return sign(new io.yantar.consensus.core.message.NewView(0, view, viewChanges, prePrepares, proposals, primary));
    }

    // ------------------------------------------------------------------ reading outputs

    static <T extends ConsensusMessage> List<T> sent(Outputs outputs, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Outbound outbound : outputs.send()) {
            ConsensusMessage body = outbound.message() instanceof Signed signed ? signed.message()
                    : outbound.message() instanceof ProposalMessage proposal ? proposal.prePrepare().message() : null;
            if (type.isInstance(body)) {
                out.add(type.cast(body));
            }
        }
        return out;
    }

    static <T> List<T> persisted(Outputs outputs, Class<T> type) {
        return outputs.persist().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
