package io.yantar.node.cli;

import static io.yantar.node.testing.CliRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.yantar.node.testing.CliRun.Result;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yantar.node.http.RunningConsortium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code yantar admin} and {@code yantar validators} against four committing validators and node-1's admin listener. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningConsortium.Resolver.class)
class AdminCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningConsortium consortium;
    private String api;
    private String admin;

    @BeforeAll
    void start(RunningConsortium running) {
        consortium = running;
        api = running.url(0).toString();
        admin = running.adminUrl().toString();
    }

    @Test
    void twoAdminsChangeTheThresholdWithTheCli() throws Exception {
        Result proposed = run("admin", "propose", "set-threshold", "--threshold", "2", "--key", key("gov-admin-1"),
                "--node", admin, "--api", api, "--wait");
        assertEquals(0, proposed.code(), proposed.err());
        JsonNode proposal = JSON.readTree(proposed.out());
        assertEquals("pending", proposal.path("state").asText(), proposed.out());
        String id = proposal.path("id").asText();

        Result listed = run("admin", "proposals", "--key", key("bank-admin-1"), "--node", admin, "--api", api);
        assertEquals(0, listed.code(), listed.err());
        assertTrue(JSON.readTree(listed.out()).path("proposals").findValuesAsText("id").contains(id), listed.out());

        Result approved = run("admin", "approve", id, "--key", key("bank-admin-1"), "--node", admin, "--api", api, "--wait");
        assertEquals(0, approved.code(), approved.err());
        assertEquals("closed", JSON.readTree(approved.out()).path("state").asText(), approved.out());
    }

    @Test
    void aChangeTheLedgerRefusesExitsWithItsReasonCode() {
        Result refused = run("admin", "propose", "remove-validator", "--node-id", "node-2", "--key", key("gov-admin-1"),
                "--node", admin, "--api", api, "--wait");
        assertEquals(1, refused.code(), refused.out());
        assertTrue(refused.err().contains("TOO_FEW_VALIDATORS"), refused.err());
    }

    @Test
    void aKeyThatIsNotAnAdminIsRefused() {
        Result refused = run("admin", "proposals", "--key", key("citizen-1"), "--node", admin, "--api", api);
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("not-admin"), refused.err());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        Result badId = run("admin", "approve", "xyz", "--key", key("gov-admin-1"), "--node", admin, "--api", api);
        assertEquals(2, badId.code(), badId.err());
        assertTrue(badId.err().contains("ID must be hex"), badId.err());
        Result badHeight = run("validators", "--height", "-3", "--node", api);
        assertEquals(2, badHeight.code(), badHeight.err());
    }

    @Test
    void validatorsPrintsTheSetOfAHeight() throws Exception {
        Result result = run("validators", "--height", "1", "--node", api);
        assertEquals(0, result.code(), result.err());
        JsonNode set = JSON.readTree(result.out()).path("set");
        assertEquals(4, set.path("validators").size());
        assertEquals(0, set.path("epoch").asInt());
    }

    private String key(String name) {
        return consortium.layout().key(name).toString();
    }


}
