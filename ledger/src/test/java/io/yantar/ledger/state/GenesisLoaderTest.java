package io.yantar.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.Parsed;
import io.yantar.ledger.TestNetwork;
import io.yantar.ledger.account.Role;
import io.yantar.proto.Genesis;
import io.yantar.proto.InitialBalance;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class GenesisLoaderTest {
    private final TestNetwork network = new TestNetwork();

    @Test
    void rolesAndBalancesComeFromTheGenesis() {
        LedgerState state = network.load().state();
        assertTrue(state.hasRole(TestNetwork.publicKey(network.treasury), Role.ISSUER));
        assertTrue(state.hasRole(TestNetwork.publicKey(network.admins.get(1)), Role.ADMIN));
        assertFalse(state.hasRole(TestNetwork.publicKey(network.citizens.get(0)), Role.ISSUER));
        assertEquals(2, state.governance().adminThreshold());
        assertEquals(TestNetwork.TREASURY_OPENING_KOPECKS + 8 * TestNetwork.CITIZEN_OPENING_KOPECKS, state.totalIssuedKopecks());
        assertEquals(0, state.height());
    }

    @TestFactory
    Stream<DynamicTest> refusesAnUnusableGenesisWithAReason() {
        InitialBalance first = network.genesis.getBalances(0);
        return Stream.of(
                broken("no chain id", g -> g.setChainId("")),
                broken("another suite", g -> g.setCryptoSuite("gost3410-2012-256-streebog")),
                broken("no validators", g -> g.setValidators(g.getValidators().toBuilder().clearValidators())),
                broken("duplicate validator", g -> g.setValidators(g.getValidators().toBuilder()
                        .addValidators(g.getValidators().getValidators(0)))),
                broken("bad validator key", g -> g.setValidators(g.getValidators().toBuilder().setValidators(0,
                        g.getValidators().getValidators(0).toBuilder().setPublicKey(ByteString.copyFrom(new byte[32]))))),
                broken("unknown role", g -> g.setAuthorities(0, g.getAuthorities(0).toBuilder().setRole("king"))),
                broken("duplicate authority", g -> g.addAuthorities(g.getAuthorities(0))),
                broken("threshold above admins", g -> g.setAdminThreshold(4)),
                broken("threshold zero", g -> g.setAdminThreshold(0)),
                broken("short address", g -> g.setBalances(0, first.toBuilder().setAddress(ByteString.copyFrom(new byte[3])))),
                broken("negative balance", g -> g.setBalances(0, first.toBuilder().setAmountKopecks(-1))),
                broken("repeated address", g -> g.addBalances(first)),
                broken("balances overflow", g -> g.setBalances(0, first.toBuilder().setAmountKopecks(Long.MAX_VALUE))))
                .map(t -> DynamicTest.dynamicTest(t.name(), () -> {
                    Parsed<LoadedGenesis> loaded = GenesisLoader.load(t.mutation().apply(network.genesis.toBuilder()).build(),
                            TestNetwork.SUITE, LedgerLimits.DEFAULTS);
                    assertFalse(loaded.isOk(), t.name());
                    assertFalse(loaded.reasonOrEmpty().isEmpty());
                }));
    }

    private record Broken(String name, UnaryOperator<Genesis.Builder> mutation) {
    }

    private static Broken broken(String name, UnaryOperator<Genesis.Builder> mutation) {
        return new Broken(name, mutation);
    }
}
