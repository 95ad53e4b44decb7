package io.yantar.ledger.tx;

import static io.yantar.ledger.TestNetwork.address;
import static io.yantar.ledger.TestNetwork.base;
import static io.yantar.ledger.TestNetwork.line;
import static io.yantar.ledger.TestNetwork.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.TestChain;
import io.yantar.ledger.TestNetwork;
import io.yantar.ledger.account.Address;
import io.yantar.proto.Governance;
import io.yantar.proto.Issue;
import io.yantar.proto.Payment;
import io.yantar.proto.Receipt;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import io.yantar.proto.Transfer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every reason code, with an input that triggers it. The switch is exhaustive over the enum,
 * so a new code does not compile until it has its triggering input here.
 */
class ReasonCodeTest {
    private final TestNetwork network = new TestNetwork();
    private final StatelessValidator validator =
            new StatelessValidator(TestNetwork.SUITE, TestNetwork.CHAIN_ID, LedgerLimits.DEFAULTS);
    private final SigningKey alice = network.citizens.get(0);
    private final Address bob = address(network.citizens.get(1));
    private Validation lastValidation;

    @ParameterizedTest
    @EnumSource(ReasonCode.class)
    void everyReasonCodeHasATriggeringInput(ReasonCode code) throws IOException {
        Receipt receipt = switch (code) {
            case TX_TOO_LARGE -> executeAlone(transferWithMemo("x".repeat(70 * 1024)));
            case MALFORMED -> executeAlone(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}));
            case UNKNOWN_FIELDS -> executeAlone(signRaw(alice, withUnknownField(transferTx(alice, 0, 100))));
            case NON_CANONICAL_ENCODING -> executeAlone(signRaw(alice, withNonceLast(transferTx(alice, 0, 100))));
            case MISSING_KIND -> executeAlone(sign(alice, base(alice, 0).build()));
            case WRONG_CHAIN_ID -> executeAlone(sign(alice, transferTx(alice, 0, 100).toBuilder().setChainId("other").build()));
            case MEMO_TOO_LONG -> executeAlone(transferWithMemo("m".repeat(257)));
            case BAD_PUBLIC_KEY -> executeAlone(badKeyTransfer());
            case BAD_SIGNATURE -> executeAlone(ByteString.copyFrom(Canonical.bytes(SignedTransaction.newBuilder()
                    .setTransaction(ByteString.copyFrom(Canonical.bytes(transferTx(alice, 0, 100))))
                    .setSignature(ByteString.copyFrom(network.citizens.get(2).sign(SignatureDomain.TRANSACTION,
                            Canonical.bytes(transferTx(alice, 0, 100)))))
                    .build())));
            case INVALID_ADDRESS -> executeAlone(sign(alice, base(alice, 0).setTransfer(Transfer.newBuilder()
                    .setRecipient(ByteString.copyFrom(new byte[19])).setAmountKopecks(100)).build()));
            case NON_POSITIVE_AMOUNT -> executeAlone(TestNetwork.transfer(alice, 0, bob, 0));
            case AMOUNT_OVERFLOW -> executeAlone(TestNetwork.disburse(network.treasury, 0, "child-allowance-2026-11",
                    List.of(line(bob, Long.MAX_VALUE), line(address(alice), Long.MAX_VALUE))));
            case EMPTY_DISBURSEMENT -> executeAlone(TestNetwork.disburse(network.treasury, 0, "child-allowance-2026-11", List.of()));
            case TOO_MANY_LINES -> executeAlone(TestNetwork.disburse(network.treasury, 0, "child-allowance-2026-11",
                    linesTo(LedgerLimits.DEFAULTS.disbursementLinesMax() + 1)));
            case DUPLICATE_BENEFICIARY -> executeAlone(TestNetwork.disburse(network.treasury, 0, "child-allowance-2026-11",
                    List.of(line(bob, 100), line(bob, 200))));
            case INVALID_PROGRAM_ID -> executeAlone(TestNetwork.disburse(network.treasury, 0, "Child Allowance",
                    List.of(line(bob, 100))));
            case INVALID_BUDGET_LINE -> executeAlone(sign(network.treasury, base(network.treasury, 0)
                    .setIssue(Issue.newBuilder().setAmountKopecks(100)).build()));
            case INVALID_GOVERNANCE -> executeAlone(TestNetwork.governance(network.admins.get(0), 0,
                    Governance.getDefaultInstance()));
            case NONCE_REPLAYED -> executeTwice(TestNetwork.transfer(alice, 0, bob, 100));
            case NONCE_AHEAD -> executeAlone(TestNetwork.transfer(alice, 5, bob, 100));
            case INSUFFICIENT_FUNDS -> executeAlone(TestNetwork.transfer(alice, 0, bob, TestNetwork.CITIZEN_OPENING_KOPECKS + 1));
            case ALREADY_PAID_IN_PROGRAM -> executeTwice(
                    TestNetwork.disburse(network.treasury, 0, "child-allowance-2026-11", List.of(line(bob, 100))),
                    TestNetwork.disburse(network.treasury, 1, "child-allowance-2026-11", List.of(line(address(alice), 5), line(bob, 100))));
            case NOT_ISSUER -> executeAlone(TestNetwork.issue(alice, 0, 100));
            case NOT_ADMIN -> executeAlone(TestNetwork.governance(alice, 0, Governance.newBuilder().setSetAdminThreshold(1).build()));
            case SUPPLY_OVERFLOW -> executeAlone(TestNetwork.issue(network.treasury, 0, Long.MAX_VALUE));
            case UNKNOWN_PROPOSAL -> executeAlone(TestNetwork.governance(network.admins.get(0), 0,
                    Governance.newBuilder().setApprove(ByteString.copyFrom(new byte[32])).build()));
            case DUPLICATE_APPROVAL -> duplicateApproval();
            case TOO_MANY_PENDING_PROPOSALS -> tooManyPendingProposals();
            case INVALID_ADMIN_THRESHOLD -> executeAlone(TestNetwork.governance(network.admins.get(0), 0,
                    Governance.newBuilder().setSetAdminThreshold(4).build()));
            case DUPLICATE_VALIDATOR -> executeAlone(TestNetwork.governance(network.admins.get(0), 0, Governance.newBuilder()
                    .setAddValidator(network.genesis.getValidators().getValidators(1).toBuilder()
                            .setPublicKey(TestNetwork.publicKey(TestNetwork.key("validator-4")))).build()));
            case UNKNOWN_VALIDATOR -> executeAlone(TestNetwork.governance(network.admins.get(0), 0,
                    Governance.newBuilder().setRemoveValidator("node-9").build()));
            case TOO_FEW_VALIDATORS -> executeAlone(TestNetwork.governance(network.admins.get(0), 0,
                    Governance.newBuilder().setRemoveValidator("node-3").build()));
            case QUORUM_UNREACHABLE -> twoKeysReplacedAtOneBoundary();
        };
        assertFalse(receipt.getSuccess());
        assertEquals(code.name(), receipt.getReasonCode(), receipt.getDetail());
        assertFalse(receipt.getDetail().isEmpty());
        // Stateless codes are decided by the validator alone, before any block; stateful ones pass it.
        if (code.stage() == ReasonCode.Stage.STATELESS) {
            Validation.Invalid invalid = assertInstanceOf(Validation.Invalid.class, lastValidation);
            assertEquals(code, invalid.reason());
        } else {
            assertInstanceOf(Validation.Valid.class, lastValidation);
        }
    }

    private Receipt executeAlone(ByteString payload) {
        TestChain chain = new TestChain(network);
        lastValidation = validator.validate(payload);
        return chain.execute(payload).receipts().get(0);
    }

    private Receipt executeTwice(ByteString payload) {
        return executeTwice(payload, payload);
    }

    private Receipt executeTwice(ByteString first, ByteString second) {
        TestChain chain = new TestChain(network);
        assertTrue(chain.execute(first).receipts().get(0).getSuccess());
        lastValidation = validator.validate(second);
        return chain.execute(second).receipts().get(0);
    }

    /** Two of four keys replaced for the same epoch: the two carried over are no quorum of four. */
    private Receipt twoKeysReplacedAtOneBoundary() {
        TestChain chain = new TestChain(network);
        SigningKey proposer = network.admins.get(0);
        SigningKey approver = network.admins.get(1);
        ByteString first = TestNetwork.governance(proposer, 0, replaceKey("node-0", "validator-0b"));
        ByteString second = TestNetwork.governance(proposer, 1, replaceKey("node-1", "validator-1b"));
        chain.execute(first, second);
        ByteString secondApproval = TestNetwork.governance(approver, 1,
                Governance.newBuilder().setApprove(validator.txId(second)).build());
        List<Receipt> receipts = chain.execute(TestNetwork.governance(approver, 0,
                Governance.newBuilder().setApprove(validator.txId(first)).build()), secondApproval).receipts();
        assertTrue(receipts.get(0).getSuccess(), receipts.get(0).getDetail());
        lastValidation = validator.validate(secondApproval);
        return receipts.get(1);
    }

    private static Governance replaceKey(String nodeId, String keyName) {
        return Governance.newBuilder().setReplaceValidatorKey(io.yantar.proto.ReplaceValidatorKey.newBuilder()
                .setNodeId(nodeId).setNewPublicKey(TestNetwork.publicKey(TestNetwork.key(keyName)))
                .setHost("10.0.0.9").setClusterPort(25529).setHttpPort(8089)).build();
    }

    private Receipt duplicateApproval() {
        TestChain chain = new TestChain(network);
        SigningKey admin = network.admins.get(0);
        ByteString proposal = TestNetwork.governance(admin, 0, Governance.newBuilder().setSetAdminThreshold(3).build());
        assertTrue(chain.execute(proposal).receipts().get(0).getSuccess());
        ByteString approval = TestNetwork.governance(admin, 1,
                Governance.newBuilder().setApprove(validator.txId(proposal)).build());
        lastValidation = validator.validate(approval);
        return chain.execute(approval).receipts().get(0);
    }

    private Receipt tooManyPendingProposals() {
        TestChain chain = new TestChain(network);
        SigningKey admin = network.admins.get(0);
        List<ByteString> proposals = new ArrayList<>();
        for (int i = 0; i <= LedgerLimits.DEFAULTS.pendingProposalsMax(); i++) {
            proposals.add(TestNetwork.governance(admin, i, Governance.newBuilder().setSetAdminThreshold(1 + i % 3).build()));
        }
        lastValidation = validator.validate(proposals.get(proposals.size() - 1));
        List<Receipt> receipts = chain.execute(chain.nextProposal(proposals)).receipts();
        assertTrue(receipts.subList(0, receipts.size() - 1).stream().allMatch(Receipt::getSuccess));
        return receipts.get(receipts.size() - 1);
    }

    private Transaction transferTx(SigningKey sender, long nonce, long kopecks) {
        return base(sender, nonce).setTransfer(Transfer.newBuilder().setRecipient(bob.bytes()).setAmountKopecks(kopecks)).build();
    }

    private ByteString transferWithMemo(String memo) {
        return sign(alice, transferTx(alice, 0, 100).toBuilder().setMemo(memo).build());
    }

    private ByteString badKeyTransfer() {
        Transaction tx = transferTx(alice, 0, 100).toBuilder()
                .setSenderPublicKey(ByteString.copyFrom(new byte[31])).build();
        return sign(alice, tx);
    }

    private List<Payment> linesTo(int count) {
        List<Payment> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] raw = new byte[Address.LENGTH];
            raw[0] = (byte) (i >>> 16);
            raw[1] = (byte) (i >>> 8);
            raw[2] = (byte) i;
            lines.add(Payment.newBuilder().setBeneficiary(ByteString.copyFrom(raw)).setAmountKopecks(1).build());
        }
        return lines;
    }

    /** The canonical bytes followed by field 99 (a varint), which the schema does not know. */
    private static byte[] withUnknownField(Transaction tx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Canonical.bytes(tx));
        CodedOutputStream extra = CodedOutputStream.newInstance(out);
        extra.writeUInt64(99, 7);
        extra.flush();
        return out.toByteArray();
    }

    /** The same transaction, with the nonce written after the transfer: valid protobuf, not canonical. */
    private static byte[] withNonceLast(Transaction tx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Canonical.bytes(tx.toBuilder().clearNonce().build()));
        CodedOutputStream extra = CodedOutputStream.newInstance(out);
        extra.writeUInt64(3, tx.getNonce());
        extra.flush();
        return out.toByteArray();
    }

    private static ByteString signRaw(SigningKey sender, byte[] body) {
        return ByteString.copyFrom(Canonical.bytes(SignedTransaction.newBuilder()
                .setTransaction(ByteString.copyFrom(body))
                .setSignature(ByteString.copyFrom(sender.sign(SignatureDomain.TRANSACTION, body)))
                .build()));
    }
}
