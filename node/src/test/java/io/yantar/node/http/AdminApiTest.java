package io.yantar.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.Hex;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.proto.Governance;
import io.yantar.proto.RoleChange;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin listener of node-1 over real sockets: admin-key signatures instead of passwords,
 * with each refusal (unsigned, bad signature, expired, replayed, not an admin), a role grant
 * proposed and approved by two admins through it, and the public validator set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningConsortium.Resolver.class)
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROTOBUF = "application/x-protobuf";

    private final HttpClient http = HttpClient.newHttpClient();
    private RunningConsortium consortium;
    private SigningKey govAdmin;
    private SigningKey bankAdmin;
    private String chainId;

    @BeforeAll
    void start(RunningConsortium running) {
        consortium = running;
        govAdmin = consortium.key("gov-admin-1");
        bankAdmin = consortium.key("bank-admin-1");
        chainId = consortium.genesis().getChainId();
    }

    /** A request signed as the CLI signs it; {@code timestampMillis} and {@code signer} may be off on purpose. */
    private HttpRequest.Builder signed(String method, String pathAndQuery, byte[] body, SigningKey headerKey, SigningKey signer,
                                       long timestampMillis) {
        byte[] signedBytes = AdminRequestSigning.signedBytes(headerKey.suite(), chainId, method, pathAndQuery, timestampMillis, body);
        return HttpRequest.newBuilder(URI.create(consortium.adminUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", PROTOBUF)
                .header(AdminRequestSigning.KEY_HEADER, Hex.encode(headerKey.publicKey()))
                .header(AdminRequestSigning.TIMESTAMP_HEADER, Long.toString(timestampMillis))
                .header(AdminRequestSigning.SIGNATURE_HEADER, Hex.encode(signer.sign(SignatureDomain.ADMIN_REQUEST, signedBytes)))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private HttpRequest.Builder signed(String method, String pathAndQuery, byte[] body, SigningKey admin) {
        return signed(method, pathAndQuery, body, admin, admin, System.currentTimeMillis());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("code").asText();
    }

    /** The admin's next nonce from the public API: other test classes may have used the key already. */
    private long nextNonce(SigningKey admin) throws Exception {
        String address = new io.yantar.ledger.account.AddressCodec(admin.suite()).format(TestTransactions.address(admin));
        HttpResponse<String> account = send(HttpRequest.newBuilder(URI.create(consortium.url(0) + "/v1/accounts/" + address))
                .GET().build());
        return JSON.readTree(account.body()).path("nonce").asLong();
    }

    private byte[] governance(SigningKey admin, long nonce, Governance change) {
        Transaction tx = Transaction.newBuilder().setChainId(chainId).setSenderPublicKey(ByteString.copyFrom(admin.publicKey()))
                .setNonce(nonce).setGovernance(change).build();
        SignedTransaction signed = TestTransactions.sign(admin, tx);
        return Canonical.bytes(signed);
    }

    @Test
    void anUnsignedRequestIs401() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(consortium.adminUrl() + "/v1/admin/proposals"))
                .GET().build());
        assertEquals(401, response.statusCode());
        assertEquals("admin-signature-missing", code(response));
    }

    @Test
    void aBadSignatureIs401() throws Exception {
        HttpResponse<String> response = send(signed("GET", "/v1/admin/proposals", new byte[0], govAdmin, bankAdmin,
                System.currentTimeMillis()).build());
        assertEquals(401, response.statusCode());
        assertEquals("admin-signature-invalid", code(response));
    }

    @Test
    void anExpiredRequestIs401() throws Exception {
        HttpResponse<String> response = send(signed("GET", "/v1/admin/proposals", new byte[0], govAdmin, govAdmin,
                System.currentTimeMillis() - Duration.ofMinutes(2).toMillis()).build());
        assertEquals(401, response.statusCode());
        assertEquals("admin-request-expired", code(response));
    }

    @Test
    void aReplayedRequestIs401() throws Exception {
        HttpRequest request = signed("GET", "/v1/admin/proposals", new byte[0], govAdmin).build();
        assertEquals(200, send(request).statusCode());
        HttpResponse<String> replay = send(request);
        assertEquals(401, replay.statusCode());
        assertEquals("admin-request-replayed", code(replay));
    }

    @Test
    void aKeyThatIsNotAnAdminIs403() throws Exception {
        HttpResponse<String> response = send(signed("GET", "/v1/admin/proposals", new byte[0], consortium.key("citizen-1")).build());
        assertEquals(403, response.statusCode());
        assertEquals("not-admin", code(response));
    }

    @Test
    void aSignatureCoversThePathSoItCannotBeMovedToAnotherRequest() throws Exception {
        long now = System.currentTimeMillis();
        byte[] signedBytes = AdminRequestSigning.signedBytes(govAdmin.suite(), chainId, "GET", "/v1/admin/proposals", now, new byte[0]);
        HttpResponse<String> moved = send(HttpRequest.newBuilder(URI.create(consortium.adminUrl() + "/v1/admin/proposals/"
                        + "00".repeat(32)))
                .header(AdminRequestSigning.KEY_HEADER, Hex.encode(govAdmin.publicKey()))
                .header(AdminRequestSigning.TIMESTAMP_HEADER, Long.toString(now))
                .header(AdminRequestSigning.SIGNATURE_HEADER, Hex.encode(govAdmin.sign(SignatureDomain.ADMIN_REQUEST, signedBytes)))
                .GET().build());
        assertEquals(401, moved.statusCode());
        assertEquals("admin-signature-invalid", code(moved));
    }

    @Test
    void adminRoutesAreNotServedOnThePublicPort() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(consortium.url(0) + "/v1/admin/proposals")).GET().build());
        assertEquals(404, response.statusCode());
    }

    @Test
    void twoAdminsGrantARoleThroughTheAdminListener() throws Exception {
        SigningKey district = govAdmin.suite().keyFromPrivate(govAdmin.suite().hash("district-treasury".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        Governance grant = Governance.newBuilder().setGrantRole(RoleChange.newBuilder()
                .setPublicKey(ByteString.copyFrom(district.publicKey())).setRole("issuer").setName("district-treasury")
                .setOrganisation("District")).build();
        byte[] proposal = governance(govAdmin, nextNonce(govAdmin), grant);
        String id = Hex.encode(govAdmin.suite().hash(proposal));

        HttpResponse<String> mismatched = send(signed("POST", "/v1/admin/proposals", proposal, bankAdmin).build());
        assertEquals(403, mismatched.statusCode(), mismatched.body());
        assertEquals("signer-mismatch", code(mismatched));

        HttpResponse<String> proposed = send(signed("POST", "/v1/admin/proposals?wait=commit", proposal, govAdmin).build());
        assertEquals(200, proposed.statusCode(), proposed.body());
        JsonNode pending = JSON.readTree(proposed.body());
        assertEquals(id, pending.path("id").asText());
        assertEquals("pending", pending.path("state").asText());
        assertEquals("grant-role", pending.path("kind").asText());
        assertEquals(1, pending.path("approvals").size());
        assertEquals(2, pending.path("approvalsNeeded").asInt());

        JsonNode listed = JSON.readTree(send(signed("GET", "/v1/admin/proposals", new byte[0], bankAdmin).build()).body());
        assertTrue(listed.path("proposals").findValuesAsText("id").contains(id), listed.toString());

        long bankNonce = nextNonce(bankAdmin);
        byte[] wrongApproval = governance(bankAdmin, bankNonce, Governance.newBuilder()
                .setApprove(ByteString.copyFrom(new byte[32])).build());
        HttpResponse<String> wrong = send(signed("POST", "/v1/admin/proposals/" + id + "/approvals", wrongApproval, bankAdmin).build());
        assertEquals(400, wrong.statusCode());
        assertEquals("approval-mismatch", code(wrong));

        byte[] approval = governance(bankAdmin, bankNonce, Governance.newBuilder().setApprove(ByteString.copyFrom(Hex.decode(id))).build());
        HttpResponse<String> approved = send(signed("POST", "/v1/admin/proposals/" + id + "/approvals?wait=commit", approval,
                bankAdmin).build());
        assertEquals(200, approved.statusCode(), approved.body());
        assertEquals("closed", JSON.readTree(approved.body()).path("state").asText(), approved.body());

        HttpResponse<String> read = send(signed("GET", "/v1/admin/proposals/" + id, new byte[0], govAdmin).build());
        assertEquals("closed", JSON.readTree(read.body()).path("state").asText());
    }

    @Test
    void theValidatorSetIsPublic() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(consortium.url(2) + "/v1/validators?height=1"))
                .GET().build());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(0, body.path("set").path("epoch").asInt());
        assertEquals(4, body.path("set").path("validators").size());
        assertEquals(3, body.path("set").path("quorum").asInt());
        assertEquals("node-1", body.path("set").path("validators").get(0).path("nodeId").asText());

        HttpResponse<String> current = send(HttpRequest.newBuilder(URI.create(consortium.url(2) + "/v1/validators")).GET().build());
        assertEquals(200, current.statusCode());
        HttpResponse<String> bad = send(HttpRequest.newBuilder(URI.create(consortium.url(2) + "/v1/validators?height=-1")).GET().build());
        assertEquals(400, bad.statusCode());
        assertEquals("bad-height", code(bad));
        HttpResponse<String> future = send(HttpRequest.newBuilder(URI.create(consortium.url(2)
                + "/v1/validators?height=999999999")).GET().build());
        assertEquals(404, future.statusCode());
        assertEquals("height-not-reached", code(future));
    }
}
