package io.yantar.node.cli;

import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.ledger.account.Money;
import io.yantar.ledger.Parsed;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Reading the inputs of client commands: key files, addresses and amounts, each refused with a reason. */
final class ClientKeys {
    private ClientKeys() {
    }

    static SigningKey read(Path file) {
        try {
            return KeyFiles.read(file);
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
    }

    static Address addressOf(SigningKey key) {
        return Address.ofPublicKey(key.suite(), ByteString.copyFrom(key.publicKey()));
    }

    static String addressText(SigningKey key) {
        return new AddressCodec(key.suite()).format(addressOf(key));
    }

    static Address parseAddress(CommandLine command, AddressCodec codec, String option, String text) {
        Parsed<Address> parsed = codec.parse(text);
        if (parsed instanceof Parsed.Rejected<Address> rejected) {
            throw new ParameterException(command, option + ": " + rejected.reason() + " (was '" + abbreviate(text) + "')");
        }
        return parsed.orThrow();
    }

    static Money parsePositiveAmount(CommandLine command, String option, String text) {
        Parsed<Money> parsed = Money.parse(text);
        if (parsed instanceof Parsed.Rejected<Money> rejected) {
            throw new ParameterException(command, option + ": " + rejected.reason());
        }
        Money amount = parsed.orThrow();
        if (!amount.isPositive()) {
            throw new ParameterException(command, option + ": the amount must be more than 0.00 (was " + text + ")");
        }
        return amount;
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
