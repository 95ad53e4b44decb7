package io.yantar.ledger.tx;

/** A reason code with the sentence that explains this particular case. */
public record Refusal(ReasonCode code, String detail) {
    public static Refusal of(ReasonCode code, String detail) {
        return new Refusal(code, detail);
    }
}
