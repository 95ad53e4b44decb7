package io.yantar.node.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.account.AccountValue;
import io.yantar.ledger.state.BlockExecutor;
import io.yantar.ledger.state.ExecutedBlock;
import io.yantar.ledger.state.LedgerState;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.proto.Proposal;

/**
 * What a Byzantine primary can make every replica execute: a proposal of arbitrary payloads on
 * the genesis state. Execution never throws, gives one receipt per payload, and money is
 * conserved (the sum of balances equals the total issued).
 */
class ProposalExecutionFuzzTest {
    private static final int PAYLOADS_MAX = 6;
    private static final FuzzNetwork NETWORK = FuzzNetwork.get();
    private static final BlockExecutor EXECUTOR = new BlockExecutor(FuzzNetwork.SUITE, NETWORK.chainId(),
            new StatelessValidator(FuzzNetwork.SUITE, NETWORK.chainId(), LedgerLimits.DEFAULTS));

    @FuzzTest(maxDuration = "5s")
    void anyProposalExecutesAndConservesMoney(FuzzedDataProvider data) {
        LedgerState state = NETWORK.freshGenesis().state();
        Proposal.Builder proposal = Proposal.newBuilder().setHeight(state.height() + 1).setView(data.consumeLong(0, 3))
                .setProposer(data.consumeInt(0, 3)).setTimestampMillis(data.consumeLong()).setNullBlock(data.consumeBoolean());
        int payloads = data.consumeInt(0, PAYLOADS_MAX);
        for (int i = 0; i < payloads; i++) {
            proposal.addPayloads(FuzzedTransactions.payload(data, NETWORK));
        }
        ExecutedBlock executed = EXECUTOR.execute(state, proposal.build());
        assertEquals(payloads, executed.receipts().size());
        long balances = state.accounts().values().stream().mapToLong(AccountValue::balanceKopecks).sum();
        assertEquals(state.totalIssuedKopecks(), balances, "money is conserved");
    }
}
