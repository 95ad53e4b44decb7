package io.yantar.node.cli;

import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.Hex;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar keygen}: a new key pair in a 0600 key file; prints the public key. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Writes a new key pair to DIR/NAME.key (PEM PKCS#8, permissions 0600) and prints its public key in hex."})
final class KeygenCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the key file (created if missing).")
    Path out;

    @Option(names = "--name", defaultValue = "node", paramLabel = "NAME", description = "File name without .key (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--suite", defaultValue = "ed25519-sha256", paramLabel = "SUITE", description = "Crypto suite (default: ${DEFAULT-VALUE}).")
    String suiteId;

    @Override
    public Integer call() throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new ParameterException(spec.commandLine(), "--name must be letters, digits, '.', '_' or '-' (was '" + name + "')");
        }
        CryptoSuite suite;
        try {
            suite = CryptoSuites.byId(suiteId);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--suite: " + e.getMessage());
        }
        Path file = out.resolve(name + ".key");
        if (Files.exists(file)) {
            throw new UserError(file + " already exists; refusing to overwrite a key");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is not a folder");
        }
        SigningKey key = suite.generateKey(new SecureRandom());
        try {
            KeyFiles.write(file, key);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        spec.commandLine().getErr().println("wrote " + file.toAbsolutePath().normalize() + " (" + suite.id() + ", permissions 0600)");
        spec.commandLine().getOut().println(Hex.encode(key.publicKey()));
        return YantarCli.EXIT_OK;
    }
}
