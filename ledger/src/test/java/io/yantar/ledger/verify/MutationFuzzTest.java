package io.yantar.ledger.verify;

import static io.yantar.ledger.TestNetwork.address;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.TestCertificates;
import io.yantar.ledger.TestChain;
import io.yantar.ledger.TestNetwork;
import io.yantar.ledger.block.Proofs;
import io.yantar.ledger.state.ExecutedBlock;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.ledger.tx.Validation;
import io.yantar.proto.ReceiptBundle;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Untrusted bytes never make the validator or the verifier throw, and no single flipped bit
 * turns a valid receipt bundle into another accepted one. Seeded: the seed is in every message.
 */
class MutationFuzzTest {
    private static final int MUTATIONS = 400;

    private final TestNetwork network = new TestNetwork();
    private final StatelessValidator validator =
            new StatelessValidator(TestNetwork.SUITE, TestNetwork.CHAIN_ID, LedgerLimits.DEFAULTS);
    private final ReceiptVerifier verifier = new ReceiptVerifier(network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS);

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 3})
    void mutatedTransactionsAreRefusedWithAReasonNeverAnException(long seed) {
        Random random = new Random(seed);
        ByteString valid = TestNetwork.disburse(network.treasury, 3, "child-allowance-2026-11",
                List.of(TestNetwork.line(address(network.citizens.get(0)), 100), TestNetwork.line(address(network.citizens.get(1)), 200)));
        for (int i = 0; i < MUTATIONS; i++) {
            ByteString mutated = mutate(valid, random);
            Validation verdict = validator.validate(mutated);
            assertNotNull(verdict.txId());
            if (!mutated.equals(valid)) {
                Validation.Invalid invalid = assertInstanceOf(Validation.Invalid.class, verdict,
                        "seed=" + seed + " mutation " + i + " was accepted");
                assertFalse(invalid.detail().isEmpty());
            }
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {4, 5})
    void mutatedReceiptBundlesAreRefusedNeverAnException(long seed) {
        TestChain chain = new TestChain(network);
        ExecutedBlock block = chain.execute(
                TestNetwork.transfer(network.citizens.get(0), 0, address(network.citizens.get(1)), 10),
                TestNetwork.transfer(network.citizens.get(2), 0, address(network.citizens.get(3)), 20));
        ReceiptBundle bundle = new Proofs(TestNetwork.SUITE).receiptBundle(block.block(), 1,
                TestCertificates.commit(network, block.header(), 0, List.of(0, 1, 2)),
                TestCertificates.checkpoint(network, 1, block.blockHash(), List.of(1, 2, 3)), List.of());
        ByteString valid = bundle.toByteString();
        Random random = new Random(seed);
        for (int i = 0; i < MUTATIONS; i++) {
            ReceiptBundle mutated;
            try {
                mutated = ReceiptBundle.parseFrom(mutate(valid, random));
            } catch (InvalidProtocolBufferException unparseable) {
                continue;
            }
            Verdict verdict = verifier.verify(mutated);
            if (!mutated.equals(bundle)) {
                assertInstanceOf(Verdict.Refused.class, verdict, "seed=" + seed + " mutation " + i + " was accepted");
            }
        }
    }

    /** Flips one bit, or truncates, or appends a byte. */
    private static ByteString mutate(ByteString bytes, Random random) {
        byte[] copy = bytes.toByteArray();
        switch (random.nextInt(6)) {
            case 0:
                return ByteString.copyFrom(copy, 0, random.nextInt(copy.length));
            case 1:
                return bytes.concat(ByteString.copyFrom(new byte[] {(byte) random.nextInt(256)}));
            default:
                int position = random.nextInt(copy.length);
                copy[position] ^= (byte) (1 << random.nextInt(8));
                return ByteString.copyFrom(copy);
        }
    }
}
