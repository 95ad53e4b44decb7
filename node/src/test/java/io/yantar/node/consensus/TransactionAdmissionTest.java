package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.protobuf.ByteString;
import io.yantar.consensus.replica.ReplicaActor;
import io.yantar.consensus.wire.ProtoCodec;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.block.ProposalDigests;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.node.TransactionSubmitter.Accepted;
import io.yantar.node.TransactionSubmitter.Refused;
import io.yantar.node.TransactionSubmitter.Submission;
import io.yantar.node.http.TestTransactions;
import io.yantar.node.metrics.MetricsRegistry;
import io.yantar.proto.Receipt;
import io.yantar.proto.SignedTransaction;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A batch of submissions reaches the replica as one message, whatever its refused items. */
class TransactionAdmissionTest {
    private static final String CHAIN = "admission-test";
    private static final ActorTestKit TESTKIT = ActorTestKit.create();
    private final CryptoSuite suite = CryptoSuites.ed25519();
    private final SecureRandom random = new SecureRandom(); // the outcome does not depend on which keys sign
    private final SigningKey alice = suite.generateKey(random);
    private final SigningKey bob = suite.generateKey(random);
    private final SigningKey carol = suite.generateKey(random);

    @AfterAll
    static void stop() {
        TESTKIT.shutdownTestKit();
    }

    @Test
    void aBatchIsHandedToTheReplicaAsOneMessage() {
        TestProbe<ReplicaActor.Command> replica = TESTKIT.createTestProbe();
        TransactionAdmission admission = admission(replica);
        SignedTransaction forged = TestTransactions.transfer(carol, "another-chain", 0, TestTransactions.address(alice), 1);

        List<Submission> results = admission.submitAll(List.of(
                transfer(alice, 0), transfer(bob, 0), forged, transfer(alice, 1), transfer(bob, 2))).toCompletableFuture().join();

        assertEquals(5, results.size());
        assertInstanceOf(Accepted.class, results.get(0));
        assertInstanceOf(Accepted.class, results.get(1));
        assertInstanceOf(Refused.class, results.get(2), "a transaction for another chain is refused in its place");
        assertInstanceOf(Accepted.class, results.get(3), "alice's next nonce follows her nonce 0");
        assertInstanceOf(Accepted.class, results.get(4), "bob's nonce 2 is accepted and waits in the nonce gate for nonce 1");
        ReplicaActor.ClientRequests requests = replica.expectMessageClass(ReplicaActor.ClientRequests.class);
        assertEquals(3, requests.payloads().size(), "alice's nonces 0 and 1 and bob's nonce 0, in one message");
        replica.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void oneSubmissionIsOneMessage() {
        TestProbe<ReplicaActor.Command> replica = TESTKIT.createTestProbe();
        Submission result = admission(replica).submit(transfer(bob, 0)).toCompletableFuture().join();

        assertInstanceOf(Accepted.class, result);
        assertEquals(1, replica.expectMessageClass(ReplicaActor.ClientRequests.class).payloads().size());
    }

    @Test
    void aPaymentCommittedLongAgoAndResentAnswersCommittedNeverASecondPayment() {
        TestProbe<ReplicaActor.Command> replica = TESTKIT.createTestProbe();
        TransactionIndex index = new TransactionIndex(1_000, 1_000, 1, new MapTransactionLocations(), millis -> { });
        CachingPayloadValidator validator = validator();
        NonceGate gate = new NonceGate(64, TransactionAdmission.NONCE_GAP_MAX);
        LedgerApplication ledger = ledger(validator, gate);
        TransactionAdmission admission = new TransactionAdmission(validator, ledger, gate, index,
                new AtomicReference<>(replica.ref()), new MetricsRegistry(), 1_000);
        SignedTransaction payment = transfer(alice, 0);
        Accepted first = (Accepted) admission.submit(payment).toCompletableFuture().join();
        replica.expectMessageClass(ReplicaActor.ClientRequests.class);

        ByteString id = ByteString.copyFrom(io.yantar.crypto.Hex.decode(first.transactionId()));
        index.committedBlock(1, List.of(Receipt.newBuilder().setTxId(id).setHeight(1).setSuccess(true).build()));
        index.committedBlock(2, List.of(Receipt.newBuilder().setTxId(ByteString.copyFromUtf8("later")).setHeight(2).setSuccess(true).build()));
        ledger.nonceAdvanced(TestTransactions.address(alice).bytes(), 1);

        Submission again = admission.submit(payment).toCompletableFuture().join();
        assertEquals(new Accepted(first.transactionId(), "committed"), again, "its receipt left memory; the index still knows it");
        replica.expectNoMessage(Duration.ofMillis(200));
        Submission other = admission.submit(TestTransactions.transfer(alice, CHAIN, 0, TestTransactions.address(bob), 5))
                .toCompletableFuture().join();
        assertEquals("NONCE_REPLAYED", ((Refused) other).reasonCode(), "another payment with a used nonce is still refused");
    }

    private TransactionAdmission admission(TestProbe<ReplicaActor.Command> replica) {
        CachingPayloadValidator validator = validator();
        NonceGate gate = new NonceGate(64, TransactionAdmission.NONCE_GAP_MAX);
        return new TransactionAdmission(validator, ledger(validator, gate), gate,
                new TransactionIndex(1_000, 1_000, 1_000, new MapTransactionLocations(), millis -> { }),
                new AtomicReference<>(replica.ref()), new MetricsRegistry(), 1_000);
    }

    private CachingPayloadValidator validator() {
        return new CachingPayloadValidator(new StatelessValidator(suite, CHAIN, LedgerLimits.DEFAULTS), 100, () -> { });
    }

    private LedgerApplication ledger(CachingPayloadValidator validator, NonceGate gate) {
        return new LedgerApplication(validator, new ProposalDigests(suite, CHAIN), new ProtoCodec(CHAIN), gate);
    }

    private SignedTransaction transfer(SigningKey sender, long nonce) {
        return TestTransactions.transfer(sender, CHAIN, nonce, TestTransactions.address(carol), 100);
    }
}
