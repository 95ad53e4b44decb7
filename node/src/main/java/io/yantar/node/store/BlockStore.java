package io.yantar.node.store;

import com.google.protobuf.ByteString;
import io.yantar.proto.BlockCommitted;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CertifiedBlock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The node's committed blocks, event-sourced: one {@link BlockCommitted} event per height,
 * so the journal's sequence number of a block is its height and a read of any height is a
 * point lookup in the journal. The last blocks are kept in memory, up to a count and a size
 * ({@link RecentBlocks}); older ones are read back from the journal by {@link JournalBlockReader}.
 *
 * <p>Appends must extend the chain held: the next height, linked to the previous block's
 * hash. A refused append is a bug in the caller (the replica only appends committed blocks
 * in order) and is answered with the reason, never persisted.
 */
public final class BlockStore extends EventSourcedBehavior<BlockStore.Command, BlockCommitted, BlockStore.State> {

    public sealed interface Command {
    }

    /** Persist a committed block; the reply comes once it is durable. */
    public record Append(CertifiedBlock block, ActorRef<AppendResult> replyTo) implements Command {
    }

    /**
     * Persist consecutive committed blocks in one journal write (a state-transfer chunk); the
     * reply, for the last of them, comes once all are durable. A block that does not extend the
     * chain refuses the whole run and nothing of it is written.
     */
    public record AppendAll(java.util.List<CertifiedBlock> blocks, ActorRef<AppendResult> replyTo) implements Command {
    }

    public record GetBlock(long height, ActorRef<BlockLookup> replyTo) implements Command {
    }

    public record GetTip(ActorRef<Tip> replyTo) implements Command {
    }

    /**
     * The stored blocks {@code from..to} (fewer if the store ends before {@code to}), read from the
     * journal in one query: a state transfer that read a chunk block by block spent about 40 ms
     * per block on two shared cores.
     */
    public record GetBlocks(long from, long to, ActorRef<BlockRange> replyTo) implements Command {
    }

    /** Blocks in height order, from the height asked; empty when none could be read. */
    public record BlockRange(List<CertifiedBlock> blocks) {
    }

    private record RangeReadFinished(List<CertifiedBlock> blocks, String failure, ActorRef<BlockRange> replyTo) implements Command {
    }

    private record JournalReadFinished(long height, Optional<CertifiedBlock> block, String failure, ActorRef<BlockLookup> replyTo)
            implements Command {
    }

    public sealed interface AppendResult {
    }

    public record Appended(long height, ByteString blockHash) implements AppendResult {
    }

    public record Refused(String reason) implements AppendResult {
    }

    public sealed interface BlockLookup {
    }

    public record Found(CertifiedBlock block) implements BlockLookup {
    }

    public record NotFound(long height, long tipHeight) implements BlockLookup {
    }

    /** Too many journal reads in flight, or the journal failed; the caller may retry. */
    public record Unavailable(String reason) implements BlockLookup {
    }

    /** The highest stored height and its block hash; height 0 and an empty hash before the first block. */
    public record Tip(long height, ByteString lastBlockHash) {
    }

    /**
     * @param persistenceId one per node, e.g. {@code blocks-node-1}
     * @param cacheSize most recent blocks kept in memory
     * @param cacheBytes most encoded bytes of the recent blocks kept in memory (the newest block is always kept)
     * @param firstPrevHash what block 1 must link to (the genesis block's hash), if known
     */
    public record Settings(String persistenceId, int cacheSize, long cacheBytes, int journalReadsInFlightMax, Optional<ByteString> firstPrevHash) {
    }

    /** Reads stored blocks from the journal, off the actor. */
    public interface BlockReader {
        CompletionStage<Optional<CertifiedBlock>> read(String persistenceId, long height);

        /** The stored blocks {@code from..to} in one read. */
        CompletionStage<List<CertifiedBlock>> readRange(String persistenceId, long from, long to);
    }

    /**
     * In-memory view rebuilt from the events. Mutated only by the event handler, as Pekko
     * allows for Java state that is never shared outside the actor.
     */
    public static final class State {
        private long height;
        private ByteString lastBlockHash = ByteString.EMPTY;
        private final RecentBlocks recent;

        State(int cacheSize, long cacheBytes) {
            this.recent = new RecentBlocks(cacheSize, cacheBytes);
        }

        public Tip tip() {
            return new Tip(height, lastBlockHash);
        }
    }

    private final ActorContext<Command> context;
    private final Settings settings;
    private final BlockHasher hasher;
    private final BlockReader reader;
    private final Consumer<Tip> onRecovered;
    private int journalReadsInFlight;

    private BlockStore(ActorContext<Command> context, Settings settings, BlockHasher hasher, BlockReader reader, Consumer<Tip> onRecovered) {
        super(PersistenceId.ofUniqueId(settings.persistenceId()),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
        this.context = context;
        this.settings = settings;
        this.hasher = hasher;
        this.reader = reader;
        this.onRecovered = onRecovered;
    }

    /**
     * @param onRecovered called once the journal has been replayed (readiness, logging)
     */
    public static Behavior<Command> create(Settings settings, BlockHasher hasher, BlockReader reader, Consumer<Tip> onRecovered) {
        return Behaviors.setup(context -> new BlockStore(context, settings, hasher, reader, onRecovered));
    }

    @Override
    public State emptyState() {
        return new State(settings.cacheSize(), settings.cacheBytes());
    }

    @Override
    public CommandHandler<Command, BlockCommitted, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Append.class, this::onAppend)
                .onCommand(AppendAll.class, this::onAppendAll)
                .onCommand(GetBlock.class, this::onGetBlock)
                .onCommand(GetTip.class, (state, command) -> Effect().reply(command.replyTo(), state.tip()))
                .onCommand(JournalReadFinished.class, this::onJournalReadFinished)
                .onCommand(GetBlocks.class, this::onGetBlocks)
                .onCommand(RangeReadFinished.class, (state, done) -> {
                    journalReadsInFlight--;
                    if (done.failure() != null) {
                        context.getLog().warn("reading blocks from the journal failed: {}", done.failure());
                    }
                    return Effect().reply(done.replyTo(), new BlockRange(done.blocks()));
                })
                .build();
    }

    @Override
    public EventHandler<State, BlockCommitted> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(BlockCommitted.class, (state, event) -> {
                    BlockHeader header = event.getBlock().getBlock().getHeader();
                    state.height = header.getHeight();
                    state.lastBlockHash = hasher.hash(header);
                    state.recent.add(header.getHeight(), event.getBlock());
                    return state;
                })
                .build();
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> onRecovered.accept(state.tip()))
                .build();
    }

    private org.apache.pekko.persistence.typed.javadsl.Effect<BlockCommitted, State> onAppend(State state, Append command) {
        Optional<String> refusal = refusal(state, command.block());
        if (refusal.isPresent()) {
            return Effect().reply(command.replyTo(), new Refused(refusal.get()));
        }
        return Effect().persist(BlockCommitted.newBuilder().setBlock(command.block()).build())
                .thenReply(command.replyTo(), after -> new Appended(after.height, after.lastBlockHash));
    }

    private org.apache.pekko.persistence.typed.javadsl.Effect<BlockCommitted, State> onAppendAll(State state, AppendAll command) {
        if (command.blocks().isEmpty()) {
            return Effect().reply(command.replyTo(), new Refused("no blocks to append"));
        }
        long height = state.height;
        ByteString lastHash = state.lastBlockHash;
        List<BlockCommitted> events = new ArrayList<>(command.blocks().size());
        for (CertifiedBlock block : command.blocks()) {
            Optional<String> refusal = refusal(height, lastHash, block);
            if (refusal.isPresent()) {
                return Effect().reply(command.replyTo(), new Refused(refusal.get()));
            }
            height = block.getBlock().getHeader().getHeight();
            lastHash = hasher.hash(block.getBlock().getHeader());
            events.add(BlockCommitted.newBuilder().setBlock(block).build());
        }
        return Effect().persist(events).thenReply(command.replyTo(), after -> new Appended(after.height, after.lastBlockHash));
    }

    private Optional<String> refusal(State state, CertifiedBlock block) {
        return refusal(state.height, state.lastBlockHash, block);
    }

    /** Why {@code block} cannot follow the block at {@code height} with hash {@code lastHash}, if it cannot. */
    private Optional<String> refusal(long height, ByteString lastHash, CertifiedBlock block) {
        if (!block.hasBlock() || !block.getBlock().hasHeader()) {
            return Optional.of("the block has no header");
        }
        BlockHeader header = block.getBlock().getHeader();
        if (header.getHeight() != height + 1) {
            return Optional.of("expected height " + (height + 1) + " but the block is at height " + header.getHeight());
        }
        if (!block.hasCommitCertificate() || block.getCommitCertificate().getHeight() != header.getHeight()) {
            return Optional.of("the block at height " + header.getHeight() + " has no commit certificate for its height");
        }
        Optional<ByteString> expectedPrev = height == 0 ? settings.firstPrevHash() : Optional.of(lastHash);
        if (expectedPrev.isPresent() && !expectedPrev.get().equals(header.getPrevBlockHash())) {
            return Optional.of("the block at height " + header.getHeight() + " does not link to the stored block " + height);
        }
        return Optional.empty();
    }

    private org.apache.pekko.persistence.typed.javadsl.Effect<BlockCommitted, State> onGetBlocks(State state, GetBlocks command) {
        long to = Math.min(command.to(), state.height);
        if (command.from() < 1 || command.from() > to) {
            return Effect().reply(command.replyTo(), new BlockRange(List.of()));
        }
        List<CertifiedBlock> cached = new ArrayList<>();
        for (long height = command.from(); height <= to && state.recent.contains(height); height++) {
            cached.add(state.recent.get(height));
        }
        if (cached.size() == to - command.from() + 1) {
            return Effect().reply(command.replyTo(), new BlockRange(cached));
        }
        if (journalReadsInFlight >= settings.journalReadsInFlightMax()) {
            return Effect().reply(command.replyTo(), new BlockRange(List.of()));
        }
        journalReadsInFlight++;
        context.pipeToSelf(reader.readRange(settings.persistenceId(), command.from(), to), (blocks, failure) -> new RangeReadFinished(
                failure == null ? blocks : List.of(), failure == null ? null : String.valueOf(failure.getMessage()), command.replyTo()));
        return Effect().none();
    }

    private org.apache.pekko.persistence.typed.javadsl.Effect<BlockCommitted, State> onGetBlock(State state, GetBlock command) {
        long height = command.height();
        if (height < 1 || height > state.height) {
            return Effect().reply(command.replyTo(), new NotFound(height, state.height));
        }
        CertifiedBlock cached = state.recent.get(height);
        if (cached != null) {
            return Effect().reply(command.replyTo(), new Found(cached));
        }
        if (journalReadsInFlight >= settings.journalReadsInFlightMax()) {
            return Effect().reply(command.replyTo(), new Unavailable("too many block reads in flight"));
        }
        journalReadsInFlight++;
        context.pipeToSelf(reader.read(settings.persistenceId(), height), (block, failure) -> new JournalReadFinished(
                height,
                block == null ? Optional.empty() : block,
                failure == null ? null : String.valueOf(failure.getMessage()),
                command.replyTo()));
        return Effect().none();
    }

    private org.apache.pekko.persistence.typed.javadsl.Effect<BlockCommitted, State> onJournalReadFinished(State state, JournalReadFinished result) {
        journalReadsInFlight--;
        if (result.failure() != null) {
            context.getLog().warn("reading block {} from the journal failed: {}", result.height(), result.failure());
            return Effect().reply(result.replyTo(), new Unavailable("the journal could not be read"));
        }
        BlockLookup answer = result.block().<BlockLookup>map(Found::new).orElseGet(() -> new NotFound(result.height(), state.height));
        return Effect().reply(result.replyTo(), answer);
    }
}
