package io.yantar.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuites;
import io.yantar.ledger.Parsed;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BeneficiaryCsvTest {
    private final AddressCodec codec = new AddressCodec(CryptoSuites.ed25519());

    @Test
    void readsLinesSkippingTheHeaderCommentsAndBlankLines() {
        Parsed<BeneficiaryCsv.Lines> parsed = BeneficiaryCsv.parse(List.of("address,amount", "# January", address(1) + ",1500.00", "",
                " " + address(2) + " , 7.5 "), codec, 10);
        BeneficiaryCsv.Lines lines = parsed.orThrow();
        assertEquals(2, lines.payments().size());
        assertEquals(150_750, lines.totalKopecks());
        assertEquals(750, lines.payments().get(1).getAmountKopecks());
    }

    @Test
    void refusesTheWholeFileNamingTheFirstBadLine() {
        assertEquals("line 2: expected 'address,amount'", reason(List.of(address(1) + ",1", "nonsense")));
        assertEquals("line 1: address checksum mismatch: the address was mistyped", reason(List.of(mistyped(address(1)) + ",1")));
        assertEquals("line 1: '1,5' must have one or two digits after the point".replace("1,5", "1.555"), reason(List.of(address(1) + ",1.555")));
        assertEquals("line 1: the amount must be more than 0.00", reason(List.of(address(1) + ",0")));
        assertEquals("line 2: " + address(1) + " is paid twice", reason(List.of(address(1) + ",1", address(1) + ",2")));
        assertEquals("no payments in the file", reason(List.of("address,amount")));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tooMany.add(address(i) + ",1");
        }
        assertEquals("more than 3 payments (a disbursement holds at most 3)", BeneficiaryCsv.parse(tooMany, codec, 3).reasonOrEmpty());
    }

    private String reason(List<String> lines) {
        return BeneficiaryCsv.parse(lines, codec, 10).reasonOrEmpty();
    }

    private String address(int seed) {
        byte[] raw = new byte[20];
        raw[0] = (byte) seed;
        raw[19] = 7;
        return codec.format(new Address(ByteString.copyFrom(raw)));
    }

    private static String mistyped(String address) {
        char last = address.charAt(address.length() - 1);
        return address.substring(0, address.length() - 1) + (last == 'a' ? 'b' : 'a');
    }
}
