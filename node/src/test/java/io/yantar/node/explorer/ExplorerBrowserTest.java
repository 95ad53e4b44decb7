package io.yantar.node.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.Hex;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.node.http.RunningConsortium;
import io.yantar.node.http.TestTransactions;
import io.yantar.node.testing.Await;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.Checkpoint;
import io.yantar.proto.Commit;
import io.yantar.proto.ConsensusMessage;
import io.yantar.proto.Disburse;
import io.yantar.proto.Payment;
import io.yantar.proto.ProposalSummary;
import io.yantar.proto.Receipt;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer in a real headless Chromium against four real validators: a transfer submitted
 * through the API appears live, is found by search and verifies in the browser; tampered
 * bundles are refused; the browser's protobuf bytes equal Java's; the payment form signs in
 * the browser and commits. Screenshots go to {@code node/target/screenshots/}.
 */
@EnabledIf(value = "chromiumInstalled",
        disabledReason = "/usr/bin/chromium or /usr/bin/chromedriver is absent: install Debian's chromium and chromium-driver (.ci/run does)")
@ExtendWith(RunningConsortium.Resolver.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROGRAM_ID = "explorer-test-heating-2026-11";

    private final HttpClient http = HttpClient.newHttpClient();
    private RunningConsortium consortium;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private Path profile;
    private AddressCodec addresses;
    private String transferId;

    static boolean chromiumInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @BeforeAll
    void openBrowser(RunningConsortium consortium) throws IOException {
        this.consortium = consortium;
        this.addresses = new AddressCodec(consortium.key("citizen-1").suite());
        profile = Files.createTempDirectory("yantar-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
        // Views re-render as data arrives: an element found a moment ago may have been replaced.
        wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @Order(1)
    void theBrowsersProtobufBytesEqualJavasCanonicalBytes() throws Exception {
        open("/");
        BlockHeader header = BlockHeader.newBuilder().setChainId("yantar-test").setHeight(9_007_199_254_740_993L)
                .setPrevBlockHash(bytes(1)).setTxRoot(bytes(2)).setReceiptsRoot(bytes(3)).setStateRoot(bytes(4))
                .setTimestampMillis(-5).setProposer(3).setView(300).setEpoch(0).setProposalDigest(bytes(5)).setNullBlock(true).build();
        Receipt receipt = Receipt.newBuilder().setTxId(bytes(6)).setHeight(7).setIndex(0).setSuccess(false)
                .setReasonCode("INSUFFICIENT_FUNDS").setDetail("Сумма больше баланса.").build();
        Commit commit = Commit.newBuilder().setChainId("yantar-test").setEpoch(1).setView(2).setHeight(130).setDigest(bytes(8)).setReplica(2).build();
        Checkpoint checkpoint = Checkpoint.newBuilder().setChainId("yantar-test").setEpoch(0).setHeight(128).setStateDigest(bytes(9)).setReplica(0).build();
        ProposalSummary summary = ProposalSummary.newBuilder().setChainId(header.getChainId()).setHeight(header.getHeight())
                .setView(header.getView()).setProposer(header.getProposer()).setTimestampMillis(header.getTimestampMillis())
                .setNullBlock(true).setTxRoot(header.getTxRoot()).build();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("header", hex(header));
        expected.put("summary", hex(summary));
        expected.put("receipt", hex(receipt));
        expected.put("commit", hex(ConsensusMessage.newBuilder().setCommit(commit).build()));
        expected.put("checkpoint", hex(ConsensusMessage.newBuilder().setCheckpoint(checkpoint).build()));

        String commitCertificate = "{\"epoch\":\"1\",\"view\":\"2\",\"height\":\"130\",\"proposalDigest\":\"" + base64(bytes(8)) + "\"}";
        String checkpointCertificate = "{\"height\":\"128\",\"blockHash\":\"" + base64(bytes(9)) + "\"}";
        Object actual = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all([import('/web/messages.js'), import('/web/bytes.js')]).then(([m, b]) => {
                  const [header, receipt, commitCertificate, checkpointCertificate] = Array.prototype.slice.call(arguments, 0, 4).map(text => JSON.parse(text));
                  done({header: b.bytesToHex(m.blockHeader(header)), summary: b.bytesToHex(m.proposalSummary(header)),
                        receipt: b.bytesToHex(m.receipt(receipt)),
                        commit: b.bytesToHex(m.commitMessage('yantar-test', commitCertificate, 2)),
                        checkpoint: b.bytesToHex(m.checkpointMessage('yantar-test', checkpointCertificate, 0))});
                }, e => done({error: String(e)}));
                """, json(header), json(receipt), commitCertificate, checkpointCertificate);
        assertEquals(expected, actual);
    }

    @Test
    @Order(2)
    void aTransferAppearsLiveIsFoundBySearchAndVerifiesInTheBrowser() throws Exception {
        open("/");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#validators tbody tr"), 4));
        SigningKey sender = consortium.key("citizen-1");
        Address recipient = TestTransactions.address(consortium.key("citizen-2"));
        SignedTransaction transfer = TestTransactions.transfer(sender, consortium.genesis().getChainId(), nonce(sender), recipient, 1_234);
        transferId = TestTransactions.id(sender, transfer);
        HttpResponse<String> submitted = post("/v1/transactions", JsonFormat.printer().print(transfer));
        assertEquals(202, submitted.statusCode(), submitted.body());

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#blocks a[title='" + transferId + "']")));
        wait.until(driver -> !List.of("0", "–").contains(driver.findElement(By.id("height")).getText()));
        screenshot("overview");

        WebElement search = driver.findElement(By.id("q"));
        search.sendKeys(transferId);
        driver.findElement(By.cssSelector("#search button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("tx-status"), "committed"));
        awaitProof(transferId);
        driver.findElement(By.id("verify")).click();
        wait.until(ExpectedConditions.textToBe(By.id("verdict"), "verified"));
        screenshot("transaction-verified");
    }

    @Test
    @Order(3)
    void tamperedBundlesAreRefusedWithTheReason() throws Exception {
        JsonNode bundle = JSON.readTree(awaitProof(transferId));
        assertEquals("verified", verifyPasted(bundle.toString()));

        ObjectNode otherDetail = bundle.deepCopy();
        ((ObjectNode) otherDetail.get("receipt")).put("detail", "paid twice");
        assertEquals("NOT verified: the receipt proof does not lead to the header's receipts root", verifyPasted(otherDetail.toString()));

        ObjectNode laterTime = bundle.deepCopy();
        ((ObjectNode) laterTime.get("header")).put("timestampMillis", "1");
        assertEquals("NOT verified: the header's proposal digest does not match its fields", verifyPasted(laterTime.toString()));

        ObjectNode forgedSignature = bundle.deepCopy();
        ObjectNode firstSigner = (ObjectNode) forgedSignature.get("commitCertificate").get("signatures").get(0);
        byte[] signature = java.util.Base64.getDecoder().decode(firstSigner.get("signature").asText());
        signature[10] ^= 1;
        firstSigner.put("signature", java.util.Base64.getEncoder().encodeToString(signature));
        int replica = firstSigner.path("replica").asInt(0);
        assertEquals("NOT verified: replica " + replica + "'s signature in the commit certificate does not verify",
                verifyPasted(forgedSignature.toString()));

        ObjectNode twoSigners = bundle.deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode signatures = (com.fasterxml.jackson.databind.node.ArrayNode)
                twoSigners.get("checkpointCertificate").get("signatures");
        while (signatures.size() > 2) {
            signatures.remove(signatures.size() - 1);
        }
        assertEquals("NOT verified: the checkpoint certificate has 2 signatures, 3 are needed", verifyPasted(twoSigners.toString()));
        screenshot("tampered-bundle-refused");
    }

    @Test
    @Order(4)
    void theAccountViewListsTheTransferAndProgramsShowADisbursement() throws Exception {
        String recipient = addresses.format(TestTransactions.address(consortium.key("citizen-2")));
        open("/#/account/" + recipient);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history a[title='" + transferId + "']")));
        screenshot("account");

        SigningKey treasury = consortium.key("treasury");
        Transaction disbursement = Transaction.newBuilder().setChainId(consortium.genesis().getChainId())
                .setSenderPublicKey(ByteString.copyFrom(treasury.publicKey())).setNonce(nonce(treasury))
                .setDisburse(Disburse.newBuilder().setProgramId(PROGRAM_ID)
                        .addLines(Payment.newBuilder().setBeneficiary(TestTransactions.address(consortium.key("citizen-1")).bytes()).setAmountKopecks(50_000))
                        .addLines(Payment.newBuilder().setBeneficiary(TestTransactions.address(consortium.key("citizen-2")).bytes()).setAmountKopecks(50_000)))
                .build();
        HttpResponse<String> committed = post("/v1/transactions?wait=commit",
                JsonFormat.printer().print(TestTransactions.sign(treasury, disbursement)));
        assertEquals(200, committed.statusCode(), committed.body());
        open("/#/programs");
        // The index follows committed blocks asynchronously: reload the view until it caught up.
        wait.until(driver -> {
            driver.navigate().refresh();
            return driver.findElements(By.xpath("//table[@id='programs']//tr[td[1]='" + PROGRAM_ID + "']/td[3]"))
                    .stream().anyMatch(cell -> cell.getText().equals("1000.00"));
        });
        assertTrue(driver.findElements(By.cssSelector("svg.chart rect.bar")).size() >= 1, "a bar per run in the chart");
        screenshot("programs");
    }

    @Test
    @Order(5)
    void thePaymentFormSignsInTheBrowserAndTheTransferCommits() throws Exception {
        open("/#/pay");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#pay input[name=key]"))).sendKeys(consortium.layout().key("citizen-2").toAbsolutePath().toString());
        String sender = addresses.format(TestTransactions.address(consortium.key("citizen-2")));
        wait.until(ExpectedConditions.textToBe(By.id("pay-sender"), "Signing as " + sender));
        String recipient = addresses.format(TestTransactions.address(consortium.key("citizen-1")));
        driver.findElement(By.cssSelector("#pay input[name=to]")).sendKeys(recipient);
        driver.findElement(By.cssSelector("#pay input[name=amount]")).sendKeys("3.21");
        driver.findElement(By.cssSelector("#pay button")).click();
        wait.until(ExpectedConditions.textMatches(By.id("pay-result"), java.util.regex.Pattern.compile("^Committed: ")));
        screenshot("payment-committed");

        driver.manage().window().setSize(new Dimension(390, 844));
        open("/");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#validators tbody tr"), 4));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#blocks li")));
        screenshot("overview-phone");
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    @Order(6)
    void theExplorerEndpointsAnswerBadInputWithAReasonAndServeOnlyThePage() throws Exception {
        HttpResponse<String> malformed = get("/v1/accounts/yn0000/transactions");
        assertEquals(400, malformed.statusCode());
        assertEquals("malformed-address", JSON.readTree(malformed.body()).path("code").asText());

        JsonNode genesis = JSON.readTree(get("/v1/genesis").body());
        assertEquals(consortium.genesis().getChainId(), genesis.path("chainId").asText());
        assertEquals(3, genesis.path("quorum").asInt());
        assertEquals(Hex.encode(consortium.genesis().getValidators().getValidators(2).getPublicKey().toByteArray()),
                genesis.path("validators").get(2).path("publicKey").asText());

        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        for (String outside : List.of("/web/../logback.xml", "/web/%2e%2e/logback.xml", "/web/..%2flogback.xml", "/logback.xml")) {
            HttpResponse<String> response = get(outside);
            assertEquals(404, response.statusCode(), outside + " must not be served: " + response.body());
        }
    }

    // ---------------------------------------------------------------- helpers

    private String verifyPasted(String bundleJson) {
        open("/#/verify");
        WebElement input = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("bundle-input")));
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", input, bundleJson);
        driver.findElement(By.id("verify-bundle")).click();
        wait.until(driver -> {
            String text = driver.findElement(By.id("verdict")).getText();
            return text.equals("verified") || text.startsWith("NOT verified");
        });
        return driver.findElement(By.id("verdict")).getText();
    }

    private void open(String path) {
        driver.get(consortium.url(0) + path);
        if (path.contains("#")) {
            driver.navigate().refresh(); // a fragment-only change does not reload the page
        }
    }

    private String awaitProof(String txId) {
        String[] body = new String[1];
        Await.until("the receipt bundle of " + txId + " is certified", () -> {
            HttpResponse<String> response = get("/v1/transactions/" + txId + "/proof");
            body[0] = response.body();
            return response.statusCode() == 200;
        }, WAIT);
        return body[0];
    }

    private long nonce(SigningKey key) throws IOException {
        HttpResponse<String> account = get("/v1/accounts/" + addresses.format(TestTransactions.address(key)));
        return JSON.readTree(account.body()).path("nonce").asLong();
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(consortium.url(0) + path)).GET().build());
    }

    private HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(consortium.url(0) + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void screenshot(String name) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static ByteString bytes(int seed) {
        byte[] out = new byte[32];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (seed * 31 + i * 7);
        }
        return ByteString.copyFrom(out);
    }

    private static String hex(Message message) {
        return Hex.encode(Canonical.bytes(message));
    }

    private static String base64(ByteString bytes) {
        return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static String json(Message message) throws com.google.protobuf.InvalidProtocolBufferException {
        return JsonFormat.printer().print(message);
    }
}
