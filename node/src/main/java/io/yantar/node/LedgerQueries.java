package io.yantar.node;

import com.google.protobuf.ByteString;
import io.yantar.proto.AccountProof;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CheckpointCertificate;
import io.yantar.proto.CertifiedBlock;
import io.yantar.proto.Receipt;
import io.yantar.proto.ReceiptBundle;
import io.yantar.proto.ValidatorSet;
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

    /** The validator set in force at {@code height}. */
    ValidatorSet validatorsAt(long height);

    /** Called on every block this node commits and executes, in height order, on the caller's thread of choice. */
    Subscription subscribe(Consumer<BlockView> listener);

    record Tip(long height, ByteString blockHash, long timestampMillis) {
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
