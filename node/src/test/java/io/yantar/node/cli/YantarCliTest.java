package io.yantar.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.Hex;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.node.config.NodeConfig;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.config.NodeCredentials;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.state.GenesisLoader;
import com.google.protobuf.ByteString;
import io.yantar.proto.Authority;
import io.yantar.proto.Genesis;
import io.yantar.proto.InitialBalance;
import io.yantar.proto.ValidatorInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YantarCliTest {
    @TempDir
    Path dir;

    @Test
    void genesisWritesACompleteDefaultConsortium() throws Exception {
        Path network = dir.resolve("network");
        Result result = run("genesis", "--out", network.toString());
        assertEquals(0, result.code, result.err);
        assertTrue(result.out.contains("4 validators (2 government, 2 bank)"), result.out);

        byte[] binary = Files.readAllBytes(network.resolve("genesis.pb"));
        Genesis genesis = Genesis.parseFrom(binary);
        assertArrayEquals(Canonical.bytes(genesis), binary, "genesis.pb holds the canonical bytes");
        Genesis.Builder fromJson = Genesis.newBuilder();
        JsonFormat.parser().merge(Files.readString(network.resolve("genesis.json")), fromJson);
        assertEquals(genesis, fromJson.build(), "genesis.json is the same genesis");

        assertEquals("yantar-local", genesis.getChainId());
        assertEquals("ed25519-sha256", genesis.getCryptoSuite());
        List<ValidatorInfo> validators = genesis.getValidators().getValidatorsList();
        assertEquals(List.of("node-1", "node-2", "node-3", "node-4"), validators.stream().map(ValidatorInfo::getNodeId).toList());
        assertEquals(List.of("government", "government", "bank", "bank"), validators.stream().map(ValidatorInfo::getRole).toList());
        assertEquals(List.of("Regional Government", "Regional Government", "State Development Bank", "State Development Bank"),
                validators.stream().map(ValidatorInfo::getOrganisation).toList());
        assertEquals(List.of(25521, 25522, 25523, 25524), validators.stream().map(ValidatorInfo::getClusterPort).toList());
        assertEquals(List.of(8081, 8082, 8083, 8084), validators.stream().map(ValidatorInfo::getHttpPort).toList());
        assertEquals(List.of("treasury:issuer", "gov-admin-1:admin", "bank-admin-1:admin"),
                genesis.getAuthoritiesList().stream().map(a -> a.getName() + ":" + a.getRole()).toList());
        assertEquals(2, genesis.getAdminThreshold());
        assertEquals(11, genesis.getBalancesCount());

        // Every key is in keys/, owner-only, and matches what the genesis registered.
        for (ValidatorInfo validator : validators) {
            assertKeyFile(network.resolve("keys/" + validator.getNodeId() + ".key"), validator.getPublicKey().toByteArray());
        }
        for (Authority authority : genesis.getAuthoritiesList()) {
            assertKeyFile(network.resolve("keys/" + authority.getName() + ".key"), authority.getPublicKey().toByteArray());
        }
        for (int i = 1; i <= 10; i++) {
            SigningKey citizen = KeyFiles.read(network.resolve("keys/citizen-" + i + ".key"));
            InitialBalance balance = genesis.getBalances(i);
            assertEquals("citizen-" + i, balance.getLabel());
            assertEquals(100_000, balance.getAmountKopecks(), "1,000.00 RUB");
            assertEquals(Address.ofPublicKey(CryptoSuites.ed25519(), ByteString.copyFrom(citizen.publicKey())).bytes(), balance.getAddress());
        }
        SigningKey treasury = KeyFiles.read(network.resolve("keys/treasury.key"));
        assertEquals(Address.ofPublicKey(CryptoSuites.ed25519(), ByteString.copyFrom(treasury.publicKey())).bytes(), genesis.getBalances(0).getAddress());
        assertTrue(GenesisLoader.load(genesis, CryptoSuites.ed25519(), LedgerLimits.DEFAULTS).isOk(), "the ledger accepts the genesis");

        // Each node file parses, and the node's identity and key agree with the genesis.
        for (ValidatorInfo validator : validators) {
            NodeConfig config = NodeConfigLoader.load(network.resolve(validator.getNodeId() + ".conf"));
            assertEquals(validator.getClusterPort(), config.cluster().port());
            assertEquals(validator.getHttpPort(), config.http().port());
            assertEquals(4, config.cluster().seedNodes().size());
            assertEquals(network.resolve("data/" + validator.getNodeId()), config.dataDir());
            assertEquals(validator, NodeCredentials.load(config).self());
        }
    }

    @Test
    void genesisRefusesToOverwriteWithoutForce() throws Exception {
        Path network = dir.resolve("net");
        assertEquals(0, run("genesis", "--out", network.toString(), "--validators", "5", "--citizens", "1").code);
        byte[] first = Files.readAllBytes(network.resolve("genesis.pb"));
        Files.createDirectories(network.resolve("data/node-1"));

        Result refused = run("genesis", "--out", network.toString());
        assertEquals(1, refused.code);
        assertOneLine(refused.err, "yantar genesis: " + network.toAbsolutePath() + " already holds a network; use --force");
        assertArrayEquals(first, Files.readAllBytes(network.resolve("genesis.pb")));

        Result forced = run("genesis", "--out", network.toString(), "--force");
        assertEquals(0, forced.code, forced.err);
        assertNotEquals(Genesis.parseFrom(first), Genesis.parseFrom(Files.readAllBytes(network.resolve("genesis.pb"))));
        assertTrue(!Files.exists(network.resolve("node-5.conf")), "files of the replaced network are gone");
        assertTrue(!Files.exists(network.resolve("data")), "node data of the replaced chain is gone");
    }

    @Test
    void genesisTakesChainIdValidatorCountAndPorts() throws Exception {
        Path network = dir.resolve("custom");
        Result result = run("genesis", "--out", network.toString(), "--validators", "7", "--chain-id", "region-42",
                "--base-port", "31000", "--http-base-port", "9100", "--citizens", "0");
        assertEquals(0, result.code, result.err);
        Genesis genesis = Genesis.parseFrom(Files.readAllBytes(network.resolve("genesis.pb")));
        assertEquals("region-42", genesis.getChainId());
        assertEquals(7, genesis.getValidators().getValidatorsCount());
        assertEquals(4, genesis.getValidators().getValidatorsList().stream().filter(v -> v.getRole().equals("government")).count());
        assertEquals(31006, genesis.getValidators().getValidators(6).getClusterPort());
        assertEquals(9106, genesis.getValidators().getValidators(6).getHttpPort());
        assertEquals(1, genesis.getBalancesCount());
    }

    @Test
    void keygenWritesAnOwnerOnlyKeyAndPrintsItsPublicKey() throws Exception {
        Result result = run("keygen", "--out", dir.resolve("k").toString(), "--name", "auditor");
        assertEquals(0, result.code, result.err);
        String publicHex = result.out.trim();
        assertEquals(64, publicHex.length(), result.out);
        assertKeyFile(dir.resolve("k/auditor.key"), Hex.decode(publicHex));

        Result again = run("keygen", "--out", dir.resolve("k").toString(), "--name", "auditor");
        assertEquals(1, again.code);
        assertOneLine(again.err, "yantar keygen: " + dir.resolve("k/auditor.key") + " already exists; refusing to overwrite a key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"keygen", "genesis", "node", "up", "down"})
    void everySubcommandHasHelp(String subcommand) {
        Result result = run(subcommand, "--help");
        assertEquals(0, result.code);
        assertTrue(result.out.startsWith("Usage: yantar " + subcommand), result.out);
    }

    @Test
    void badArgumentsExitNonZeroWithOneLineNamingTheProblem() {
        assertBadUsage(run("genesis", "--validators", "3"), "yantar genesis: --validators must be between 4 and 64");
        assertBadUsage(run("genesis", "--validators", "many"), "yantar genesis: Invalid value for option '--validators': 'many' is not an int");
        assertBadUsage(run("genesis", "--chain-id", "Bad Chain"), "yantar genesis: --chain-id must be lower-case letters");
        assertBadUsage(run("genesis", "--base-port", "65534"), "yantar genesis: --base-port must leave 4 ports between 1024 and 65535");
        assertBadUsage(run("genesis", "--base-port", "8080", "--http-base-port", "8082"), "yantar genesis: --base-port and --http-base-port ranges overlap");
        assertBadUsage(run("genesis", "--frobnicate"), "yantar genesis: Unknown option: '--frobnicate'");
        assertBadUsage(run("keygen"), "yantar keygen: Missing required option: '--out=DIR'");
        assertBadUsage(run("keygen", "--out", dir.toString(), "--name", "../escape"), "yantar keygen: --name must be letters");
        assertBadUsage(run("keygen", "--out", dir.toString(), "--suite", "rsa"), "yantar keygen: --suite: unknown crypto suite 'rsa'");
        assertBadUsage(run("up", "--timeout", "soon"), "yantar up: Invalid value for option '--timeout': 'soon' is not a duration");
        assertBadUsage(run("teleport"), "yantar: Unmatched argument at index 0: 'teleport'");
        assertBadUsage(run(), "yantar: a subcommand is required");
    }

    @Test
    void nodeReportsConfigurationProblemsInOneLine() throws Exception {
        Result missing = run("node", "--config", dir.resolve("absent.conf").toString());
        assertEquals(1, missing.code);
        assertOneLine(missing.err, "yantar node: config file: no such file: ");

        Path network = dir.resolve("n");
        assertEquals(0, run("genesis", "--out", network.toString()).code);
        Path conf = network.resolve("node-2.conf");
        Files.writeString(conf, Files.readString(conf).replace("port = 8082", "port = 99999"));
        Result badPort = run("node", "--config", conf.toString());
        assertEquals(1, badPort.code);
        assertOneLine(badPort.err, "yantar node: yantar.http.port: must be between 1 and 65535 (was 99999)");

        Path other = network.resolve("node-3.conf");
        Files.writeString(other, Files.readString(other).replace("keys/node-3.key", "keys/node-4.key"));
        Result wrongKey = run("node", "--config", other.toString());
        assertEquals(1, wrongKey.code);
        assertOneLine(wrongKey.err, "yantar node: yantar.key-file: " + network.resolve("keys/node-4.key") + " is not the key registered for node-3");

        Path genesisFile = network.resolve("genesis.pb");
        byte[] original = Files.readAllBytes(genesisFile);
        Genesis genesis = Genesis.parseFrom(original);
        Genesis smallOrderKey = genesis.toBuilder()
                .setValidators(genesis.getValidators().toBuilder().setValidators(3,
                        genesis.getValidators().getValidators(3).toBuilder().setPublicKey(ByteString.copyFrom(new byte[32]))))
                .build();
        Files.write(genesisFile, Canonical.bytes(smallOrderKey));
        Result refusedGenesis = run("node", "--config", network.resolve("node-1.conf").toString());
        assertEquals(1, refusedGenesis.code);
        assertOneLine(refusedGenesis.err, "yantar node: yantar.genesis-file: the ledger refuses this genesis: ");
        Files.write(genesisFile, original);

        Path exposed = network.resolve("keys/node-1.key");
        Files.setPosixFilePermissions(exposed, PosixFilePermissions.fromString("rw-r--r--"));
        Result readable = run("node", "--config", network.resolve("node-1.conf").toString());
        assertEquals(1, readable.code);
        assertOneLine(readable.err, "yantar node: yantar.key-file: " + exposed + ": key file is accessible by group or others");
    }

    @Test
    void downWithNothingRunningSaysSo() {
        Result result = run("down", "--network", dir.resolve("nothing").toString());
        assertEquals(0, result.code, result.err);
        assertTrue(result.out.startsWith("no running nodes recorded in "), result.out);
    }

    private static void assertKeyFile(Path file, byte[] expectedPublicKey) throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        assertArrayEquals(expectedPublicKey, KeyFiles.read(file).publicKey(), file.toString());
    }

    private static void assertBadUsage(Result result, String expectedPrefix) {
        assertEquals(2, result.code, result.err);
        assertOneLine(result.err, expectedPrefix);
    }

    @Test
    void aByzantineNodeIsRefusedWithoutTheTestFlag() {
        Result result = run("node", "--config", dir.resolve("node-1.conf").toString(), "--byzantine", "equivocate");
        assertEquals(YantarCli.EXIT_USAGE, result.code());
        assertOneLine(result.err(), "yantar node: --byzantine is for fault tests only and needs the JVM option -Dyantar.test-faults=allowed");
        Result unknown = run("node", "--config", dir.resolve("node-1.conf").toString(), "--byzantine", "lie");
        assertEquals(YantarCli.EXIT_USAGE, unknown.code());
        assertOneLine(unknown.err(), "yantar node: Invalid value for option '--byzantine': unknown mode 'lie'; one of equivocate, silent, garbage, replay");
    }

    @Test
    void theTransportFaultLayerIsRefusedWithoutTheTestFlag() throws Exception {
        Path network = dir.resolve("network");
        assertEquals(0, run("genesis", "--out", network.toString(), "--no-tls").code());
        Files.writeString(network.resolve("node-1.conf"), "\nyantar.test.transport-faults { seed = 1, drop = 0.1 }\n",
                java.nio.file.StandardOpenOption.APPEND);
        Result result = run("node", "--config", network.resolve("node-1.conf").toString());
        assertEquals(YantarCli.EXIT_USAGE, result.code());
        assertOneLine(result.err(), "yantar node: yantar.test.transport-faults is for fault tests only");
    }

    @Test
    void chaosRefusesBadArgumentsInOneLine() {
        Result minutes = run("chaos", "--minutes", "0");
        assertEquals(YantarCli.EXIT_USAGE, minutes.code());
        assertOneLine(minutes.err(), "yantar chaos: --minutes must be between 1 and 1440, was 0");
        Result mode = run("chaos", "--byzantine", "lie");
        assertEquals(YantarCli.EXIT_USAGE, mode.code());
        assertOneLine(mode.err(), "yantar chaos: Invalid value for option '--byzantine': unknown mode 'lie'");
        Result out = run("chaos", "--out", dir.toString());
        assertEquals(YantarCli.EXIT_USAGE, out.code());
        assertOneLine(out.err(), "yantar chaos: --out " + dir.toAbsolutePath() + " already exists");
    }

    private static void assertOneLine(String err, String expectedPrefix) {
        List<String> lines = Stream.of(err.split("\n")).filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), "one line expected: " + err);
        assertTrue(lines.get(0).startsWith(expectedPrefix), "expected '" + expectedPrefix + "' but got '" + lines.get(0) + "'");
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = YantarCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }
}
