package io.yantar.node;

import com.google.protobuf.ByteString;
import io.yantar.proto.AccountProof;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CheckpointCertificate;
import io.yantar.proto.CertifiedBlock;
import io.yantar.proto.Receipt;
import io.yantar.proto.ReceiptBundle;
import io.yantar.ledger.epoch.EpochRules;
import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.proto.LedgerAuthorityState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What the HTTP API and the explorer read from this node's ledger. Implemented by the
 * replica plug-in (which executes committed blocks); every answer reflects blocks this node
 * has committed and executed.
 */
public interface LedgerQueries {

    /** Committed height and its block hash (empty at height 0 before block 1). */
    Tip tip();

    /** Balance, nonce and a proof against the state root of {@code proofHeader}; empty for an unknown address. */
    CompletionStage<Optional<AccountView>> account(ByteString address);

    /** Status of a transaction by id: pending (in the mempool), committed (with its receipt) or unknown. */
    CompletionStage<TransactionView> transaction(ByteString txId);

    /** Completes when the transaction commits, or with its current view after {@code timeout}. */
    CompletionStage<TransactionView> awaitCommit(ByteString txId, Duration timeout);

    /** A self-contained bundle an auditor verifies offline; empty while not committed or not yet checkpoint-certified. */
    CompletionStage<Optional<ReceiptBundle>> proof(ByteString txId);

    /** A committed block with its commit certificate and, once stable, its checkpoint certificate. */
    CompletionStage<Optional<BlockView>> block(long height);

    /** Roles, admin threshold, proposals and the validator set of every epoch, as of the executed tip. */
    CompletionStage<GovernanceView> governance();

    /** Called on every block this node commits and executes, in height order, on the caller's thread of choice. */
    Subscription subscribe(Consumer<BlockView> listener);

    record Tip(long height, ByteString blockHash, long timestampMillis) {
    }

    /**
     * @param height the executed height this view is of
     * @param authority roles, threshold, pending proposals and approved validator changes
     * @param validators the set of every epoch, the next one included once scheduled
     * @param rules when an approved validator change takes effect
     */
    record GovernanceView(long height, LedgerAuthorityState authority, ValidatorHistory validators, EpochRules rules) {
    }

    record AccountView(ByteString address, long balanceKopecks, long nonce, AccountProof proof, BlockHeader proofHeader) {
    }

    enum TransactionStatus { PENDING, COMMITTED, UNKNOWN }

    /** {@code receipt} and {@code height} are set once committed. */
    record TransactionView(ByteString txId, TransactionStatus status, Optional<Receipt> receipt, long height) {
    }

    record BlockView(CertifiedBlock block, Optional<CheckpointCertificate> checkpoint) {
        public long height() {
            return block.getBlock().getHeader().getHeight();
        }
    }

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
