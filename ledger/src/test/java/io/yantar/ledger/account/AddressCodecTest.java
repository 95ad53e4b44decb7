package io.yantar.ledger.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.ledger.Parsed;
import io.yantar.ledger.TestNetwork;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AddressCodecTest {
    private final AddressCodec codec = new AddressCodec(TestNetwork.SUITE);
    private final Address alice = TestNetwork.address(TestNetwork.key("alice"));

    @Test
    void addressIsTheTaggedHashOfThePublicKey() {
        ByteString key = TestNetwork.publicKey(TestNetwork.key("alice"));
        byte[] expected = Arrays.copyOf(TestNetwork.SUITE.hash(
                "yantar/address/v1".getBytes(StandardCharsets.US_ASCII), key.toByteArray()), 20);
        assertEquals(ByteString.copyFrom(expected), alice.bytes());
    }

    @Test
    void textFormRoundTrips() {
        String text = codec.format(alice);
        assertTrue(text.startsWith("yn"));
        assertEquals(50, text.length());
        assertEquals(alice, codec.parse(text).orThrow());
    }

    @Test
    void everySingleMistypedDigitIsRefused() {
        String text = codec.format(alice);
        for (int i = 2; i < text.length(); i++) {
            char original = text.charAt(i);
            char typo = original == '0' ? '1' : '0';
            String mistyped = text.substring(0, i) + typo + text.substring(i + 1);
            Parsed<Address> parsed = codec.parse(mistyped);
            assertFalse(parsed.isOk(), "typo at " + i);
            assertTrue(parsed.reasonOrEmpty().contains("checksum"), parsed.reasonOrEmpty());
        }
    }

    @Test
    void malformedTextIsRefusedWithAReason() {
        String text = codec.format(alice);
        assertTrue(codec.parse("xx" + text.substring(2)).reasonOrEmpty().contains("starts with"));
        assertTrue(codec.parse(text.substring(0, 49)).reasonOrEmpty().contains("50 characters"));
        assertTrue(codec.parse(text.toUpperCase().replace("YN", "yn")).reasonOrEmpty().contains("lower-case"));
        assertFalse(codec.parse(null).isOk());
    }
}
