package io.yantar.ledger.verify;

import static io.yantar.ledger.TestNetwork.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.TestCertificates;
import io.yantar.ledger.TestChain;
import io.yantar.ledger.TestNetwork;
import io.yantar.ledger.block.Proofs;
import io.yantar.ledger.state.ExecutedBlock;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.proto.AccountProofBundle;
import io.yantar.proto.EpochChange;
import io.yantar.proto.Governance;
import io.yantar.proto.ReceiptBundle;
import io.yantar.proto.ReplaceValidatorKey;
import io.yantar.proto.ValidatorInfo;
import io.yantar.proto.ValidatorSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Receipts of three epochs (a key replaced, then a validator added), each verified by an
 * auditor who holds only the genesis and walks the epoch changes the bundle carries.
 */
class EpochReceiptVerifierTest {

    private final TestNetwork network = new TestNetwork();
    private final TestChain chain = new TestChain(network);
    private final StatelessValidator validator =
            new StatelessValidator(TestNetwork.SUITE, TestNetwork.CHAIN_ID, LedgerLimits.DEFAULTS);
    private final Proofs proofs = new Proofs(TestNetwork.SUITE);
    private final ReceiptVerifier verifier = new ReceiptVerifier(network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS);
    private final List<SigningKey> epoch0Keys = network.validators;
    private final List<SigningKey> epoch1Keys = List.of(TestNetwork.key("validator-0b"), network.validators.get(1),
            network.validators.get(2), network.validators.get(3));
    private final List<SigningKey> epoch2Keys;
    private final ExecutedBlock paidInEpoch0;
    private final ExecutedBlock paidInEpoch1;
    private final ExecutedBlock paidInEpoch2;
    private final EpochChange toEpoch1;
    private final EpochChange toEpoch2;

    EpochReceiptVerifierTest() {
        List<SigningKey> grown = new ArrayList<>(epoch1Keys);
        grown.add(TestNetwork.key("validator-4"));
        epoch2Keys = List.copyOf(grown);

        paidInEpoch0 = chain.execute(TestNetwork.transfer(network.citizens.get(0), 0, address(network.citizens.get(1)), 250));
        approve(0, Governance.newBuilder().setReplaceValidatorKey(ReplaceValidatorKey.newBuilder().setNodeId("node-0")
                .setNewPublicKey(TestNetwork.publicKey(epoch1Keys.get(0))).setHost("10.0.0.10").setClusterPort(25530)
                .setHttpPort(8090)).build());
        ValidatorSet epoch1 = chain.state.validatorHistory().latest();
        runTo(epoch1.getStartHeight());
        approve(1, Governance.newBuilder().setAddValidator(ValidatorInfo.newBuilder().setNodeId("node-4")
                .setOrganisation("Ministry").setRole("government").setPublicKey(TestNetwork.publicKey(epoch2Keys.get(4)))
                .setHost("10.0.0.5").setClusterPort(25524).setHttpPort(8084)).build());
        paidInEpoch1 = chain.execute(TestNetwork.transfer(network.citizens.get(0), 1, address(network.citizens.get(2)), 7));
        ValidatorSet epoch2 = chain.state.validatorHistory().latest();
        assertEquals(2, epoch2.getEpoch());
        runTo(epoch2.getStartHeight() - 1);
        paidInEpoch2 = chain.execute(TestNetwork.transfer(network.citizens.get(0), 2, address(network.citizens.get(3)), 9));
        assertEquals(2, paidInEpoch2.header().getEpoch());
        toEpoch1 = epochChange(epoch1, epoch0Keys);
        toEpoch2 = epochChange(epoch2, epoch1Keys);
    }

    private void approve(int nonce, Governance change) {
        ByteString proposal = TestNetwork.governance(network.admins.get(0), nonce, change);
        chain.execute(proposal);
        ExecutedBlock approval = chain.execute(TestNetwork.governance(network.admins.get(1), nonce,
                Governance.newBuilder().setApprove(validator.txId(proposal)).build()));
        assertTrue(approval.scheduledEpoch().isPresent(), approval.receipts().get(0).getDetail());
    }

    private void runTo(long height) {
        while (chain.state.height() < height) {
            chain.execute();
        }
    }

    private ExecutedBlock block(long height) {
        return chain.blocks.get((int) height - 1);
    }

    /** The first replicas of a set, as many as its certificates need (4 of 5, not 2f + 1 = 3). */
    private static List<Integer> aQuorumOf(List<SigningKey> keys) {
        return java.util.stream.IntStream.range(0, io.yantar.ledger.epoch.ValidatorChanges.quorumOf(keys.size())).boxed().toList();
    }

    private EpochChange epochChange(ValidatorSet next, List<SigningKey> previousKeys) {
        ExecutedBlock last = block(next.getStartHeight() - 1);
        return EpochChange.newBuilder()
                .setValidators(next)
                .setLastHeader(last.header())
                .setCheckpointCertificate(TestCertificates.checkpoint(previousKeys, next.getEpoch() - 1,
                        last.header().getHeight(), last.blockHash(), aQuorumOf(previousKeys)))
                .build();
    }

    private ReceiptBundle bundle(ExecutedBlock block, List<SigningKey> keys, EpochChange... changes) {
        long epoch = block.header().getEpoch();
        return proofs.receiptBundle(block.block(), 0,
                TestCertificates.commit(keys, block.header(), 0, aQuorumOf(keys)),
                TestCertificates.checkpoint(keys, epoch, block.header().getHeight(), block.blockHash(), aQuorumOf(keys)),
                List.of()).toBuilder().addAllEpochChanges(List.of(changes)).build();
    }

    @Test
    void anOldReceiptStillVerifiesAfterTwoChanges() {
        assertEquals(Verdict.accepted(), verifier.verify(bundle(paidInEpoch0, epoch0Keys)));
        assertEquals(Verdict.accepted(), verifier.verify(bundle(paidInEpoch0, epoch0Keys, toEpoch1, toEpoch2)));
    }

    @Test
    void aReceiptOfALaterEpochVerifiesAgainstThatEpochsSet() {
        assertEquals(Verdict.accepted(), verifier.verify(bundle(paidInEpoch1, epoch1Keys, toEpoch1)));
        assertEquals(Verdict.accepted(), verifier.verify(bundle(paidInEpoch2, epoch2Keys, toEpoch1, toEpoch2)));
    }

    @Test
    void withoutTheEpochChangesALaterReceiptIsRefused() {
        Verdict verdict = verifier.verify(bundle(paidInEpoch1, epoch1Keys));
        assertFalse(verdict.isAccepted());
        assertTrue(verdict.toString().contains("epoch"), verdict.toString());
        assertFalse(verifier.verify(bundle(paidInEpoch2, epoch2Keys, toEpoch1)).isAccepted());
    }

    @Test
    void certificatesSignedByTheOldSetAreRefusedInTheNewEpoch() {
        assertFalse(verifier.verify(bundle(paidInEpoch1, epoch0Keys, toEpoch1)).isAccepted(),
                "node-0's retired key no longer counts");
    }

    @Test
    void aForgedEpochChangeIsRefused() {
        ValidatorSet forgedSet = toEpoch1.getValidators().toBuilder()
                .setValidators(0, toEpoch1.getValidators().getValidators(0).toBuilder()
                        .setPublicKey(TestNetwork.publicKey(TestNetwork.key("intruder"))))
                .build();
        EpochChange forged = toEpoch1.toBuilder().setValidators(forgedSet).build();
        assertFalse(verifier.verify(bundle(paidInEpoch1, epoch1Keys, forged)).isAccepted(), "the set's hash is in the header");

        ExecutedBlock last = block(toEpoch1.getLastHeader().getHeight());
        EpochChange signedByStrangers = toEpoch1.toBuilder().setCheckpointCertificate(TestCertificates.checkpoint(
                epoch1Keys, 0, last.header().getHeight(), last.blockHash(), List.of(0, 1, 2))).build();
        assertFalse(verifier.verify(bundle(paidInEpoch1, epoch1Keys, signedByStrangers)).isAccepted(),
                "the last header of epoch 0 must be certified by epoch 0's set");

        assertFalse(verifier.verify(bundle(paidInEpoch2, epoch2Keys, toEpoch2)).isAccepted(), "epochs are walked in order");
    }

    @Test
    void anAccountProofOfALaterEpochVerifiesWithTheEpochChanges() {
        var state = chain.state;
        AccountProofBundle proof = AccountProofBundle.newBuilder()
                .setProof(state.accountProof(address(network.citizens.get(3))).orElseThrow())
                .setHeader(paidInEpoch2.header())
                .setCheckpointCertificate(TestCertificates.checkpoint(epoch2Keys, 2, paidInEpoch2.header().getHeight(),
                        paidInEpoch2.blockHash(), aQuorumOf(epoch2Keys)))
                .build();
        AccountProofVerifier accounts = new AccountProofVerifier(network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS);
        assertFalse(accounts.verify(proof).isAccepted());
        assertEquals(Verdict.accepted(), accounts.verify(proof.toBuilder().addEpochChanges(toEpoch1).addEpochChanges(toEpoch2).build()));
    }
}
