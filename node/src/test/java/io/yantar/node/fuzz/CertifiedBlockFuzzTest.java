package io.yantar.node.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.ledger.verify.CertificateVerifier;
import io.yantar.proto.CertifiedBlock;

/**
 * A block a peer sends during state transfer: bytes that parse as a {@code CertifiedBlock} have
 * their commit certificate checked against the genesis validators; a forged one is refused
 * with a reason (no random input carries 3 valid signatures), and nothing throws.
 */
class CertifiedBlockFuzzTest {
    private static final FuzzNetwork NETWORK = FuzzNetwork.get();
    private static final CertificateVerifier VERIFIER = new CertificateVerifier(FuzzNetwork.SUITE, NETWORK.chainId(),
            NETWORK.genesis.getValidators());

    @FuzzTest(maxDuration = "5s")
    void anyFetchedBlockIsRefusedWithAReason(byte[] bytes) {
        CertifiedBlock block;
        try {
            block = CertifiedBlock.parseFrom(bytes);
        } catch (InvalidProtocolBufferException malformed) {
            return;
        }
        assertTrue(VERIFIER.checkCommit(block.getCommitCertificate()).isPresent(), "a fuzzed certificate never verifies");
    }
}
