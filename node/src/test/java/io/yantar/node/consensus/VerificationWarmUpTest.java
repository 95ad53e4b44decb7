package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.crypto.CryptoSuites;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VerificationWarmUpTest {
    @Test
    void verifiesTheAskedNumberOfSignaturesOfTheNetworksSuiteAndAllAreValid() throws Exception {
        for (String suite : new String[] {"ed25519-sha256", "gost3410-2012-256-streebog"}) {
            VerificationWarmUp.Result result = VerificationWarmUp.start(CryptoSuites.byId(suite), 20).orElseThrow()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(20, result.verifications(), suite);
            assertTrue(result.allValid(), suite);
        }
    }

    @Test
    void zeroStartsNothing() {
        assertTrue(VerificationWarmUp.start(CryptoSuites.ed25519(), 0).isEmpty());
    }
}
