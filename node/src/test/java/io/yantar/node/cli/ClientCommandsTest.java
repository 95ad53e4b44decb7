package io.yantar.node.cli;

import io.yantar.node.testing.CliRun;
import io.yantar.node.testing.CliRun.Result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import io.yantar.crypto.CryptoSuites;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.node.http.RunningConsortium;
import io.yantar.node.http.TestTransactions;
import io.yantar.proto.ReceiptBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The client commands of the yantar CLI against four committing validators. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningConsortium.Resolver.class)
class ClientCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningConsortium consortium;
    private String node;
    private String citizen1;

    @BeforeAll
    void start(RunningConsortium running) {
        consortium = running;
        node = running.url(0).toString();
        citizen1 = new AddressCodec(CryptoSuites.ed25519()).format(TestTransactions.address(running.key("citizen-1")));
    }

    @Test
    void addressPrintsTheTextFormOfAKeysAccount() {
        Result result = run("address", "--key", key("citizen-1"));
        assertEquals(0, result.code(), result.err());
        assertEquals(citizen1 + "\n", result.out());
    }

    @Test
    void transferWithWaitPrintsTheIdThenTheReceiptAndMovesTheMoney() throws Exception {
        long before = account(citizen1).get("balanceKopecks").asLong();
        Result result = run("tx", "transfer", "--key", key("citizen-2"), "--to", citizen1, "--amount", "12.34", "--memo", "lunch",
                "--node", node, "--wait");
        assertEquals(0, result.code(), result.err());
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.get(0).matches("[0-9a-f]{64}"), result.out());
        JsonNode receipt = JSON.readTree(String.join("\n", lines.subList(1, lines.size())));
        assertEquals("committed", receipt.get("status").asText());
        assertTrue(receipt.get("receipt").get("success").asBoolean());
        assertEquals(lines.get(0), receipt.get("id").asText());
        assertEquals(before + 1234, account(citizen1).get("balanceKopecks").asLong());

        Result withoutWait = run("tx", "transfer", "--key", key("citizen-2"), "--to", citizen1, "--amount", "1", "--node", node);
        assertEquals(0, withoutWait.code(), withoutWait.err());
        assertTrue(withoutWait.out().strip().matches("[0-9a-f]{64}"), "only the id without --wait: " + withoutWait.out());
    }

    @Test
    void issueNeedsTheIssuerRole() {
        Result issued = run("tx", "issue", "--key", key("treasury"), "--amount", "1000000.00", "--budget-line", "budget-2026/social/0104",
                "--node", node, "--wait");
        assertEquals(0, issued.code(), issued.err());
        Result refused = run("tx", "issue", "--key", key("citizen-2"), "--amount", "5.00", "--budget-line", "mine", "--node", node, "--wait");
        assertEquals(1, refused.code(), refused.out());
        assertTrue(refused.err().contains("failed: NOT_ISSUER"), refused.err());
    }

    @Test
    void disbursePaysEveryCitizenOfTheGeneratedList() throws Exception {
        Path csv = dir.resolve("beneficiaries.csv");
        Result generated = run("demo", "citizens", "--count", "25", "--amount", "2.50", "--out", csv.toString());
        assertEquals(0, generated.code(), generated.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(26, lines.size(), "a header and 25 citizens");

        Result paid = run("tx", "disburse", "--key", key("treasury"), "--program", "child-allowance-2026-11", "--csv", csv.toString(),
                "--node", node, "--wait");
        assertEquals(0, paid.code(), paid.err());
        assertTrue(paid.err().contains("25 payments, total 62.50"), paid.err());
        String beneficiary = lines.get(25).split(",")[0];
        JsonNode account = account(beneficiary);
        assertEquals("2.50", account.get("balance").asText());
        assertEquals(0, account.get("nonce").asLong());

        Path broken = dir.resolve("broken.csv");
        Files.writeString(broken, lines.get(1) + "\n" + lines.get(1) + "\n");
        Result duplicate = run("tx", "disburse", "--key", key("treasury"), "--program", "p", "--csv", broken.toString(), "--node", node);
        assertEquals(1, duplicate.code());
        assertTrue(duplicate.err().contains("line 2: ") && duplicate.err().contains("paid twice"), duplicate.err());
    }

    @Test
    void blockAccountAndProofPrintJsonAndTheReceiptVerifiesOffline() throws Exception {
        Result transfer = run("tx", "transfer", "--key", key("citizen-2"), "--to", citizen1, "--amount", "0.01", "--node", node, "--wait");
        assertEquals(0, transfer.code(), transfer.err());
        String id = transfer.out().lines().findFirst().orElseThrow();

        Result block = run("block", "1", "--node", node);
        assertEquals(0, block.code(), block.err());
        assertEquals(1, JSON.readTree(block.out()).get("header").get("height").asLong());
        assertEquals(0, run("block", "latest", "--node", node).code());

        Result account = run("account", citizen1, "--node", node);
        assertEquals(0, account.code(), account.err());
        JsonNode json = JSON.readTree(account.out());
        assertTrue(json.has("balance") && json.has("nonce"), account.out());

        Path receipt = dir.resolve("receipt.json");
        Result proof = run("proof", id, "--node", node, "--out", receipt.toString());
        assertEquals(0, proof.code(), proof.err());
        Result verified = run("verify-receipt", "--genesis", consortium.layout().genesisBinary().toString(), "--receipt", receipt.toString());
        assertEquals(0, verified.code(), verified.out() + verified.err());
        assertTrue(verified.out().startsWith("verified: transaction " + id), verified.out());

        ReceiptBundle.Builder bundle = ReceiptBundle.newBuilder();
        JsonFormat.parser().merge(Files.readString(receipt), bundle);
        bundle.getReceiptBuilder().setIndex(bundle.getReceipt().getIndex() + 1);
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, JsonFormat.printer().print(bundle));
        Result refused = run("verify-receipt", "--genesis", consortium.layout().genesisBinary().toString(), "--receipt", tampered.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.out().startsWith("NOT verified: "), refused.out());
    }

    @Test
    void badArgumentsExitWithOneLineNamingTheProblem() {
        String badChecksum = citizen1.substring(0, citizen1.length() - 1) + (citizen1.endsWith("0") ? "1" : "0");
        assertUsage(run("tx", "transfer", "--key", key("citizen-2"), "--to", badChecksum, "--amount", "1"), "--to: address checksum mismatch");
        assertUsage(run("tx", "transfer", "--key", key("citizen-2"), "--to", citizen1, "--amount", "1.234"), "--amount:");
        assertUsage(run("tx", "transfer", "--key", key("citizen-2"), "--to", citizen1, "--amount", "0"), "more than 0.00");
        assertUsage(run("tx", "transfer", "--to", citizen1, "--amount", "1"), "--key");
        assertUsage(run("tx", "transfer", "--key", key("citizen-2"), "--to", citizen1, "--amount", "1", "--node", "ftp://x"), "--node must be a URL");
        assertUsage(run("tx", "disburse", "--key", key("treasury"), "--program", "Child Allowance", "--csv", "x.csv"), "--program");
        assertUsage(run("account", "YN!"), "ADDR");
        assertUsage(run("block", "0"), "N must be a height");
        assertUsage(run("proof", "xyz"), "TXID");
        assertUsage(run("demo", "citizens", "--count", "0", "--out", "x.csv"), "--count");
        assertUsage(run("tx"), "a subcommand is required");

        Result unreachable = run("account", citizen1, "--node", "http://127.0.0.1:1");
        assertEquals(1, unreachable.code());
        assertTrue(unreachable.err().startsWith("yantar account: cannot reach the node at http://127.0.0.1:1"), unreachable.err());
        Result badAddress = run("account", "yn" + "0".repeat(48), "--node", node);
        assertEquals(1, badAddress.code());
        assertTrue(badAddress.err().contains("bad-address: Address checksum mismatch"), badAddress.err());
        Result missingKey = run("address", "--key", dir.resolve("none.key").toString());
        assertEquals(1, missingKey.code());
        assertTrue(missingKey.err().contains("no such key file"), missingKey.err());
    }

    @Test
    void everyClientCommandHasHelp() {
        for (List<String> command : List.of(List.of("address"), List.of("tx"), List.of("tx", "transfer"), List.of("tx", "issue"),
                List.of("tx", "disburse"), List.of("account"), List.of("block"), List.of("proof"), List.of("verify-receipt"),
                List.of("demo"), List.of("demo", "citizens"))) {
            List<String> args = new java.util.ArrayList<>(command);
            args.add("--help");
            Result help = run(args.toArray(String[]::new));
            assertEquals(0, help.code(), String.join(" ", command));
            assertTrue(help.out().contains("Usage: yantar " + String.join(" ", command)), help.out());
        }
    }

    private JsonNode account(String address) throws Exception {
        Result result = run("account", address, "--node", node);
        assertEquals(0, result.code(), result.err());
        return JSON.readTree(result.out());
    }

    private String key(String name) {
        return consortium.layout().key(name).toString();
    }

    private static void assertUsage(Result result, String expected) {
        assertEquals(2, result.code(), result.out() + result.err());
        assertEquals(1, result.err().lines().count(), "one line: " + result.err());
        assertTrue(result.err().contains(expected), result.err());
    }

    private static Result run(String... args) {
        return CliRun.run(args);
    }
}
