package io.yantar.node.network;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.node.security.ConsortiumTlsWriter;
import io.yantar.proto.Authority;
import io.yantar.proto.ConsensusParams;
import io.yantar.proto.Genesis;
import io.yantar.proto.InitialBalance;
import io.yantar.proto.ValidatorInfo;
import io.yantar.proto.ValidatorSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a complete local consortium into a folder: every key under {@code keys/} (in the
 * suite the genesis names), the genesis ({@code genesis.pb}, canonical bytes, and
 * {@code genesis.json}), one HOCON file per node and, unless TLS is off, the consortium CA with
 * one certificate per node under {@code tls/}. Half the validators (rounded up) belong to the
 * regional government, the others to the state bank.
 */
public final class NetworkGenerator {
    public static final String GOVERNMENT = "Regional Government";
    public static final String BANK = "State Development Bank";
    public static final String TREASURY = "treasury";
    public static final String GOV_ADMIN = "gov-admin-1";
    public static final String BANK_ADMIN = "bank-admin-1";
    public static final int ADMIN_THRESHOLD = 2;

    /** Consensus defaults of a new network; see docs/ARCHITECTURE.md for K = 1. */
    static final ConsensusParams CONSENSUS_PARAMS = ConsensusParams.newBuilder()
            .setCheckpointInterval(1)
            .setWatermarkWindow(16)
            .setMaxBatchTxs(1000)
            .setMaxBatchBytes(4 * 1024 * 1024)
            .build();

    private final CryptoSuite suite;
    private final SecureRandom random;
    private final Clock clock;

    public NetworkGenerator(CryptoSuite suite, SecureRandom random) {
        this(suite, random, Clock.systemUTC());
    }

    /** @param clock when TLS certificates are issued (their validity starts then, not at the genesis time) */
    public NetworkGenerator(CryptoSuite suite, SecureRandom random, Clock clock) {
        this.suite = suite;
        this.random = random;
        this.clock = clock;
    }

    /** The folder already holds a network (its genesis or keys). */
    public static boolean exists(NetworkLayout layout) {
        return Files.exists(layout.genesisBinary()) || Files.exists(layout.keysDir());
    }

    /**
     * Removes what a previous {@link #generate} wrote, and the node data that belonged to that
     * chain. Only the files this class writes are touched.
     */
    public static void removeExisting(NetworkLayout layout) throws IOException {
        FileTrees.deleteIfExists(layout.keysDir());
        FileTrees.deleteIfExists(layout.tls().dir());
        FileTrees.deleteIfExists(layout.root().resolve("data"));
        FileTrees.deleteIfExists(layout.runDir());
        Files.deleteIfExists(layout.genesisBinary());
        Files.deleteIfExists(layout.genesisJson());
        if (Files.isDirectory(layout.root())) {
            try (var files = Files.list(layout.root())) {
                for (Path file : files.filter(p -> p.getFileName().toString().matches("node-\\d+\\.conf")).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    public Genesis generate(NetworkLayout layout, NetworkSpec spec, long genesisTimeMillis) throws IOException {
        Files.createDirectories(layout.keysDir());
        List<ValidatorInfo> validators = new ArrayList<>();
        int governmentCount = (spec.validators() + 1) / 2;
        for (int i = 1; i <= spec.validators(); i++) {
            String nodeId = "node-" + i;
            boolean government = i <= governmentCount;
            validators.add(ValidatorInfo.newBuilder()
                    .setNodeId(nodeId)
                    .setOrganisation(government ? GOVERNMENT : BANK)
                    .setRole(government ? "government" : "bank")
                    .setPublicKey(newKey(layout, nodeId))
                    .setHost(spec.host())
                    .setClusterPort(spec.clusterBasePort() + i - 1)
                    .setHttpPort(spec.httpBasePort() + i - 1)
                    .build());
        }
        ByteString treasuryKey = newKey(layout, TREASURY);
        List<Authority> authorities = List.of(
                authority(TREASURY, "issuer", GOVERNMENT, treasuryKey),
                authority(GOV_ADMIN, "admin", GOVERNMENT, newKey(layout, GOV_ADMIN)),
                authority(BANK_ADMIN, "admin", BANK, newKey(layout, BANK_ADMIN)));
        List<InitialBalance> balances = new ArrayList<>();
        balances.add(balance(treasuryKey, spec.treasuryKopecks(), TREASURY));
        for (int i = 1; i <= spec.citizens(); i++) {
            String name = "citizen-" + i;
            balances.add(balance(newKey(layout, name), spec.citizenKopecks(), name));
        }
        Genesis genesis = Genesis.newBuilder()
                .setChainId(spec.chainId())
                .setCryptoSuite(suite.id())
                .setGenesisTimeMillis(genesisTimeMillis)
                .setValidators(ValidatorSet.newBuilder().setEpoch(0).setStartHeight(1).addAllValidators(validators))
                .addAllAuthorities(authorities)
                .setAdminThreshold(ADMIN_THRESHOLD)
                .addAllBalances(balances)
                .setConsensus(CONSENSUS_PARAMS)
                .build();
        Files.write(layout.genesisBinary(), Canonical.bytes(genesis));
        Files.writeString(layout.genesisJson(), JsonFormat.printer().print(genesis) + "\n", StandardCharsets.UTF_8);
        if (spec.tls()) {
            List<ConsortiumTlsWriter.NodeIdentity> nodes = validators.stream()
                    .map(v -> new ConsortiumTlsWriter.NodeIdentity(v.getNodeId(), v.getOrganisation(), v.getHost()))
                    .toList();
            new ConsortiumTlsWriter(random).write(layout.tls(), spec.chainId(), nodes, clock.instant());
        }
        for (ValidatorInfo validator : validators) {
            Files.writeString(layout.nodeConfig(validator.getNodeId()), NodeConfigWriter.render(validator, validators, spec.tls()),
                    StandardCharsets.UTF_8);
        }
        return genesis;
    }

    private ByteString newKey(NetworkLayout layout, String name) throws IOException {
        SigningKey key = suite.generateKey(random);
        KeyFiles.write(layout.key(name), key);
        return ByteString.copyFrom(key.publicKey());
    }

    private InitialBalance balance(ByteString publicKey, long kopecks, String label) {
        return InitialBalance.newBuilder()
                .setAddress(Address.ofPublicKey(suite, publicKey).bytes())
                .setAmountKopecks(kopecks)
                .setLabel(label)
                .build();
    }

    private static Authority authority(String name, String role, String organisation, ByteString publicKey) {
        return Authority.newBuilder().setName(name).setRole(role).setOrganisation(organisation).setPublicKey(publicKey).build();
    }
}
