package io.yantar.ledger.tx;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the verdicts a replica reached when payloads entered its mempool, so that
 * executing the committed block does not verify the same signatures again. A verdict is a
 * function of the payload bytes alone, so reusing it cannot change what execution decides;
 * a payload never seen is validated in full. Bounded: the oldest verdicts are forgotten first.
 * Not thread-safe (one per replica, used by its single execution thread).
 */
public final class VerdictCache implements PayloadValidator {
    private final PayloadValidator validator;
    private final Map<ByteString, Validation> verdicts;

    public VerdictCache(PayloadValidator validator, int entriesMax) {
        if (entriesMax < 1) {
            throw new IllegalArgumentException("entriesMax must be positive");
        }
        this.validator = validator;
        this.verdicts = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteString, Validation> eldest) {
                return size() > entriesMax;
            }
        };
    }

    /** Validates a payload on admission and remembers the verdict for its execution. */
    public Validation admit(ByteString payload) {
        Validation verdict = validator.validate(payload);
        verdicts.put(payload, verdict);
        return verdict;
    }

    /** The remembered verdict (forgotten now: a payload executes once), or a full validation. */
    @Override
    public Validation validate(ByteString payload) {
        Validation remembered = verdicts.remove(payload);
        return remembered != null ? remembered : validator.validate(payload);
    }

    public int size() {
        return verdicts.size();
    }
}
