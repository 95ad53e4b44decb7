package io.yantar.ledger.state;

import static io.yantar.ledger.TestNetwork.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.TestChain;
import io.yantar.ledger.TestNetwork;
import io.yantar.ledger.account.AccountValue;
import io.yantar.ledger.account.Address;
import io.yantar.proto.Payment;
import io.yantar.proto.Proposal;
import io.yantar.proto.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties over random transaction streams, one seeded generator per case (the seed is in
 * the test name and in every failure message, so a failure replays exactly).
 */
class LedgerPropertiesTest {
    private static final int BLOCKS = 25;
    private static final int TXS_PER_BLOCK_MAX = 16;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 16).map(i -> i * 7919L);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void invariantsHoldAtEveryHeight(long seed) {
        TestNetwork network = new TestNetwork(6);
        TestChain ledger = new TestChain(network);
        TestChain twin = new TestChain(network);
        RandomStream stream = new RandomStream(new Random(seed), network, ledger.state);
        List<ByteString> accepted = new ArrayList<>();
        for (int block = 0; block < BLOCKS; block++) {
            List<ByteString> payloads = stream.nextBlock(accepted);
            Proposal proposal = ledger.nextProposal(payloads);
            ExecutedBlock executed = ledger.execute(proposal);
            ExecutedBlock twinExecuted = twin.execute(proposal);

            String context = "seed=" + seed + " height=" + executed.header().getHeight();
            assertEquals(executed.blockHash(), twinExecuted.blockHash(), context + ": two ledgers, same blocks, same hash");
            assertEquals(ledger.state.stateRoot(), twin.state.stateRoot(), context);
            assertEquals(ledger.state.totalIssuedKopecks(), sumOfBalances(ledger.state), context + ": issued = sum of balances");
            assertTrue(ledger.state.accounts().values().stream().allMatch(v -> v.balanceKopecks() >= 0), context);
            for (int i = 0; i < payloads.size(); i++) {
                Receipt receipt = executed.receipts().get(i);
                if (stream.isReplay(payloads.get(i))) {
                    assertFalse(receipt.getSuccess(), context + ": a replay of an accepted transaction failed");
                }
                if (receipt.getSuccess()) {
                    accepted.add(payloads.get(i));
                }
            }
        }
        ExecutedBlock replays = ledger.execute(ledger.nextProposal(accepted));
        assertTrue(replays.receipts().stream().noneMatch(Receipt::getSuccess), "seed=" + seed + ": replaying every accepted tx fails");
        assertTrue(accepted.size() > BLOCKS, "seed=" + seed + ": the stream exercises successful transactions");
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void aDisbursementPaysAllItsLinesOrNone(long seed) {
        Random random = new Random(seed);
        TestNetwork network = new TestNetwork(6);
        TestChain ledger = new TestChain(network);
        Address treasury = address(network.treasury);
        List<Address> paidBefore = new ArrayList<>();
        for (int run = 0; run < 8; run++) {
            List<Payment> lines = new ArrayList<>();
            int count = 1 + random.nextInt(40);
            for (int i = 0; i < count; i++) {
                lines.add(TestNetwork.line(randomAddress(random), 1 + random.nextInt(10_000_000)));
            }
            // Sometimes a beneficiary the program already paid: the whole run must then be refused.
            boolean repeatsABeneficiary = !paidBefore.isEmpty() && random.nextInt(3) == 0;
            if (repeatsABeneficiary) {
                lines.add(random.nextInt(lines.size() + 1),
                        TestNetwork.line(paidBefore.get(random.nextInt(paidBefore.size())), 1 + random.nextInt(1000)));
            }
            Map<Address, AccountValue> before = Map.copyOf(ledger.state.accounts());
            long nonce = ledger.state.account(treasury).nextNonce();
            Receipt receipt = ledger.execute(TestNetwork.disburse(network.treasury, nonce, "child-allowance-2026-11", lines))
                    .receipts().get(0);
            long total = lines.stream().mapToLong(Payment::getAmountKopecks).sum();
            String context = "seed=" + seed + " run=" + run;
            long treasuryBefore = before.get(treasury).balanceKopecks();
            assertEquals(receipt.getSuccess(), total <= treasuryBefore && !repeatsABeneficiary, context);
            if (receipt.getSuccess()) {
                lines.forEach(line -> paidBefore.add(new Address(line.getBeneficiary())));
            }
            for (Payment line : lines) {
                Address beneficiary = new Address(line.getBeneficiary());
                long was = before.getOrDefault(beneficiary, AccountValue.EMPTY).balanceKopecks();
                long expected = receipt.getSuccess() ? was + line.getAmountKopecks() : was;
                assertEquals(expected, ledger.state.account(beneficiary).balanceKopecks(), context);
            }
            assertEquals(receipt.getSuccess() ? treasuryBefore - total : treasuryBefore,
                    ledger.state.account(treasury).balanceKopecks(), context);
        }
    }

    private static long sumOfBalances(LedgerState state) {
        return state.accounts().values().stream().mapToLong(AccountValue::balanceKopecks).sum();
    }

    private static Address randomAddress(Random random) {
        byte[] raw = new byte[Address.LENGTH];
        random.nextBytes(raw);
        return new Address(ByteString.copyFrom(raw));
    }

    /** Mostly valid traffic with wrong nonces, overdrafts, unauthorised issues and replays mixed in. */
    private static final class RandomStream {
        private final Random random;
        private final TestNetwork network;
        private final LedgerState state;
        private final List<SigningKey> senders = new ArrayList<>();
        private final List<ByteString> replays = new ArrayList<>();

        RandomStream(Random random, TestNetwork network, LedgerState state) {
            this.random = random;
            this.network = network;
            this.state = state;
            senders.addAll(network.citizens);
            senders.add(network.treasury);
        }

        boolean isReplay(ByteString payload) {
            return replays.contains(payload);
        }

        List<ByteString> nextBlock(List<ByteString> accepted) {
            List<ByteString> payloads = new ArrayList<>();
            Map<Address, Long> nonces = new java.util.HashMap<>();
            int count = random.nextInt(TXS_PER_BLOCK_MAX + 1);
            for (int i = 0; i < count; i++) {
                if (!accepted.isEmpty() && random.nextInt(10) == 0) {
                    ByteString replay = accepted.get(random.nextInt(accepted.size()));
                    replays.add(replay);
                    payloads.add(replay);
                    continue;
                }
                SigningKey sender = senders.get(random.nextInt(senders.size()));
                Address from = address(sender);
                long nonce = nonces.getOrDefault(from, state.account(from).nextNonce());
                long usedNonce = random.nextInt(12) == 0 ? nonce + 1 + random.nextInt(3) : nonce;
                payloads.add(randomTransaction(sender, usedNonce));
                if (usedNonce == nonce) {
                    nonces.put(from, nonce + 1);
                }
            }
            return payloads;
        }

        private ByteString randomTransaction(SigningKey sender, long nonce) {
            int choice = random.nextInt(10);
            if (choice < 6) {
                Address to = random.nextBoolean()
                        ? address(network.citizens.get(random.nextInt(network.citizens.size())))
                        : randomAddress(random);
                long balance = state.account(address(sender)).balanceKopecks();
                long amount = random.nextInt(5) == 0 ? balance + 1 + random.nextInt(1000) : 1 + random.nextInt(200_000);
                return TestNetwork.transfer(sender, nonce, to, amount);
            }
            if (choice < 8) {
                return TestNetwork.issue(sender, nonce, 1 + random.nextInt(1_000_000));
            }
            List<Payment> lines = new ArrayList<>();
            int count = 1 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                lines.add(TestNetwork.line(randomAddress(random), 1 + random.nextInt(5_000_000)));
            }
            return TestNetwork.disburse(sender, nonce, "child-allowance-2026-11", lines);
        }
    }
}
