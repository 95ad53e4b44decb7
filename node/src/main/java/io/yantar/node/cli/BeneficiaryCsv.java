package io.yantar.node.cli;

import io.yantar.ledger.Parsed;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.ledger.account.Money;
import io.yantar.proto.Payment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a disbursement list: one {@code address,amount} per line (an optional header line
 * {@code address,amount}, blank lines and {@code #} comments are skipped). The first bad line
 * refuses the whole file, naming the line: a payment run is all or nothing.
 */
final class BeneficiaryCsv {
    private BeneficiaryCsv() {
    }

    record Lines(List<Payment> payments, long totalKopecks) {
    }

    static Parsed<Lines> parse(List<String> lines, AddressCodec codec, int linesMax) {
        List<Payment> payments = new ArrayList<>();
        Set<Address> seen = new HashSet<>();
        long total = 0;
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#") || (number == 1 && line.equalsIgnoreCase("address,amount"))) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 2) {
                return Parsed.rejected("line " + number + ": expected 'address,amount'");
            }
            Parsed<Address> address = codec.parse(fields[0].strip());
            if (address instanceof Parsed.Rejected<Address> rejected) {
                return Parsed.rejected("line " + number + ": " + rejected.reason());
            }
            Parsed<Money> amount = Money.parse(fields[1].strip());
            if (amount instanceof Parsed.Rejected<Money> rejected) {
                return Parsed.rejected("line " + number + ": " + rejected.reason());
            }
            if (!amount.orThrow().isPositive()) {
                return Parsed.rejected("line " + number + ": the amount must be more than 0.00");
            }
            if (!seen.add(address.orThrow())) {
                return Parsed.rejected("line " + number + ": " + fields[0].strip() + " is paid twice");
            }
            if (payments.size() == linesMax) {
                return Parsed.rejected("more than " + linesMax + " payments (a disbursement holds at most " + linesMax + ")");
            }
            try {
                total = Math.addExact(total, amount.orThrow().kopecks());
            } catch (ArithmeticException e) {
                return Parsed.rejected("line " + number + ": the total is too large");
            }
            payments.add(Payment.newBuilder().setBeneficiary(address.orThrow().bytes()).setAmountKopecks(amount.orThrow().kopecks()).build());
        }
        if (payments.isEmpty()) {
            return Parsed.rejected("no payments in the file");
        }
        return Parsed.ok(new Lines(List.copyOf(payments), total));
    }
}
