package io.yantar.ledger.state;

import com.google.protobuf.ByteString;
import java.util.Comparator;

/** A beneficiary a social-payment program has paid: each is paid at most once per program id. */
public record PaidBeneficiary(String programId, ByteString beneficiary) {
    static final Comparator<PaidBeneficiary> ORDER = Comparator.comparing(PaidBeneficiary::programId)
            .thenComparing(PaidBeneficiary::beneficiary, ByteString.unsignedLexicographicalComparator());
}
