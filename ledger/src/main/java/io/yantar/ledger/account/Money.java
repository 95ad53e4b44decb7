package io.yantar.ledger.account;

import io.yantar.ledger.Parsed;

/**
 * An amount of roubles as a whole number of kopecks. Never floating point: the text form
 * {@code 1234.56} is parsed and printed exactly, and arithmetic is overflow-checked.
 */
public record Money(long kopecks) implements Comparable<Money> {
    public static final Money ZERO = new Money(0);
    private static final int KOPECKS_PER_ROUBLE = 100;
    /** Enough digits for Long.MAX_VALUE roubles-and-kopecks; longer text is refused early. */
    private static final int TEXT_LENGTH_MAX = 24;

    public static Money ofKopecks(long kopecks) {
        return new Money(kopecks);
    }

    /**
     * Parses {@code 1234}, {@code 1234.5} or {@code 1234.56} (an optional leading minus,
     * no grouping, no exponent, at most two decimals).
     */
    public static Parsed<Money> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Parsed.rejected("an amount is required");
        }
        if (text.length() > TEXT_LENGTH_MAX) {
            return Parsed.rejected("amount text is longer than " + TEXT_LENGTH_MAX + " characters");
        }
        boolean negative = text.charAt(0) == '-';
        String unsigned = negative ? text.substring(1) : text;
        int dot = unsigned.indexOf('.');
        String whole = dot < 0 ? unsigned : unsigned.substring(0, dot);
        String fraction = dot < 0 ? "" : unsigned.substring(dot + 1);
        if (whole.isEmpty() || !allDigits(whole)) {
            return Parsed.rejected("'" + text + "' is not an amount like 1234.56");
        }
        if (dot >= 0 && (fraction.isEmpty() || fraction.length() > 2 || !allDigits(fraction))) {
            return Parsed.rejected("'" + text + "' must have one or two digits after the point");
        }
        try {
            long roubles = Long.parseLong(whole);
            long kopecks = fraction.isEmpty() ? 0 : Long.parseLong(fraction.length() == 1 ? fraction + "0" : fraction);
            long magnitude = Math.addExact(Math.multiplyExact(roubles, KOPECKS_PER_ROUBLE), kopecks);
            return Parsed.ok(new Money(negative ? -magnitude : magnitude));
        } catch (NumberFormatException | ArithmeticException e) {
            return Parsed.rejected("'" + text + "' is too large an amount");
        }
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(kopecks, other.kopecks));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(kopecks, other.kopecks));
    }

    public boolean isPositive() {
        return kopecks > 0;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(kopecks, other.kopecks);
    }

    /** {@code 1234.56}, always two decimals; {@code -0.05} for negative amounts. */
    @Override
    public String toString() {
        long roubles = kopecks / KOPECKS_PER_ROUBLE;
        long rest = Math.abs(kopecks % KOPECKS_PER_ROUBLE);
        String sign = kopecks < 0 && roubles == 0 ? "-" : "";
        return sign + roubles + "." + (rest < 10 ? "0" : "") + rest;
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
