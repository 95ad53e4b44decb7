package io.yantar.ledger;

import com.google.protobuf.ByteString;
import io.yantar.ledger.state.BlockExecutor;
import io.yantar.ledger.state.ExecutedBlock;
import io.yantar.ledger.state.GenesisLoader;
import io.yantar.ledger.state.LedgerState;
import io.yantar.ledger.tx.PayloadValidator;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.proto.Proposal;
import java.util.ArrayList;
import java.util.List;

/** A ledger being fed proposals one height at a time, as a replica's executor would. */
public final class TestChain {
    public static final long BLOCK_INTERVAL_MILLIS = 1_000;

    public final TestNetwork network;
    public final LedgerState state;
    public final BlockExecutor executor;
    public final List<ExecutedBlock> blocks = new ArrayList<>();

    public TestChain(TestNetwork network) {
        this(network, new StatelessValidator(TestNetwork.SUITE, TestNetwork.CHAIN_ID, LedgerLimits.DEFAULTS));
    }

    public TestChain(TestNetwork network, LedgerLimits limits) {
        this.network = network;
        this.state = GenesisLoader.load(network.genesis, TestNetwork.SUITE, limits).orThrow().state();
        this.executor = new BlockExecutor(TestNetwork.SUITE, TestNetwork.CHAIN_ID,
                new StatelessValidator(TestNetwork.SUITE, TestNetwork.CHAIN_ID, limits));
    }

    public TestChain(TestNetwork network, PayloadValidator validator) {
        this.network = network;
        this.state = network.load().state();
        this.executor = new BlockExecutor(TestNetwork.SUITE, TestNetwork.CHAIN_ID, validator);
    }

    public Proposal nextProposal(List<ByteString> payloads) {
        return Proposal.newBuilder()
                .setHeight(state.height() + 1)
                .setView(0)
                .setProposer((int) (state.height() % 4))
                .setTimestampMillis(state.lastTimestampMillis() + BLOCK_INTERVAL_MILLIS)
                .addAllPayloads(payloads)
                .build();
    }

    public ExecutedBlock execute(ByteString... payloads) {
        return execute(nextProposal(List.of(payloads)));
    }

    public ExecutedBlock execute(Proposal proposal) {
        ExecutedBlock block = executor.execute(state, proposal);
        blocks.add(block);
        return block;
    }
}
