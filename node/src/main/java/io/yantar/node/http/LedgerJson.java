package io.yantar.node.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.Hex;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.ledger.account.Money;
import io.yantar.ledger.block.BlockHashes;
import io.yantar.node.LedgerQueries.AccountView;
import io.yantar.node.LedgerQueries.BlockView;
import io.yantar.node.LedgerQueries.TransactionView;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CheckpointCertificate;
import io.yantar.proto.Payment;
import io.yantar.proto.Receipt;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON the API answers with, built from ledger protobufs. Hashes and ids are lower-case
 * hex, addresses are in the ledger's text form, money is text ({@code 1234.56}) beside its
 * kopecks. Certificates and proofs are protobuf's JSON mapping (bytes as base64), which is
 * what a verifier parses back.
 */
final class LedgerJson {
    private final CryptoSuite suite;
    private final AddressCodec addresses;
    private final BlockHashes hashes;

    LedgerJson(CryptoSuite suite) {
        this.suite = suite;
        this.addresses = new AddressCodec(suite);
        this.hashes = new BlockHashes(suite);
    }

    AddressCodec addresses() {
        return addresses;
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ReceiptJson(String txId, long height, int index, boolean success, String reasonCode, String detail) {
    }

    record TransactionStatusJson(String id, String status, Long height, ReceiptJson receipt) {
    }

    record HeaderJson(String chainId, long height, String hash, String prevBlockHash, String txRoot, String receiptsRoot,
                      String stateRoot, long timestampMillis, int proposer, long view, long epoch, String proposalDigest,
                      boolean nullBlock) {
    }

    record BlockTransactionJson(String id, int index, String kind, String sender, long nonce, String memo,
                                Map<String, Object> content, ReceiptJson receipt) {
    }

    record BlockJson(long height, String hash, HeaderJson header, List<BlockTransactionJson> transactions,
                     JsonNode commitCertificate, JsonNode checkpointCertificate) {
    }

    /** A block without its certificates: what an event carries. */
    record BlockSummaryJson(long height, String hash, long timestampMillis, List<BlockTransactionJson> transactions) {
    }

    record AccountJson(String address, boolean exists, String balance, long balanceKopecks, long nonce, long height,
                       HeaderJson header, JsonNode proof, JsonNode checkpointCertificate) {
    }

    ReceiptJson receipt(Receipt receipt) {
        return new ReceiptJson(hex(receipt.getTxId()), receipt.getHeight(), receipt.getIndex(), receipt.getSuccess(),
                receipt.getReasonCode(), receipt.getDetail());
    }

    TransactionStatusJson transaction(TransactionView view) {
        String status = view.status().name().toLowerCase(Locale.ROOT);
        return new TransactionStatusJson(hex(view.txId()), status,
                view.receipt().map(r -> r.getHeight()).orElse(null), view.receipt().map(this::receipt).orElse(null));
    }

    HeaderJson header(BlockHeader header) {
        return new HeaderJson(header.getChainId(), header.getHeight(), hex(hashes.blockHash(header)), hex(header.getPrevBlockHash()),
                hex(header.getTxRoot()), hex(header.getReceiptsRoot()), hex(header.getStateRoot()), header.getTimestampMillis(),
                header.getProposer(), header.getView(), header.getEpoch(), hex(header.getProposalDigest()), header.getNullBlock());
    }

    BlockJson block(BlockView view) {
        Block block = view.block().getBlock();
        return new BlockJson(view.height(), hex(hashes.blockHash(block.getHeader())), header(block.getHeader()), transactions(block),
                protoJson(view.block().getCommitCertificate()), view.checkpoint().map(LedgerJson::protoJson).orElse(null));
    }

    BlockSummaryJson blockSummary(BlockView view) {
        Block block = view.block().getBlock();
        return new BlockSummaryJson(view.height(), hex(hashes.blockHash(block.getHeader())), block.getHeader().getTimestampMillis(),
                transactions(block));
    }

    private List<BlockTransactionJson> transactions(Block block) {
        List<BlockTransactionJson> transactions = new ArrayList<>(block.getTransactionsCount());
        for (int index = 0; index < block.getTransactionsCount(); index++) {
            Receipt receipt = index < block.getReceiptsCount() ? block.getReceipts(index) : null;
            transactions.add(blockTransaction(index, block.getTransactions(index), receipt));
        }
        return transactions;
    }

    AccountJson account(String addressText, Optional<AccountView> view, BlockHeader stateHeader,
                        Optional<CheckpointCertificate> checkpoint) {
        if (view.isEmpty()) {
            return new AccountJson(addressText, false, Money.ZERO.toString(), 0, 0, stateHeader.getHeight(), header(stateHeader),
                    null, checkpoint.map(LedgerJson::protoJson).orElse(null));
        }
        AccountView account = view.get();
        return new AccountJson(addressText, true, Money.ofKopecks(account.balanceKopecks()).toString(), account.balanceKopecks(),
                account.nonce(), account.proofHeader().getHeight(), header(account.proofHeader()), protoJson(account.proof()),
                checkpoint.map(LedgerJson::protoJson).orElse(null));
    }

    private BlockTransactionJson blockTransaction(int index, ByteString payload, Receipt receipt) {
        String id = hex(ByteString.copyFrom(suite.hash(payload.toByteArray())));
        ReceiptJson receiptJson = receipt == null ? null : receipt(receipt);
        Transaction transaction;
        try {
            transaction = Transaction.parseFrom(SignedTransaction.parseFrom(payload).getTransaction());
        } catch (InvalidProtocolBufferException malformed) {
            return new BlockTransactionJson(id, index, "malformed", null, 0, null, Map.of(), receiptJson);
        }
        String sender = addresses.format(Address.ofPublicKey(suite, transaction.getSenderPublicKey()));
        String kind = transaction.getKindCase().name().toLowerCase(Locale.ROOT);
        return new BlockTransactionJson(id, index, kind, sender, transaction.getNonce(), transaction.getMemo(), content(transaction),
                receiptJson);
    }

    private Map<String, Object> content(Transaction transaction) {
        Map<String, Object> content = new LinkedHashMap<>();
        switch (transaction.getKindCase()) {
            case TRANSFER -> {
                content.put("to", addressOrHex(transaction.getTransfer().getRecipient()));
                content.put("amount", Money.ofKopecks(transaction.getTransfer().getAmountKopecks()).toString());
            }
            case ISSUE -> {
                content.put("amount", Money.ofKopecks(transaction.getIssue().getAmountKopecks()).toString());
                content.put("budgetLine", transaction.getIssue().getBudgetLine());
            }
            case DISBURSE -> {
                long total = 0;
                for (Payment line : transaction.getDisburse().getLinesList()) {
                    total = saturatingAdd(total, line.getAmountKopecks());
                }
                content.put("programId", transaction.getDisburse().getProgramId());
                content.put("lines", transaction.getDisburse().getLinesCount());
                content.put("total", Money.ofKopecks(total).toString());
            }
            case GOVERNANCE -> content.put("governance", protoJson(transaction.getGovernance()));
            default -> {
            }
        }
        return content;
    }

    private String addressOrHex(ByteString raw) {
        return Address.isAddressBytes(raw) ? addresses.format(new Address(raw)) : hex(raw);
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    static String hex(ByteString bytes) {
        return Hex.encode(bytes.toByteArray());
    }

    static JsonNode protoJson(MessageOrBuilder message) {
        try {
            return HttpResponses.json().readTree(JsonFormat.printer().omittingInsignificantWhitespace().print(message));
        } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a ledger message could not be printed as JSON", e);
        }
    }
}
