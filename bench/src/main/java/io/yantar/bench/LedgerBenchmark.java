package io.yantar.bench;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.merkle.SparseMerkleTree;
import io.yantar.ledger.state.BlockExecutor;
import io.yantar.ledger.state.ExecutedBlock;
import io.yantar.ledger.state.GenesisLoader;
import io.yantar.ledger.state.LedgerState;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.ledger.tx.Validation;
import io.yantar.proto.Authority;
import io.yantar.proto.Disburse;
import io.yantar.proto.Genesis;
import io.yantar.proto.InitialBalance;
import io.yantar.proto.Payment;
import io.yantar.proto.Proposal;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import io.yantar.proto.Transfer;
import io.yantar.proto.ValidatorInfo;
import io.yantar.proto.ValidatorSet;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ledger's hot paths on one thread: stateless validation per second (signature
 * included), execution of a 1,000-transfer block and of one 10,000-line disbursement (state
 * root included, signatures excluded: the executor is given a validator whose suite accepts
 * every signature, as the node's cache of mempool verdicts would), and the state-root update
 * for 2,000 changed accounts. Target: a 1,000-transfer block in under 10 ms.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LedgerBenchmark {
    static final CryptoSuite SUITE = CryptoSuites.ed25519();
    static final String CHAIN_ID = "yantar-bench";
    static final int SENDERS = 1_000;

    /** A ledger of {@code accounts} accounts, 1,000 of them senders, and a treasury. */
    @State(Scope.Benchmark)
    public static class Ledger {
        @Param({"10000", "100000"})
        public int accounts;

        final Random random = new Random(2026);
        final List<ByteString> senderKeys = new ArrayList<>();
        final List<Address> addresses = new ArrayList<>();
        long[] nonces;
        long treasuryNonce;
        ByteString treasuryKey;
        LedgerState state;
        BlockExecutor executor;
        Proposal next;

        @Setup(Level.Trial)
        public void createLedger() {
            SigningKey treasury = key("treasury");
            treasuryKey = ByteString.copyFrom(treasury.publicKey());
            Genesis.Builder genesis = Genesis.newBuilder()
                    .setChainId(CHAIN_ID)
                    .setCryptoSuite(SUITE.id())
                    .setValidators(ValidatorSet.newBuilder().addValidators(ValidatorInfo.newBuilder()
                            .setNodeId("node-0").setPublicKey(ByteString.copyFrom(key("validator").publicKey()))))
                    .addAuthorities(Authority.newBuilder().setName("treasury").setRole("issuer").setPublicKey(treasuryKey))
                    .addAuthorities(Authority.newBuilder().setName("admin").setRole("admin")
                            .setPublicKey(ByteString.copyFrom(key("admin").publicKey())))
                    .setAdminThreshold(1)
                    .addBalances(balance(Address.ofPublicKey(SUITE, treasuryKey), 4_000_000_000_000_000L));
            for (int i = 0; i < SENDERS; i++) {
                ByteString publicKey = ByteString.copyFrom(key("sender-" + i).publicKey());
                senderKeys.add(publicKey);
                addresses.add(Address.ofPublicKey(SUITE, publicKey));
                genesis.addBalances(balance(addresses.get(i), 1_000_000_000_000L));
            }
            while (addresses.size() < accounts) {
                Address address = randomAddress(random);
                addresses.add(address);
                genesis.addBalances(balance(address, 1_000));
            }
            nonces = new long[SENDERS];
            state = GenesisLoader.load(genesis.build(), SUITE, LedgerLimits.DEFAULTS).orThrow().state();
            executor = new BlockExecutor(SUITE, CHAIN_ID,
                    new StatelessValidator(new SignaturesPreverified(SUITE), CHAIN_ID, LedgerLimits.DEFAULTS));
        }

        Proposal proposal(List<ByteString> payloads) {
            return Proposal.newBuilder()
                    .setHeight(state.height() + 1)
                    .setTimestampMillis(state.lastTimestampMillis() + 1_000)
                    .addAllPayloads(payloads)
                    .build();
        }
    }

    /** The next 1,000 transfers, from every sender once, to random accounts. */
    @State(Scope.Benchmark)
    public static class TransferBlock {
        @Setup(Level.Invocation)
        public void nextBlock(Ledger ledger) {
            List<ByteString> payloads = new ArrayList<>(SENDERS);
            for (int i = 0; i < SENDERS; i++) {
                Transaction tx = Transaction.newBuilder()
                        .setChainId(CHAIN_ID)
                        .setSenderPublicKey(ledger.senderKeys.get(i))
                        .setNonce(ledger.nonces[i]++)
                        .setTransfer(Transfer.newBuilder()
                                .setRecipient(ledger.addresses.get(ledger.random.nextInt(ledger.addresses.size())).bytes())
                                .setAmountKopecks(1 + ledger.random.nextInt(100_000)))
                        .build();
                payloads.add(unsigned(tx));
            }
            ledger.next = ledger.proposal(payloads);
        }
    }

    /** The next 10,000-line disbursement, half of the beneficiaries new accounts. */
    @State(Scope.Benchmark)
    public static class DisbursementBlock {
        @Setup(Level.Invocation)
        public void nextBlock(Ledger ledger) {
            // One program (month) per run: a program pays each beneficiary once.
            Disburse.Builder run = Disburse.newBuilder().setProgramId("child-allowance-run-" + ledger.treasuryNonce);
            java.util.Set<ByteString> used = new java.util.HashSet<>();
            while (run.getLinesCount() < 10_000) {
                Address beneficiary = ledger.random.nextBoolean()
                        ? ledger.addresses.get(ledger.random.nextInt(ledger.addresses.size()))
                        : randomAddress(ledger.random);
                if (used.add(beneficiary.bytes())) {
                    run.addLines(Payment.newBuilder().setBeneficiary(beneficiary.bytes()).setAmountKopecks(1_500_000));
                }
            }
            Transaction tx = Transaction.newBuilder()
                    .setChainId(CHAIN_ID)
                    .setSenderPublicKey(ledger.treasuryKey)
                    .setNonce(ledger.treasuryNonce++)
                    .setDisburse(run)
                    .build();
            ledger.next = ledger.proposal(List.of(unsigned(tx)));
        }
    }

    /** 1,000 really signed transfers, validated in turn. */
    @State(Scope.Benchmark)
    public static class SignedTransfers {
        final List<ByteString> payloads = new ArrayList<>();
        final StatelessValidator validator = new StatelessValidator(SUITE, CHAIN_ID, LedgerLimits.DEFAULTS);
        int index;

        @Setup(Level.Trial)
        public void sign() {
            Random random = new Random(7);
            for (int i = 0; i < 1_000; i++) {
                SigningKey sender = key("signer-" + i);
                byte[] body = Canonical.bytes(Transaction.newBuilder()
                        .setChainId(CHAIN_ID)
                        .setSenderPublicKey(ByteString.copyFrom(sender.publicKey()))
                        .setTransfer(Transfer.newBuilder().setRecipient(randomAddress(random).bytes()).setAmountKopecks(100))
                        .build());
                payloads.add(ByteString.copyFrom(Canonical.bytes(SignedTransaction.newBuilder()
                        .setTransaction(ByteString.copyFrom(body))
                        .setSignature(ByteString.copyFrom(sender.sign(SignatureDomain.TRANSACTION, body)))
                        .build())));
            }
        }
    }

    /** A state tree of {@code accounts} leaves; 2,000 of them change before each root. */
    @State(Scope.Benchmark)
    public static class StateTree {
        @Param({"10000", "100000"})
        public int accounts;

        final Random random = new Random(11);
        final List<ByteString> keys = new ArrayList<>();
        SparseMerkleTree tree;

        @Setup(Level.Trial)
        public void fill() {
            tree = new SparseMerkleTree(SUITE, Address.LENGTH);
            for (int i = 0; i < accounts; i++) {
                keys.add(randomAddress(random).bytes());
                tree.put(keys.get(i), randomHash(random));
            }
            tree.root();
        }

        @Setup(Level.Invocation)
        public void change() {
            for (int i = 0; i < 2_000; i++) {
                tree.put(keys.get(random.nextInt(keys.size())), randomHash(random));
            }
        }
    }

    @Benchmark
    public ByteString transferBlock1000(Ledger ledger, TransferBlock block) {
        return allSucceeded(ledger.executor.execute(ledger.state, ledger.next)).blockHash();
    }

    @Benchmark
    public ByteString disbursement10000(Ledger ledger, DisbursementBlock block) {
        return allSucceeded(ledger.executor.execute(ledger.state, ledger.next)).blockHash();
    }

    /** A benchmark of refusals would measure the wrong thing: stop loudly instead. */
    static ExecutedBlock allSucceeded(ExecutedBlock block) {
        for (io.yantar.proto.Receipt receipt : block.receipts()) {
            if (!receipt.getSuccess()) {
                throw new IllegalStateException("the workload must succeed: " + receipt.getReasonCode() + " " + receipt.getDetail());
            }
        }
        return block;
    }

    @Benchmark
    public byte[] stateRootUpdate2000(StateTree tree) {
        return tree.tree.root();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Validation statelessValidation(SignedTransfers signed) {
        ByteString payload = signed.payloads.get(signed.index);
        signed.index = (signed.index + 1) % signed.payloads.size();
        return signed.validator.validate(payload);
    }

    static SigningKey key(String name) {
        return SUITE.keyFromPrivate(SUITE.hash(("bench-key/" + name).getBytes(StandardCharsets.UTF_8)));
    }

    static Address randomAddress(Random random) {
        byte[] raw = new byte[Address.LENGTH];
        random.nextBytes(raw);
        return new Address(ByteString.copyFrom(raw));
    }

    static byte[] randomHash(Random random) {
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        return hash;
    }

    static InitialBalance balance(Address address, long kopecks) {
        return InitialBalance.newBuilder().setAddress(address.bytes()).setAmountKopecks(kopecks).build();
    }

    /** Canonical bytes with an empty signature: the executor's suite below accepts it. */
    static ByteString unsigned(Transaction tx) {
        return ByteString.copyFrom(Canonical.bytes(SignedTransaction.newBuilder()
                .setTransaction(ByteString.copyFrom(Canonical.bytes(tx)))
                .build()));
    }

    /**
     * The suite with signature checks switched off: block execution is measured without
     * them, as the node executes payloads whose signatures it checked on admission.
     */
    static final class SignaturesPreverified extends io.yantar.crypto.ForwardingCryptoSuite {
        SignaturesPreverified(CryptoSuite delegate) {
            super(delegate);
        }

        @Override
        public boolean verify(byte[] publicKey, SignatureDomain domain, byte[] message, byte[] signature) {
            return true;
        }
    }
}
