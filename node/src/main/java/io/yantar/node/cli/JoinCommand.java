package io.yantar.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.yantar.crypto.KeyFiles;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NodeConfigWriter;
import io.yantar.node.security.ConsortiumTlsFiles;
import io.yantar.node.security.OwnerOnlyFiles;
import io.yantar.node.security.Pkcs12Stores;
import io.yantar.node.security.TrustedCa;
import io.yantar.proto.Genesis;
import io.yantar.proto.ValidatorInfo;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code yantar join}: prepares (and with {@code --start} runs) a new node of an existing
 * network from its genesis and the HTTP address of any member. The public API does not list
 * the cluster members' addresses ({@code /v1/status} names members by node id only), so the
 * seed nodes are the cluster addresses of the validators the peer reports on
 * {@code /v1/validators} (the set voting now and the next one, if scheduled).
 */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = {"Writes the node file of a new node joining an existing network (as an observer until the admins add it",
                "and its epoch starts) into --out, with the genesis, its key and its TLS files beside it;",
                "asks --peer for the validators' cluster addresses (the seed nodes) and checks the peer's chain id.",
                "With --start it then runs the node as 'yantar node' does."})
final class JoinCommand implements Callable<Integer> {
    private static final Pattern NODE_ID = TlsCommand.SignNode.NODE_ID;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    @Spec
    CommandSpec spec;

    @Option(names = "--genesis", required = true, paramLabel = "G", description = "The network's genesis.pb.")
    Path genesisFile;

    @Option(names = "--peer", required = true, paramLabel = "URL", description = "The HTTP address of any member, e.g. http://10.0.0.1:8081.")
    String peer;

    @Option(names = "--ca", paramLabel = "FILE", description = "With an https:// peer: the network's tls/ca.crt.")
    Path peerCa;

    @Option(names = "--key", required = true, paramLabel = "K", description = "This node's signing key (yantar keygen; permissions 0600).")
    Path keyFile;

    @Option(names = "--node-id", required = true, paramLabel = "ID", description = "This node's id, e.g. node-5 (its TLS certificate's CN).")
    String nodeId;

    @Option(names = "--organisation", paramLabel = "ORG",
            description = "This node's organisation (default: its entry in the peer's validator sets, when the admins already added it).")
    String organisation;

    @Option(names = "--role", paramLabel = "ROLE", description = "government or bank (default: as --organisation).")
    String role;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "H", description = "The host the other nodes dial this node at (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--cluster-port", required = true, paramLabel = "P", description = "This node's cluster (Artery) port.")
    int clusterPort;

    @Option(names = "--http-port", required = true, paramLabel = "P2", description = "This node's HTTP port (its admin listener takes P2+100).")
    int httpPort;

    @Option(names = "--tls-dir", paramLabel = "D", description = "The folder from 'yantar tls sign-node': ID.p12, ID.p12.password, ca.p12, ca.p12.password.")
    Path tlsDir;

    @Option(names = "--no-tls", description = "The network runs plain TCP between nodes (yantar genesis --no-tls): no TLS files.")
    boolean noTls;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The node's folder: ID.conf, genesis.pb, keys/, tls/, data/.")
    Path out;

    @Option(names = "--start", description = "Start the node once its file is written, and run it until stopped.")
    boolean start;

    @Override
    public Integer call() throws InterruptedException {
        checkArguments();
        Genesis genesis = readGenesis();
        byte[] publicKey = readKey().publicKey();
        ConsortiumTlsFiles tls = noTls ? null : checkedTlsFiles();
        NodeClient client = peerClient();
        String peerChain = client.getJson("/v1/status").path("chainId").asText("");
        if (!peerChain.equals(genesis.getChainId())) {
            throw new UserError("--peer " + peer + " serves chain '" + peerChain + "' but --genesis " + genesisFile + " is chain '"
                    + genesis.getChainId() + "': wrong peer or wrong genesis");
        }
        Map<String, JsonNode> validators = validators(client.getJson("/v1/validators"));
        ValidatorInfo self = self(validators.get(nodeId));
        List<ValidatorInfo> seeds = new ArrayList<>();
        validators.values().stream().filter(v -> !v.path("nodeId").asText().equals(nodeId)).forEach(v -> seeds.add(
                ValidatorInfo.newBuilder().setNodeId(v.path("nodeId").asText()).setHost(v.path("host").asText())
                        .setClusterPort(v.path("clusterPort").asInt()).build()));
        if (seeds.isEmpty()) {
            throw new UserError("--peer " + peer + " lists no validator besides " + nodeId + " on /v1/validators");
        }
        // A genesis validator restarting with its genesis key votes from the start; anyone else (a new node, or a
        // replaced machine with a new key under the same id) observes until the epoch that lists its key.
        boolean observer = genesis.getValidators().getValidatorsList().stream().noneMatch(v -> v.getNodeId().equals(nodeId)
                && java.util.Arrays.equals(v.getPublicKey().toByteArray(), publicKey));
        Path config = writeNodeFolder(genesis, self, seeds, tls, observer);
        var err = spec.commandLine().getErr();
        err.println("seed nodes: the validators' cluster addresses from " + peer + "/v1/validators ("
                + String.join(", ", seeds.stream().map(s -> s.getHost() + ":" + s.getClusterPort()).toList())
                + "); the API lists no other cluster addresses");
        spec.commandLine().getOut().println(config);
        if (!start) {
            err.println("start it with: yantar node --config " + config);
            return YantarCli.EXIT_OK;
        }
        return NodeCommand.runUntilStopped(NodeConfigLoader.load(config), Optional.empty());
    }

    private void checkArguments() {
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new ParameterException(spec.commandLine(), "--node-id must be lower-case letters, digits or '-' (was '" + nodeId + "')");
        }
        for (int port : new int[] {clusterPort, httpPort}) {
            if (port < 1 || port > 65535 - NodeConfigWriter.ADMIN_PORT_OFFSET) {
                throw new ParameterException(spec.commandLine(), "--cluster-port and --http-port must be between 1 and "
                        + (65535 - NodeConfigWriter.ADMIN_PORT_OFFSET) + " (was " + port + ")");
            }
        }
        if (noTls == (tlsDir != null)) {
            throw new ParameterException(spec.commandLine(), "give --tls-dir (the files of 'yantar tls sign-node') or, for a network"
                    + " without TLS, --no-tls");
        }
        if (role != null && !role.equals("government") && !role.equals("bank")) {
            throw new ParameterException(spec.commandLine(), "--role must be government or bank (was '" + role + "')");
        }
        if (Files.exists(new NetworkLayout(out).nodeConfig(nodeId))) {
            throw new UserError(new NetworkLayout(out).nodeConfig(nodeId) + " exists; refusing to overwrite a node file");
        }
    }

    private Genesis readGenesis() {
        try {
            return Genesis.parseFrom(Files.readAllBytes(genesisFile));
        } catch (IOException e) {
            throw new UserError("--genesis " + genesisFile + ": cannot read it as a genesis.pb (" + e.getMessage() + ")");
        }
    }

    private io.yantar.crypto.SigningKey readKey() {
        try {
            return KeyFiles.read(keyFile);
        } catch (IOException e) {
            throw new UserError("--key " + e.getMessage());
        }
    }

    /** The four files the node needs from {@code --tls-dir}, each present, private, and together a usable pair for this node id. */
    private ConsortiumTlsFiles checkedTlsFiles() {
        ConsortiumTlsFiles files = new ConsortiumTlsFiles(tlsDir);
        for (Path secret : List.of(files.keyStore(nodeId), files.keyStorePassword(nodeId), files.caTrustStorePassword())) {
            OwnerOnlyFiles.secretFileProblem(secret).ifPresent(problem -> {
                throw new UserError("--tls-dir: " + problem + " (from 'yantar tls sign-node --node-id " + nodeId + "')");
            });
        }
        OwnerOnlyFiles.trustedFileProblem(files.caTrustStore()).ifPresent(problem -> {
            throw new UserError("--tls-dir: " + problem);
        });
        char[] keyStorePassword = password(files.keyStorePassword(nodeId));
        Optional<String> problem = Pkcs12Stores.nodeIdProblem(files.keyStore(nodeId), keyStorePassword, nodeId)
                .or(() -> Pkcs12Stores.pairProblem(files.keyStore(nodeId), keyStorePassword, files.caTrustStore(),
                        password(files.caTrustStorePassword())));
        problem.ifPresent(p -> {
            throw new UserError("--tls-dir: " + p);
        });
        return files;
    }

    private static char[] password(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip().toCharArray();
        } catch (IOException e) {
            throw new UserError("--tls-dir: cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    private NodeClient peerClient() {
        URI uri;
        try {
            uri = NodeClient.parseNodeUrl(peer);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage().replace("--node", "--peer"));
        }
        try {
            return new NodeClient(uri, REQUEST_TIMEOUT, Optional.ofNullable(peerCa).map(TrustedCa::clientContext));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The validators of the set voting now and of the next one, by node id (the current entry first). */
    private static Map<String, JsonNode> validators(JsonNode answer) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (String set : List.of("set", "next")) {
            for (JsonNode validator : answer.path(set).path("validators")) {
                byId.putIfAbsent(validator.path("nodeId").asText(), validator);
            }
        }
        return byId;
    }

    /** This node's entry: organisation and role from the options, else from the peer's sets when the admins already added it. */
    private ValidatorInfo self(JsonNode listed) {
        String org = organisation != null ? organisation : listed == null ? null : listed.path("organisation").asText(null);
        String ownRole = role != null ? role : listed == null ? null : listed.path("role").asText(null);
        if (org == null || ownRole == null) {
            throw new ParameterException(spec.commandLine(), nodeId + " is not in the peer's validator sets yet: give --organisation and --role");
        }
        return ValidatorInfo.newBuilder().setNodeId(nodeId).setOrganisation(org).setRole(ownRole).setHost(host)
                .setClusterPort(clusterPort).setHttpPort(httpPort).build();
    }

    /** DIR/ID.conf with genesis.pb, keys/ID.key and tls/ beside it, as the node file's relative paths expect. */
    private Path writeNodeFolder(Genesis genesis, ValidatorInfo self, List<ValidatorInfo> seeds, ConsortiumTlsFiles tls, boolean observer) {
        NetworkLayout layout = new NetworkLayout(out);
        try {
            Files.createDirectories(layout.root());
            copyUnlessSame(genesisFile, layout.genesisBinary(), false);
            copyUnlessSame(keyFile, layout.key(nodeId), true);
            if (tls != null) {
                ConsortiumTlsFiles target = layout.tls();
                copyUnlessSame(tls.keyStore(nodeId), target.keyStore(nodeId), true);
                copyUnlessSame(tls.keyStorePassword(nodeId), target.keyStorePassword(nodeId), true);
                copyUnlessSame(tls.caTrustStore(), target.caTrustStore(), true);
                copyUnlessSame(tls.caTrustStorePassword(), target.caTrustStorePassword(), true);
            }
            String text = NodeConfigWriter.render(self, seeds, tls != null)
                    + (observer ? "\n# Outside the genesis set: follows the chain until the epoch that adds it (yantar join).\n"
                    + "yantar.node.observer = true\n" : "");
            Files.writeString(layout.nodeConfig(nodeId), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("--out " + out + ": " + e.getMessage());
        }
        return layout.nodeConfig(nodeId);
    }

    private static void copyUnlessSame(Path from, Path to, boolean secret) throws IOException {
        if (Files.exists(to) && Files.isSameFile(from, to)) {
            return;
        }
        if (Files.exists(to) && java.util.Arrays.equals(Files.readAllBytes(from), Files.readAllBytes(to))) {
            return;
        }
        if (Files.exists(to)) {
            throw new IOException(to + " exists with other content; refusing to overwrite it");
        }
        if (secret) {
            OwnerOnlyFiles.create(to, Files.readAllBytes(from));
        } else {
            Files.createDirectories(to.toAbsolutePath().getParent());
            Files.copy(from, to);
        }
    }
}
