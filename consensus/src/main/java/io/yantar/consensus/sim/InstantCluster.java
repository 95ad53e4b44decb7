package io.yantar.consensus.sim;

import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.CommittedBlock;
import io.yantar.consensus.core.Config;
import io.yantar.consensus.core.DurableRecord;
import io.yantar.consensus.core.Input;
import io.yantar.consensus.core.Journal;
import io.yantar.consensus.core.Outbound;
import io.yantar.consensus.core.Outputs;
import io.yantar.consensus.core.Replica;
import io.yantar.consensus.core.ValidatorSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A fault-free cluster with a zero-cost network (FIFO, no delay) and fake signatures: the cores
 * alone, for throughput and for showing that memory stays bounded on a long run. Time moves only
 * when {@link #advanceMillis} is called.
 */
public final class InstantCluster {
    private record InFlight(int to, int from, io.yantar.consensus.core.message.PeerMessage message) {
    }

    private final Config config;
    private final ValidatorSet validators;
    private final long[] secrets;
    private final List<Replica> replicas = new ArrayList<>();
    private final List<Boolean> up = new ArrayList<>();
    private final List<SimApplication> applications = new ArrayList<>();
    private final List<List<DurableRecord>> journals = new ArrayList<>();
    private final ArrayDeque<InFlight> network = new ArrayDeque<>();
    private final SimRequests requests = new SimRequests(42);
    private final boolean keepJournals;
    private long now;
    private long nextRequestId;
    private long committedRequests;
    private long committedBlocks;
    private long journalRecordsWritten;
    private int maxInFlightHeights;
    private boolean holdCommits;
    private final List<InFlight> heldCommits = new ArrayList<>();

    /** {@code keepJournals}: keep (and compact) each replica's journal, as a real node would; otherwise only count records. */
    public InstantCluster(int n, Config config, boolean keepJournals) {
        this.config = config;
        this.keepJournals = keepJournals;
        this.validators = ValidatorSet.ofSize(n);
        this.secrets = FakeAuthenticator.secrets(n, 7);
        for (int i = 0; i < n; i++) {
            up.add(true);
            SimApplication application = new SimApplication(requests, false, (position, id) -> { });
            applications.add(application);
            journals.add(new ArrayList<>());
            replicas.add(Replica.create(config, validators, i, application, FakeAuthenticator.forReplica(secrets, i), 0));
        }
    }

    /** Hands {@code count} new requests of {@code payloadBytes} each to the primary of view 0 as client requests. */
    public void submit(int count, int payloadBytes) {
        submitTo(0, count, payloadBytes);
    }

    public void submitTo(int replica, int count, int payloadBytes) {
        for (int i = 0; i < count; i++) {
            step(replica, new Input.ClientRequest(requests.payload(nextRequestId++, payloadBytes)));
        }
    }

    /** The replica stops; what it did not persist is lost, its journal and executed blocks survive. */
    public void crash(int replica) {
        if (!keepJournals) {
            throw new IllegalStateException("crashes need journals");
        }
        up.set(replica, false);
    }

    /** The replica restarts from its journal on top of the blocks its application executed. */
    public void restart(int replica) {
        replicas.set(replica, Replica.restore(config, validators, replica, applications.get(replica),
                FakeAuthenticator.forReplica(secrets, replica), journals.get(replica), applications.get(replica).height(), now));
        up.set(replica, true);
        step(replica, new Input.Tick(now));
    }

    /** Requests every replica that is up has executed (the minimum over them). */
    public long executedEverywhere() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < replicas.size(); i++) {
            if (up.get(i)) {
                least = Math.min(least, applications.get(i).executedRequests());
            }
        }
        return least;
    }

    public void advanceMillis(long millis) {
        now += millis;
        for (int i = 0; i < replicas.size(); i++) {
            step(i, new Input.Tick(now));
        }
    }

    /** Delivers messages until the network is empty. */
    public void runUntilQuiet() {
        while (!network.isEmpty()) {
            InFlight next = network.poll();
            if (holdCommits && next.message() instanceof io.yantar.consensus.core.message.Signed signed
                    && signed.message() instanceof io.yantar.consensus.core.message.Commit) {
                heldCommits.add(next);
                continue;
            }
            step(next.to(), new Input.FromPeer(next.from(), next.message()));
        }
    }

    private void step(int index, Input input) {
        if (!up.get(index)) {
            return;
        }
        ArrayDeque<Input> work = new ArrayDeque<>();
        work.add(input);
        while (!work.isEmpty()) {
            Outputs outputs = replicas.get(index).step(work.poll());
            persist(index, outputs.persist());
            for (Outbound outbound : outputs.send()) {
                for (int to = 0; to < replicas.size(); to++) {
                    if (to != index && (outbound.broadcast() || outbound.to() == to)) {
                        network.add(new InFlight(to, index, outbound.message()));
                    }
                }
            }
            for (CommittedBlock block : outputs.committed()) {
                Bytes state = applications.get(index).execute(block);
                if (index == 0) {
                    committedBlocks++;
                    committedRequests += block.proposal().payloads().size();
                }
                work.add(new Input.Executed(block.height(), state));
            }
        }
        if (index == 0) {
            maxInFlightHeights = Math.max(maxInFlightHeights, (int) (replicas.get(0).retainedItems()));
        }
    }

    private void persist(int index, List<DurableRecord> records) {
        journalRecordsWritten += records.size();
        if (!keepJournals || records.isEmpty()) {
            return;
        }
        List<DurableRecord> journal = journals.get(index);
        journal.addAll(records);
        for (DurableRecord record : records) {
            if (record instanceof DurableRecord.StableCheckpoint) {
                journals.set(index, new ArrayList<>(Journal.compact(journal)));
                return;
            }
        }
    }

    /** While set, COMMITs are parked instead of delivered: every height stays in flight (to measure its memory). */
    public void holdCommits(boolean hold) {
        holdCommits = hold;
        if (!hold) {
            network.addAll(heldCommits);
            heldCommits.clear();
        }
    }

    public long committedRequests() {
        return committedRequests;
    }

    public long committedBlocks() {
        return committedBlocks;
    }

    public long journalRecordsWritten() {
        return journalRecordsWritten;
    }

    public Replica replica(int index) {
        return replicas.get(index);
    }

    public int journalSize(int index) {
        return journals.get(index).size();
    }

    public int maxRetainedItemsAtPrimary() {
        return maxInFlightHeights;
    }

    public Config config() {
        return config;
    }
}
