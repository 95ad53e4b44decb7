package io.yantar.ledger.perf;

import com.google.protobuf.ByteString;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.merkle.SparseMerkleTree;
import io.yantar.ledger.state.BlockExecutor;
import io.yantar.ledger.state.ExecutedBlock;
import io.yantar.ledger.state.LedgerState;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.ledger.tx.Validation;
import io.yantar.ledger.tx.VerdictCache;
import io.yantar.proto.Proposal;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Plain measurements of the ledger's hot paths, runnable without JMH (the JMH benchmark
 * lives in bench/, which builds after node). How to run it is in docs/LEDGER.md.
 */
public final class LedgerMeasurements {
    /** Accounts in the measured ledger; {@code -Daccounts=N} changes it. */
    private static final int ACCOUNTS = Integer.getInteger("accounts", 100_000);
    private static final int SENDERS = 1_000;
    /** The machine may be shared: thread CPU time shows the cost without waiting for a core. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private LedgerMeasurements() {
    }

    public static void main(String[] args) {
        LedgerWorkload workload = new LedgerWorkload(2026L, ACCOUNTS, SENDERS, false);
        System.out.printf("ledger with %,d accounts; JVM %s, %d cpus%n", ACCOUNTS,
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
        List<String> only = List.of(args);
        if (only.isEmpty() || only.contains("hash")) {
            measureHashing();
        }
        if (only.isEmpty() || only.contains("hash-count")) {
            countHashesPerTransferBlock();
        }
        if (only.isEmpty() || only.contains("validation")) {
            measureStatelessValidation(new LedgerWorkload(1L, 1_000, 1_000, true));
        }
        if (only.isEmpty() || only.contains("transfers")) {
            measureTransferBlocks(workload);
        }
        if (only.isEmpty() || only.contains("disbursement")) {
            measureDisbursementBlocks(workload);
        }
        if (only.isEmpty() || only.contains("state-root")) {
            measureStateRootUpdate();
        }
    }

    private static void measureStatelessValidation(LedgerWorkload workload) {
        List<ByteString> payloads = workload.transferBlock(4_000);
        StatelessValidator validator = workload.validator();
        for (int round = 0; round < 3; round++) {
            validateAll(validator, payloads);
        }
        int rounds = 5;
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            validateAll(validator, payloads);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("stateless validation (signature included), 1 thread: %,.0f tx/s%n",
                rounds * payloads.size() / seconds);
        byte[] publicKey = workload.senderPublicKey();
        byte[] message = new byte[120];
        byte[] signature = workload.signWithFirstSender(message);
        long verifyStart = System.nanoTime();
        int verifications = 10_000;
        for (int i = 0; i < verifications; i++) {
            if (!LedgerWorkload.SUITE.verify(publicKey, io.yantar.crypto.SignatureDomain.TRANSACTION, message, signature)) {
                throw new IllegalStateException("the signature verifies");
            }
        }
        System.out.printf("  of which the suite's signature check alone: %,.0f verifications/s%n",
                verifications / ((System.nanoTime() - verifyStart) / 1e9));
    }

    private static void validateAll(StatelessValidator validator, List<ByteString> payloads) {
        for (ByteString payload : payloads) {
            if (!(validator.validate(payload) instanceof Validation.Valid)) {
                throw new IllegalStateException("the workload is valid");
            }
        }
    }

    private static void measureTransferBlocks(LedgerWorkload workload) {
        int warmup = 100;
        int measured = 100;
        List<List<ByteString>> blocks = new ArrayList<>();
        for (int i = 0; i < warmup + measured; i++) {
            blocks.add(workload.transferBlock(1_000));
        }
        LedgerState state = workload.freshLedger();
        BlockExecutor executor = new BlockExecutor(LedgerWorkload.SUITE, LedgerWorkload.CHAIN_ID, workload.executionValidator());
        double[] millis = runBlocks(state, executor, blocks, warmup);
        System.out.printf("1,000-transfer block incl. state root, every stateless check again but signatures: %s%n",
                summary(millis));
        System.out.printf("  = %,.0f transfers/s executed%n", 1_000 / (median(millis) / 1e3));

        VerdictCache cache = new VerdictCache(workload.executionValidator(), 1_000_000);
        List<List<ByteString>> admitted = new ArrayList<>();
        for (int i = 0; i < warmup + measured; i++) {
            List<ByteString> block = workload.transferBlock(1_000);
            block.forEach(cache::admit);
            admitted.add(block);
        }
        double[] cachedMillis = runBlocks(state, new BlockExecutor(LedgerWorkload.SUITE, LedgerWorkload.CHAIN_ID, cache),
                admitted, warmup);
        System.out.printf("1,000-transfer block incl. state root, verdicts from mempool admission (VerdictCache): %s%n",
                summary(cachedMillis));
    }

    private static void measureDisbursementBlocks(LedgerWorkload workload) {
        int warmup = 10;
        int measured = 15;
        List<List<ByteString>> blocks = new ArrayList<>();
        for (int i = 0; i < warmup + measured; i++) {
            blocks.add(List.of(workload.disbursement(10_000)));
        }
        LedgerState state = workload.freshLedger();
        BlockExecutor executor = new BlockExecutor(LedgerWorkload.SUITE, LedgerWorkload.CHAIN_ID, workload.executionValidator());
        double[] millis = runBlocks(state, executor, blocks, warmup);
        System.out.printf("10,000-line disbursement block incl. state root (signature excluded): %s%n", summary(millis));
        LedgerWorkload signedWorkload = new LedgerWorkload(3L, 1_000, 10, true);
        ByteString run = signedWorkload.disbursement(10_000);
        for (int i = 0; i < 20; i++) {
            signedWorkload.validator().validate(run);
        }
        long start = System.nanoTime();
        Validation verdict = signedWorkload.validator().validate(run);
        System.out.printf("  stateless validation of one 10,000-line disbursement, signature included: %.2f ms (%s)%n",
                (System.nanoTime() - start) / 1e6, verdict.getClass().getSimpleName());
    }

    private static double[] runBlocks(LedgerState state, BlockExecutor executor, List<List<ByteString>> blocks, int warmup) {
        double[] millis = new double[blocks.size() - warmup];
        double[] cpuMillis = new double[blocks.size() - warmup];
        for (int i = 0; i < blocks.size(); i++) {
            long start = System.nanoTime();
            long cpuStart = CPU.getCurrentThreadCpuTime();
            executeAllSucceeding(state, executor, blocks.get(i));
            long elapsed = System.nanoTime() - start;
            long cpuElapsed = CPU.getCurrentThreadCpuTime() - cpuStart;
            if (i >= warmup) {
                millis[i - warmup] = elapsed / 1e6;
                cpuMillis[i - warmup] = cpuElapsed / 1e6;
            }
        }
        System.out.printf("  thread CPU time (what the block costs when the machine is not shared): %s%n", summary(cpuMillis));
        return millis;
    }

    private static void executeAllSucceeding(LedgerState state, BlockExecutor executor, List<ByteString> payloads) {
        Proposal proposal = Proposal.newBuilder()
                .setHeight(state.height() + 1)
                .setTimestampMillis(state.lastTimestampMillis() + 1_000)
                .addAllPayloads(payloads)
                .build();
        ExecutedBlock block = executor.execute(state, proposal);
        if (!block.receipts().stream().allMatch(r -> r.getSuccess())) {
            throw new IllegalStateException("every workload transaction succeeds: " + block.receipts().get(0));
        }
    }

    /** Sparse Merkle tree of 100,000 accounts; 2,000 changed leaves per block (a 1,000-transfer block). */
    private static void measureStateRootUpdate() {
        Random random = new Random(7);
        SparseMerkleTree tree = new SparseMerkleTree(LedgerWorkload.SUITE, Address.LENGTH);
        List<ByteString> keys = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            byte[] raw = new byte[Address.LENGTH];
            random.nextBytes(raw);
            keys.add(ByteString.copyFrom(raw));
            tree.put(keys.get(i), leaf(random));
        }
        long start = System.nanoTime();
        tree.root();
        double fullMillis = (System.nanoTime() - start) / 1e6;
        int rounds = 200;
        double[] millis = new double[rounds];
        double[] cpuMillis = new double[rounds];
        for (int round = 0; round < rounds + 50; round++) {
            for (int i = 0; i < 2_000; i++) {
                tree.put(keys.get(random.nextInt(keys.size())), leaf(random));
            }
            long begin = System.nanoTime();
            long cpuBegin = CPU.getCurrentThreadCpuTime();
            tree.root();
            if (round >= 50) {
                millis[round - 50] = (System.nanoTime() - begin) / 1e6;
                cpuMillis[round - 50] = (CPU.getCurrentThreadCpuTime() - cpuBegin) / 1e6;
            }
        }
        System.out.printf("state root, first full hash of %,d accounts: %.1f ms%n", ACCOUNTS, fullMillis);
        System.out.printf("state root update, 2,000 changed accounts of %,d: %s%n", ACCOUNTS, summary(millis));
        System.out.printf("  thread CPU time: %s%n", summary(cpuMillis));
    }

    /** Hash calls per 1,000-transfer block: a load-independent measure of the state-root and block-root work. */
    private static void countHashesPerTransferBlock() {
        LedgerWorkload workload = new LedgerWorkload(99L, ACCOUNTS, SENDERS, false);
        HashCountingSuite counting = new HashCountingSuite(LedgerWorkload.SUITE);
        LedgerState state = workload.freshLedger(counting);
        BlockExecutor executor = new BlockExecutor(counting, LedgerWorkload.CHAIN_ID, workload.executionValidator(counting));
        List<ByteString> first = workload.transferBlock(1_000);
        List<ByteString> second = workload.transferBlock(1_000);
        executeAllSucceeding(state, executor, first);
        long before = counting.hashes();
        executeAllSucceeding(state, executor, second);
        System.out.printf("suite hash calls per 1,000-transfer block (%,d accounts): %,d%n", ACCOUNTS, counting.hashes() - before);
    }

    /** The unit cost the Merkle trees are made of: one inner-node hash of 65 bytes. */
    private static void measureHashing() {
        byte[] input = new byte[65];
        int count = 2_000_000;
        for (int round = 0; round < 2; round++) {
            long cpuStart = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < count; i++) {
                input[1 + (i & 31)] ^= LedgerWorkload.SUITE.hash(input)[0];
            }
            if (round == 1) {
                System.out.printf("suite hash of 65 bytes (one Merkle node): %.0f ns CPU%n",
                        (CPU.getCurrentThreadCpuTime() - cpuStart) / (double) count);
            }
        }
    }

    private static byte[] leaf(Random random) {
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        return hash;
    }

    private static String summary(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format("median %.2f ms, p90 %.2f ms, min %.2f ms, max %.2f ms (n=%d)",
                median(millis), sorted[(int) (sorted.length * 0.9)], sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    private static double median(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
