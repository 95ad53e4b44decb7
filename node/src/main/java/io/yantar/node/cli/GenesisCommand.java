package io.yantar.node.cli;

import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import io.yantar.proto.Genesis;
import io.yantar.proto.ValidatorInfo;
import io.yantar.node.network.NodeConfigWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar genesis}: a complete local consortium (keys, genesis, node files) in one folder. */
@Command(name = "genesis", mixinStandardHelpOptions = true,
        description = {"Writes a consortium network: genesis.pb and genesis.json, every key under DIR/keys/, one DIR/node-N.conf per validator.",
                "Validators are split between the Regional Government (first half) and the State Development Bank."})
final class GenesisCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "network", paramLabel = "DIR", description = "Network folder (default: ./${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--validators", defaultValue = "4", paramLabel = "N", description = "Number of validators, 4..64 (default: ${DEFAULT-VALUE}).")
    int validators;

    @Option(names = "--chain-id", defaultValue = NetworkSpec.DEFAULT_CHAIN_ID, paramLabel = "ID", description = "Chain id (default: ${DEFAULT-VALUE}).")
    String chainId;

    @Option(names = "--base-port", defaultValue = "25521", paramLabel = "P", description = "Cluster port of node-1; node-N uses P+N-1 (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--http-base-port", defaultValue = "8081", paramLabel = "P", description = "HTTP port of node-1; node-N uses P+N-1 (default: ${DEFAULT-VALUE}).")
    int httpBasePort;

    @Option(names = "--citizens", defaultValue = "10", paramLabel = "N", description = "Demo citizens funded with 1,000.00 RUB each (default: ${DEFAULT-VALUE}).")
    int citizens;

    @Option(names = "--suite", defaultValue = "ed25519-sha256", paramLabel = "SUITE",
            description = "Crypto suite of the whole network, written in the genesis: ed25519-sha256 or gost3410-2012-256-streebog (default: ${DEFAULT-VALUE}).")
    String suiteId;

    @Option(names = "--no-tls", description = "Plain TCP between nodes: no consortium CA and no certificates (anyone reaching a cluster port can join).")
    boolean noTls;

    @Option(names = "--https", description = "Serve each node's API over HTTPS with its certificate from the consortium CA (clients pass --ca DIR/tls/ca.crt).")
    boolean https;

    @Option(names = "--force", description = "Replace an existing network in DIR (its keys and node data are deleted).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        NetworkSpec networkSpec;
        try {
            networkSpec = new NetworkSpec(chainId, validators, citizens, "127.0.0.1", basePort, httpBasePort,
                    NetworkSpec.DEFAULT_TREASURY_KOPECKS, NetworkSpec.DEFAULT_CITIZEN_KOPECKS, !noTls);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CryptoSuite suite;
        try {
            suite = CryptoSuites.byId(suiteId);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--suite: " + e.getMessage());
        }
        if (https && noTls) {
            throw new ParameterException(spec.commandLine(), "--https needs the consortium CA, which --no-tls leaves out");
        }
        NetworkLayout layout = new NetworkLayout(out);
        Genesis genesis = write(layout, networkSpec, suite, force, spec.commandLine().getOut());
        if (https) {
            for (ValidatorInfo validator : genesis.getValidators().getValidatorsList()) {
                Files.writeString(layout.nodeConfig(validator.getNodeId()), NodeConfigWriter.httpsSection(validator.getNodeId()),
                        StandardOpenOption.APPEND);
            }
            spec.commandLine().getOut().println("HTTPS for the API: clients verify the nodes with --ca " + layout.tls().caCertificate());
        }
        return YantarCli.EXIT_OK;
    }

    /** Generates the network and prints its summary; also used by {@code yantar up} when the folder is missing. */
    static Genesis write(NetworkLayout layout, NetworkSpec networkSpec, boolean force, PrintWriter out) throws IOException {
        return write(layout, networkSpec, CryptoSuites.ed25519(), force, out);
    }

    static Genesis write(NetworkLayout layout, NetworkSpec networkSpec, CryptoSuite suite, boolean force, PrintWriter out) throws IOException {
        if (NetworkGenerator.exists(layout)) {
            if (!force) {
                throw new UserError(layout.root() + " already holds a network; use --force to replace it (its keys and data are deleted)");
            }
            LocalConsortium.requireNotRunning(layout);
            NetworkGenerator.removeExisting(layout);
        }
        Genesis genesis = new NetworkGenerator(suite, new SecureRandom())
                .generate(layout, networkSpec, System.currentTimeMillis());
        long government = genesis.getValidators().getValidatorsList().stream().filter(v -> v.getRole().equals("government")).count();
        out.printf("wrote network '%s' to %s: %d validators (%d government, %d bank), treasury, 2 admins, %d citizens%n",
                genesis.getChainId(), layout.root(), genesis.getValidators().getValidatorsCount(), government,
                genesis.getValidators().getValidatorsCount() - government, networkSpec.citizens());
        for (ValidatorInfo v : genesis.getValidators().getValidatorsList()) {
            out.printf("  %-8s %-24s cluster %s:%d  http %s:%d  %s%n", v.getNodeId(), v.getOrganisation(), v.getHost(), v.getClusterPort(),
                    "127.0.0.1", v.getHttpPort(), layout.nodeConfig(v.getNodeId()));
        }
        out.println(networkSpec.tls()
                ? "TLS between nodes: consortium CA and node keystores in " + layout.tls().dir() + " (keep ca.key offline; nodes do not need it)"
                : "TLS between nodes is OFF (--no-tls): anyone who reaches a cluster port can join");
        out.println("crypto suite " + genesis.getCryptoSuite() + "; keys in " + layout.keysDir() + "; start the consortium with: bin/yantar up --network " + layout.root());
        return genesis;
    }
}
