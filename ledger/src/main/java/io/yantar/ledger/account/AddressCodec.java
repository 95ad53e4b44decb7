package io.yantar.ledger.account;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.Hex;
import io.yantar.ledger.Parsed;
import java.util.Arrays;

/**
 * The text form of an address: {@code yn} followed by 48 lower-case hex digits, the 20
 * address bytes then a 4-byte checksum (the first 4 bytes of the suite hash of the 20
 * bytes). A mistyped digit changes the checksum, so it is refused with a reason instead of
 * paying a stranger.
 */
public final class AddressCodec {
    public static final String PREFIX = "yn";
    private static final int CHECKSUM_LENGTH = 4;
    private static final int TEXT_LENGTH = PREFIX.length() + 2 * (Address.LENGTH + CHECKSUM_LENGTH);

    private final CryptoSuite suite;

    public AddressCodec(CryptoSuite suite) {
        this.suite = suite;
    }

    public String format(Address address) {
        byte[] raw = address.bytes().toByteArray();
        return PREFIX + Hex.encode(raw) + Hex.encode(checksum(raw));
    }

    public Parsed<Address> parse(String text) {
        if (text == null) {
            return Parsed.rejected("an address is required");
        }
        if (!text.startsWith(PREFIX)) {
            return Parsed.rejected("an address starts with '" + PREFIX + "'");
        }
        if (text.length() != TEXT_LENGTH) {
            return Parsed.rejected("an address is " + TEXT_LENGTH + " characters, got " + text.length());
        }
        String digits = text.substring(PREFIX.length());
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return Parsed.rejected("an address holds lower-case hex digits only, found '" + c + "'");
            }
        }
        byte[] decoded = Hex.decode(digits);
        byte[] raw = Arrays.copyOfRange(decoded, 0, Address.LENGTH);
        byte[] givenChecksum = Arrays.copyOfRange(decoded, Address.LENGTH, decoded.length);
        if (!Arrays.equals(givenChecksum, checksum(raw))) {
            return Parsed.rejected("address checksum mismatch: the address was mistyped");
        }
        return Parsed.ok(new Address(ByteString.copyFrom(raw)));
    }

    private byte[] checksum(byte[] raw) {
        return Arrays.copyOf(suite.hash(raw), CHECKSUM_LENGTH);
    }
}
