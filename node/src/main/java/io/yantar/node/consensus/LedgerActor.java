package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.CheckpointCertificate;
import io.yantar.consensus.core.CommittedBlock;
import io.yantar.consensus.replica.ReplicaActor;
import io.yantar.consensus.wire.ProtoCodec;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AccountValue;
import io.yantar.ledger.state.BlockExecutor;
import io.yantar.ledger.state.ExecutedBlock;
import io.yantar.ledger.state.LedgerState;
import io.yantar.node.LedgerQueries.AccountView;
import io.yantar.node.LedgerQueries.BlockView;
import io.yantar.node.store.BlockStore;
import io.yantar.node.store.BlockStoreClient;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CertifiedBlock;
import io.yantar.proto.Proposal;
import io.yantar.proto.Receipt;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns this node's ledger state: rebuilds it from the block store at start, then starts the
 * replica; executes each committed block in height order, appends it to the block store and
 * only then tells the replica it executed (so the replica's checkpoint never runs ahead of
 * what is durable here); answers reads of the state. The only thread that touches
 * {@link LedgerState}.
 */
final class LedgerActor extends AbstractBehavior<LedgerActor.Command> {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerActor.class);

    sealed interface Command {
    }

    /** From the replica's effects: a block final at this replica. */
    record Execute(CommittedBlock block) implements Command {
    }

    record CheckpointStable(CheckpointCertificate certificate) implements Command {
    }

    record GetAccount(ByteString address, ActorRef<Optional<AccountView>> replyTo) implements Command {
    }

    private record Recovered(long height) implements Command {
    }

    private record Replayed(long height, CertifiedBlock block) implements Command {
    }

    private record ReplayFailed(long height, String reason) implements Command {
    }

    private record Stored(long height, ByteString blockHash, String failure) implements Command {
    }

    private final LedgerContext shared;
    private final LedgerState state;
    private final BlockExecutor executor;
    private final BlockStoreClient store;
    private final ProtoCodec codec;
    private final Function<Long, Behavior<ReplicaActor.Command>> replicaFactory;
    private long recoverTo;

    static Behavior<Command> create(LedgerContext shared, LedgerState state, BlockExecutor executor, BlockStoreClient store,
                                    ProtoCodec codec, Function<Long, Behavior<ReplicaActor.Command>> replicaFactory) {
        return Behaviors.setup(context -> new LedgerActor(context, shared, state, executor, store, codec, replicaFactory));
    }

    private LedgerActor(ActorContext<Command> context, LedgerContext shared, LedgerState state, BlockExecutor executor,
                        BlockStoreClient store, ProtoCodec codec, Function<Long, Behavior<ReplicaActor.Command>> replicaFactory) {
        super(context);
        this.shared = shared;
        this.state = state;
        this.executor = executor;
        this.store = store;
        this.codec = codec;
        this.replicaFactory = replicaFactory;
        state.accounts().forEach((address, value) -> shared.application().nonceAdvanced(address.bytes(), value.nextNonce()));
        context.pipeToSelf(store.tip(), (tip, failure) -> failure != null
                ? new ReplayFailed(0, "block store unavailable: " + failure.getMessage())
                : new Recovered(tip.height()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Recovered.class, this::onRecovered)
                .onMessage(Replayed.class, this::onReplayed)
                .onMessage(ReplayFailed.class, this::onReplayFailed)
                .onMessage(Execute.class, this::onExecute)
                .onMessage(Stored.class, this::onStored)
                .onMessage(CheckpointStable.class, this::onCheckpointStable)
                .onMessage(GetAccount.class, this::onGetAccount)
                .build();
    }

    // ------------------------------------------------------------------ start: rebuild from the block store

    private Behavior<Command> onRecovered(Recovered recovered) {
        recoverTo = recovered.height();
        LOG.info("rebuilding the ledger from {} stored blocks", recoverTo);
        replayNext();
        return this;
    }

    private void replayNext() {
        long next = state.height() + 1;
        if (next > recoverTo) {
            startReplica();
            return;
        }
        getContext().pipeToSelf(store.block(next), (lookup, failure) -> {
            if (lookup instanceof BlockStore.Found found) {
                return new Replayed(next, found.block());
            }
            return new ReplayFailed(next, failure != null ? failure.getMessage() : String.valueOf(lookup));
        });
    }

    private Behavior<Command> onReplayed(Replayed replayed) {
        Block stored = replayed.block().getBlock();
        ExecutedBlock executed = executeAndIndex(proposalOf(stored), replayed.block());
        if (!executed.blockHash().equals(shared.hashes().blockHash(stored.getHeader()))) {
            throw new IllegalStateException("re-executing stored block " + replayed.height()
                    + " gave a different block hash: the data directory is corrupt or from another network");
        }
        publish(replayed.block());
        replayNext();
        return this;
    }

    private Behavior<Command> onReplayFailed(ReplayFailed failed) {
        throw new IllegalStateException("cannot rebuild the ledger at height " + failed.height() + ": " + failed.reason());
    }

    private void startReplica() {
        long height = state.height();
        shared.ready().set(true);
        ActorRef<ReplicaActor.Command> replica = getContext().spawn(replicaFactory.apply(height), "replica");
        shared.replica().set(replica);
        LOG.info("ledger at height {} ({} accounts); replica started", height, state.accounts().size());
    }

    // ------------------------------------------------------------------ normal operation

    private Behavior<Command> onExecute(Execute command) {
        CommittedBlock committed = command.block();
        if (committed.height() <= state.height()) {
            return this; // already executed before a restart; the replica learns it from Executed below
        }
        Proposal proposal = codec.toProto(committed.proposal());
        CertifiedBlock.Builder certified = CertifiedBlock.newBuilder()
                .setCommitCertificate(codec.toProto(committed.certificate()));
        ExecutedBlock executed = executeAndIndex(proposal, null);
        CertifiedBlock block = certified.setBlock(executed.block()).build();
        long height = executed.header().getHeight();
        ByteString hash = executed.blockHash();
        getContext().pipeToSelf(store.append(block), (result, failure) -> {
            if (result instanceof BlockStore.Appended) {
                return new Stored(height, hash, null);
            }
            return new Stored(height, hash, failure != null ? failure.getMessage() : String.valueOf(result));
        });
        publish(block);
        return this;
    }

    private Behavior<Command> onStored(Stored stored) {
        if (stored.failure() != null) {
            throw new IllegalStateException("block " + stored.height() + " could not be stored: " + stored.failure());
        }
        ActorRef<ReplicaActor.Command> replica = shared.replica().get();
        if (replica != null) {
            replica.tell(new ReplicaActor.Executed(stored.height(), Bytes.wrap(stored.blockHash().toByteArray())));
        }
        return this;
    }

    private Behavior<Command> onCheckpointStable(CheckpointStable command) {
        shared.checkpoints().put(command.certificate().height(), codec.toProto(command.certificate()));
        return this;
    }

    private Behavior<Command> onGetAccount(GetAccount query) {
        if (!Address.isAddressBytes(query.address())) {
            query.replyTo().tell(Optional.empty());
            return this;
        }
        Address address = new Address(query.address());
        AccountValue value = state.account(address);
        Optional<io.yantar.proto.AccountProof> proof = state.accountProof(address);
        BlockHeader header = shared.lastHeader().get();
        query.replyTo().tell(proof.map(p -> new AccountView(query.address(), value.balanceKopecks(), value.nextNonce(), p, header)));
        return this;
    }

    // ------------------------------------------------------------------ helpers

    private ExecutedBlock executeAndIndex(Proposal proposal, CertifiedBlock storedOrNull) {
        ExecutedBlock executed = executor.execute(state, proposal);
        Block block = executed.block();
        long height = executed.header().getHeight();
        for (int index = 0; index < block.getReceiptsCount(); index++) {
            Receipt receipt = block.getReceipts(index);
            shared.transactions().committed(receipt.getTxId(), height, receipt);
            senderOf(block.getTransactions(index)).ifPresent(address ->
                    shared.application().nonceAdvanced(address.bytes(), state.account(address).nextNonce()));
        }
        shared.lastHeader().set(executed.header());
        return executed;
    }

    private Optional<Address> senderOf(ByteString payload) {
        try {
            Transaction transaction = Transaction.parseFrom(SignedTransaction.parseFrom(payload).getTransaction());
            return Optional.of(Address.ofPublicKey(state.suite(), transaction.getSenderPublicKey()));
        } catch (com.google.protobuf.InvalidProtocolBufferException malformed) {
            return Optional.empty();
        }
    }

    private void publish(CertifiedBlock block) {
        long height = block.getBlock().getHeader().getHeight();
        shared.tip().set(new io.yantar.node.LedgerQueries.Tip(height, shared.hashes().blockHash(block.getBlock().getHeader()),
                block.getBlock().getHeader().getTimestampMillis()));
        shared.publish(new BlockView(block, Optional.ofNullable(shared.checkpoints().get(height))));
    }

    /** The proposal a stored block was executed from: every field of it is in the block. */
    static Proposal proposalOf(Block block) {
        BlockHeader header = block.getHeader();
        return Proposal.newBuilder()
                .setHeight(header.getHeight())
                .setView(header.getView())
                .setProposer(header.getProposer())
                .setTimestampMillis(header.getTimestampMillis())
                .setNullBlock(header.getNullBlock())
                .addAllPayloads(block.getTransactionsList())
                .build();
    }
}
