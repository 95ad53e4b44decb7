package io.yantar.ledger;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.state.GenesisLoader;
import io.yantar.ledger.state.LoadedGenesis;
import io.yantar.proto.Authority;
import io.yantar.proto.ConsensusParams;
import io.yantar.proto.Disburse;
import io.yantar.proto.Genesis;
import io.yantar.proto.Governance;
import io.yantar.proto.InitialBalance;
import io.yantar.proto.Issue;
import io.yantar.proto.Payment;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import io.yantar.proto.Transfer;
import io.yantar.proto.ValidatorInfo;
import io.yantar.proto.ValidatorSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small consortium for tests, with deterministic Ed25519 keys: four validators, a
 * treasury (issuer), three admins (threshold 2) and citizens with opening balances.
 */
public final class TestNetwork {
    public static final CryptoSuite SUITE = CryptoSuites.ed25519();
    public static final String CHAIN_ID = "yantar-test";
    public static final long CITIZEN_OPENING_KOPECKS = 1_000_000;
    public static final long TREASURY_OPENING_KOPECKS = 100_000_000;

    public final List<SigningKey> validators = List.of(key("validator-0"), key("validator-1"), key("validator-2"), key("validator-3"));
    public final SigningKey treasury = key("treasury");
    public final List<SigningKey> admins = List.of(key("admin-0"), key("admin-1"), key("admin-2"));
    public final List<SigningKey> citizens;
    public final Genesis genesis;

    public TestNetwork() {
        this(8);
    }

    public TestNetwork(int citizenCount) {
        List<SigningKey> keys = new ArrayList<>();
        for (int i = 0; i < citizenCount; i++) {
            keys.add(key("citizen-" + i));
        }
        this.citizens = List.copyOf(keys);
        this.genesis = buildGenesis();
    }

    public static SigningKey key(String name) {
        return SUITE.keyFromPrivate(SUITE.hash(("test-key/" + name).getBytes(StandardCharsets.UTF_8)));
    }

    public static Address address(SigningKey key) {
        return Address.ofPublicKey(SUITE, ByteString.copyFrom(key.publicKey()));
    }

    public static ByteString publicKey(SigningKey key) {
        return ByteString.copyFrom(key.publicKey());
    }

    public LoadedGenesis load() {
        return GenesisLoader.load(genesis, SUITE, LedgerLimits.DEFAULTS).orThrow();
    }

    private Genesis buildGenesis() {
        ValidatorSet.Builder set = ValidatorSet.newBuilder().setEpoch(0).setStartHeight(1);
        for (int i = 0; i < validators.size(); i++) {
            set.addValidators(ValidatorInfo.newBuilder()
                    .setNodeId("node-" + i)
                    .setOrganisation(i % 2 == 0 ? "Regional Government" : "State Development Bank")
                    .setRole(i % 2 == 0 ? "government" : "bank")
                    .setPublicKey(publicKey(validators.get(i)))
                    .setHost("127.0.0.1")
                    .setClusterPort(25520 + i)
                    .setHttpPort(8080 + i));
        }
        Genesis.Builder genesis = Genesis.newBuilder()
                .setChainId(CHAIN_ID)
                .setCryptoSuite(SUITE.id())
                .setGenesisTimeMillis(1_790_000_000_000L)
                .setValidators(set)
                .addAuthorities(Authority.newBuilder().setName("treasury").setRole("issuer")
                        .setOrganisation("Regional Government").setPublicKey(publicKey(treasury)))
                .setAdminThreshold(2)
                .setConsensus(ConsensusParams.newBuilder().setCheckpointInterval(1).setWatermarkWindow(64)
                        .setMaxBatchTxs(1000).setMaxBatchBytes(4 * 1024 * 1024))
                .addBalances(InitialBalance.newBuilder().setAddress(address(treasury).bytes())
                        .setAmountKopecks(TREASURY_OPENING_KOPECKS).setLabel("treasury"));
        for (int i = 0; i < admins.size(); i++) {
            genesis.addAuthorities(Authority.newBuilder().setName("admin-" + i).setRole("admin")
                    .setOrganisation("Consortium").setPublicKey(publicKey(admins.get(i))));
        }
        for (int i = 0; i < citizens.size(); i++) {
            genesis.addBalances(InitialBalance.newBuilder().setAddress(address(citizens.get(i)).bytes())
                    .setAmountKopecks(CITIZEN_OPENING_KOPECKS).setLabel("citizen-" + i));
        }
        return genesis.build();
    }

    // ---- transactions ----

    public static Transaction.Builder base(SigningKey sender, long nonce) {
        return Transaction.newBuilder().setChainId(CHAIN_ID).setSenderPublicKey(publicKey(sender)).setNonce(nonce);
    }

    public static ByteString sign(SigningKey sender, Transaction tx) {
        byte[] body = Canonical.bytes(tx);
        return ByteString.copyFrom(Canonical.bytes(SignedTransaction.newBuilder()
                .setTransaction(ByteString.copyFrom(body))
                .setSignature(ByteString.copyFrom(sender.sign(SignatureDomain.TRANSACTION, body)))
                .build()));
    }

    public static ByteString transfer(SigningKey sender, long nonce, Address recipient, long kopecks) {
        return sign(sender, base(sender, nonce).setTransfer(Transfer.newBuilder()
                .setRecipient(recipient.bytes()).setAmountKopecks(kopecks)).build());
    }

    public static ByteString issue(SigningKey sender, long nonce, long kopecks) {
        return sign(sender, base(sender, nonce).setIssue(Issue.newBuilder()
                .setAmountKopecks(kopecks).setBudgetLine("budget-2026/social/0104")).build());
    }

    public static ByteString disburse(SigningKey sender, long nonce, String program, List<Payment> lines) {
        return sign(sender, base(sender, nonce).setDisburse(Disburse.newBuilder()
                .setProgramId(program).addAllLines(lines)).build());
    }

    public static Payment line(Address beneficiary, long kopecks) {
        return Payment.newBuilder().setBeneficiary(beneficiary.bytes()).setAmountKopecks(kopecks).build();
    }

    public static ByteString governance(SigningKey sender, long nonce, Governance change) {
        return sign(sender, base(sender, nonce).setGovernance(change).build());
    }
}
