package io.yantar.node.cli;

import io.yantar.node.network.NetworkLayout;
import io.yantar.node.security.ConsortiumCa;
import io.yantar.node.security.ConsortiumTlsFiles;
import io.yantar.node.security.ConsortiumTlsWriter;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar tls}: the consortium CA's operations. */
@Command(name = "tls", mixinStandardHelpOptions = true,
        description = "Operations of the consortium CA that authenticates links between nodes (docs/SECURITY.md).",
        subcommands = {TlsCommand.SignNode.class})
final class TlsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: " + String.join(", ", spec.subcommands().keySet()));
    }

    /** {@code yantar tls sign-node}: a certificate for a new node from the consortium CA. */
    @Command(name = "sign-node", mixinStandardHelpOptions = true,
            description = {"Run by the holder of the consortium CA key (DIR/tls/ca.key): issues a certificate for a new node",
                    "(CN = its node id, O = its organisation, its host as subject alternative name) and writes",
                    "ID.p12 with its 0600 password file, plus the CA truststore ca.p12, into the output folder.",
                    "Give the new operator that folder; ca.key never leaves DIR/tls."})
    static final class SignNode implements Callable<Integer> {
        static final Pattern NODE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

        @Spec
        CommandSpec spec;

        @Option(names = "--network", required = true, paramLabel = "DIR", description = "The network folder holding tls/ca.key and tls/ca.crt.")
        Path network;

        @Option(names = "--node-id", required = true, paramLabel = "ID", description = "The new node's id, e.g. node-5 (its certificate's CN).")
        String nodeId;

        @Option(names = "--organisation", required = true, paramLabel = "ORG", description = "The new node's organisation (its certificate's O).")
        String organisation;

        @Option(names = "--host", required = true, paramLabel = "HOST", description = "The host or IP address the other nodes dial it at.")
        String host;

        @Option(names = "--out", paramLabel = "DIR2", description = "Where to write the files (default: DIR/tls).")
        Path out;

        @Option(names = "--replacing", description = "The id already has a certificate and its machine is being replaced"
                + " (same id, new key, maybe a new host): issue another one for the new machine, into --out (not DIR/tls).")
        boolean replacing;

        @Override
        public Integer call() {
            if (!NODE_ID.matcher(nodeId).matches()) {
                throw new ParameterException(spec.commandLine(), "--node-id must be lower-case letters, digits or '-' (was '" + nodeId + "')");
            }
            if (organisation.isBlank() || host.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--organisation and --host must not be blank");
            }
            ConsortiumTlsFiles caFiles = new NetworkLayout(network).tls();
            if (!Files.isRegularFile(caFiles.caKey())) {
                throw new UserError(caFiles.caKey() + ": no consortium CA key here; sign-node is run by the operator holding the CA"
                        + " (the network folder written by yantar genesis)");
            }
            if (!Files.isRegularFile(caFiles.caCertificate())) {
                throw new UserError(caFiles.caCertificate() + ": the CA certificate is missing beside " + caFiles.caKey());
            }
            if (Files.exists(caFiles.keyStore(nodeId)) && !replacing) {
                throw new UserError(caFiles.keyStore(nodeId) + " exists: " + nodeId + " already has a certificate of this CA;"
                        + " choose another node id (or, for the new machine of " + nodeId + ", --replacing with --out)");
            }
            ConsortiumTlsFiles outFiles = out == null ? caFiles : new ConsortiumTlsFiles(out.toAbsolutePath().normalize());
            if (replacing && outFiles.dir().equals(caFiles.dir().toAbsolutePath().normalize())) {
                throw new ParameterException(spec.commandLine(), "--replacing needs --out outside " + caFiles.dir()
                        + " (the old machine's files there stay)");
            }
            try {
                ConsortiumCa ca = ConsortiumCa.read(caFiles.caKey(), caFiles.caCertificate());
                new ConsortiumTlsWriter(new SecureRandom()).writeNodeWithTrustStore(ca, outFiles,
                        new ConsortiumTlsWriter.NodeIdentity(nodeId, organisation, host), Instant.now());
            } catch (FileAlreadyExistsException e) {
                throw new UserError(e.getFile() + " exists: " + nodeId + " already has a certificate there; choose another node id");
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            var stdout = spec.commandLine().getOut();
            for (Path file : new Path[] {outFiles.keyStore(nodeId), outFiles.keyStorePassword(nodeId), outFiles.caTrustStore(),
                    outFiles.caTrustStorePassword()}) {
                stdout.println(file.toAbsolutePath().normalize());
            }
            spec.commandLine().getErr().println("issued CN=" + nodeId + ", O=" + organisation + " for host " + host
                    + "; give the new operator these four files (yantar join --tls-dir " + outFiles.dir() + ")");
            return YantarCli.EXIT_OK;
        }
    }
}
