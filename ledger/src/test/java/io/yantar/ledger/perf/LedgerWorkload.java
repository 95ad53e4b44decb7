package io.yantar.ledger.perf;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.state.GenesisLoader;
import io.yantar.ledger.state.LedgerState;
import io.yantar.ledger.tx.PayloadValidator;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.proto.Authority;
import io.yantar.proto.Disburse;
import io.yantar.proto.Genesis;
import io.yantar.proto.InitialBalance;
import io.yantar.proto.Payment;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import io.yantar.proto.Transfer;
import io.yantar.proto.ValidatorInfo;
import io.yantar.proto.ValidatorSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded, realistic workload for measurements: a ledger holding {@code accountCount}
 * accounts, {@code senderCount} of them with keys, and blocks of transfers or disbursements.
 * With {@code signed} false the payloads carry no signature and {@link #executionValidator()}
 * runs every stateless check but the signature: block execution measured without signatures,
 * as the node executes payloads whose signatures it checked on admission.
 */
public final class LedgerWorkload {
    public static final CryptoSuite SUITE = CryptoSuites.ed25519();
    public static final String CHAIN_ID = "yantar-bench";

    private final Random random;
    private final List<SigningKey> senders = new ArrayList<>();
    private final List<Address> addresses = new ArrayList<>();
    private final SigningKey treasury;
    private final Genesis genesis;
    private final long[] nonces;
    private long treasuryNonce;
    private final boolean signed;
    private final StatelessValidator validator = new StatelessValidator(SUITE, CHAIN_ID, LedgerLimits.DEFAULTS);

    public LedgerWorkload(long seed, int accountCount, int senderCount, boolean signed) {
        this.signed = signed;
        this.random = new Random(seed);
        this.treasury = key("treasury");
        Genesis.Builder builder = Genesis.newBuilder()
                .setChainId(CHAIN_ID)
                .setCryptoSuite(SUITE.id())
                .setValidators(ValidatorSet.newBuilder().addValidators(ValidatorInfo.newBuilder()
                        .setNodeId("node-0").setPublicKey(ByteString.copyFrom(key("validator").publicKey()))))
                .addAuthorities(authority("treasury", "issuer", treasury))
                .addAuthorities(authority("admin", "admin", key("admin")))
                .setAdminThreshold(1)
                .addBalances(balance(address(treasury), 4_000_000_000_000_000L));
        for (int i = 0; i < senderCount; i++) {
            SigningKey sender = key("sender-" + i);
            senders.add(sender);
            addresses.add(address(sender));
            builder.addBalances(balance(address(sender), 1_000_000_000_000L));
        }
        while (addresses.size() < accountCount) {
            byte[] raw = new byte[Address.LENGTH];
            random.nextBytes(raw);
            Address address = new Address(ByteString.copyFrom(raw));
            addresses.add(address);
            builder.addBalances(balance(address, 1_000));
        }
        this.genesis = builder.build();
        this.nonces = new long[senderCount];
    }

    public LedgerState freshLedger() {
        return freshLedger(SUITE);
    }

    /** The genesis ledger hashing through {@code suite} (to count hashes, say). */
    public LedgerState freshLedger(CryptoSuite suite) {
        return GenesisLoader.load(genesis, suite, LedgerLimits.DEFAULTS).orThrow().state();
    }

    public byte[] senderPublicKey() {
        return senders.get(0).publicKey();
    }

    public byte[] signWithFirstSender(byte[] message) {
        return senders.get(0).sign(SignatureDomain.TRANSACTION, message);
    }

    public StatelessValidator validator() {
        return validator;
    }

    /** Every stateless check except the signature's. */
    public PayloadValidator executionValidator() {
        return executionValidator(SUITE);
    }

    public PayloadValidator executionValidator(CryptoSuite suite) {
        return new StatelessValidator(new SignaturesPreverified(suite), CHAIN_ID, LedgerLimits.DEFAULTS);
    }

    /** {@code count} transfers from distinct senders (in turn) to random accounts, with the right nonces. */
    public List<ByteString> transferBlock(int count) {
        List<ByteString> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int senderIndex = i % senders.size();
            SigningKey sender = senders.get(senderIndex);
            Transaction tx = base(sender, nonces[senderIndex]++)
                    .setTransfer(Transfer.newBuilder()
                            .setRecipient(addresses.get(random.nextInt(addresses.size())).bytes())
                            .setAmountKopecks(1 + random.nextInt(100_000)))
                    .build();
            payloads.add(sign(sender, tx));
        }
        return payloads;
    }

    /** One disbursement from the treasury with {@code lines} lines to distinct accounts, half of them new. */
    public ByteString disbursement(int lines) {
        // One program (month) per run: a program pays each beneficiary once.
        Disburse.Builder run = Disburse.newBuilder().setProgramId("child-allowance-run-" + treasuryNonce);
        java.util.Set<ByteString> used = new java.util.HashSet<>();
        while (run.getLinesCount() < lines) {
            ByteString beneficiary;
            if (random.nextBoolean()) {
                beneficiary = addresses.get(random.nextInt(addresses.size())).bytes();
            } else {
                byte[] raw = new byte[Address.LENGTH];
                random.nextBytes(raw);
                beneficiary = ByteString.copyFrom(raw);
            }
            if (used.add(beneficiary)) {
                run.addLines(Payment.newBuilder().setBeneficiary(beneficiary).setAmountKopecks(1_500_000 + random.nextInt(1000)));
            }
        }
        return sign(treasury, base(treasury, treasuryNonce++).setDisburse(run).build());
    }

    private static Transaction.Builder base(SigningKey sender, long nonce) {
        return Transaction.newBuilder()
                .setChainId(CHAIN_ID)
                .setSenderPublicKey(ByteString.copyFrom(sender.publicKey()))
                .setNonce(nonce);
    }

    private ByteString sign(SigningKey sender, Transaction tx) {
        byte[] body = Canonical.bytes(tx);
        SignedTransaction.Builder envelope = SignedTransaction.newBuilder().setTransaction(ByteString.copyFrom(body));
        if (signed) {
            envelope.setSignature(ByteString.copyFrom(sender.sign(SignatureDomain.TRANSACTION, body)));
        }
        return ByteString.copyFrom(Canonical.bytes(envelope.build()));
    }

    private static SigningKey key(String name) {
        return SUITE.keyFromPrivate(SUITE.hash(("bench-key/" + name).getBytes(StandardCharsets.UTF_8)));
    }

    private static Address address(SigningKey key) {
        return Address.ofPublicKey(SUITE, ByteString.copyFrom(key.publicKey()));
    }

    private static Authority authority(String name, String role, SigningKey key) {
        return Authority.newBuilder().setName(name).setRole(role).setPublicKey(ByteString.copyFrom(key.publicKey())).build();
    }

    private static InitialBalance balance(Address address, long kopecks) {
        return InitialBalance.newBuilder().setAddress(address.bytes()).setAmountKopecks(kopecks).build();
    }
}
