package io.yantar.ledger.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.ledger.Parsed;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    @ParameterizedTest
    @CsvSource({
        "1234.56, 123456, 1234.56",
        "0.05, 5, 0.05",
        "7, 700, 7.00",
        "7.5, 750, 7.50",
        "-0.05, -5, -0.05",
        "-12.30, -1230, -12.30",
        "92233720368547758.07, 9223372036854775807, 92233720368547758.07",
    })
    void parsesAndPrintsExactly(String text, long kopecks, String printed) {
        Money money = Money.parse(text).orThrow();
        assertEquals(kopecks, money.kopecks());
        assertEquals(printed, money.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.234", "1,50", "1e3", "+5", ".5", "5.", "12 34", "--1", "92233720368547758.08", "0x10", "١٢"})
    void refusesWhatIsNotAnExactAmount(String text) {
        Parsed<Money> parsed = Money.parse(text);
        assertFalse(parsed.isOk());
        assertFalse(parsed.reasonOrEmpty().isEmpty());
    }

    @Test
    void printThenParseIsTheIdentity() {
        Random random = new Random(20261126L);
        for (int i = 0; i < 10_000; i++) {
            long kopecks = random.nextLong();
            assertEquals(kopecks, Money.parse(Money.ofKopecks(kopecks).toString()).orThrow().kopecks());
        }
        assertEquals(Long.MIN_VALUE + 1, Money.parse(Money.ofKopecks(Long.MIN_VALUE + 1).toString()).orThrow().kopecks());
    }

    @Test
    void arithmeticRefusesToOverflow() {
        Money max = Money.ofKopecks(Long.MAX_VALUE);
        assertThrows(ArithmeticException.class, () -> max.plus(Money.ofKopecks(1)));
        assertThrows(ArithmeticException.class, () -> Money.ofKopecks(Long.MIN_VALUE).minus(Money.ofKopecks(1)));
        assertEquals(Money.ofKopecks(150), Money.ofKopecks(100).plus(Money.ofKopecks(50)));
        assertTrue(Money.ofKopecks(1).isPositive());
        assertFalse(Money.ZERO.isPositive());
    }
}
