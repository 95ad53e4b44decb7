package io.yantar.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictCacheTest {
    private final List<ByteString> validated = new ArrayList<>();
    private final PayloadValidator counting = payload -> {
        validated.add(payload);
        return new Validation.Invalid(payload, ReasonCode.MALFORMED, "test verdict for " + payload.toStringUtf8());
    };

    @Test
    void reusesTheAdmissionVerdictOnceAndValidatesUnknownPayloads() {
        VerdictCache cache = new VerdictCache(counting, 10);
        ByteString admitted = ByteString.copyFromUtf8("a");
        Validation verdict = cache.admit(admitted);
        assertSame(verdict, cache.validate(admitted));
        assertEquals(List.of(admitted), validated);
        cache.validate(admitted);
        cache.validate(ByteString.copyFromUtf8("b"));
        assertEquals(3, validated.size(), "executed once, then validated again; unknown payloads validated");
    }

    @Test
    void forgetsTheOldestBeyondItsBound() {
        VerdictCache cache = new VerdictCache(counting, 2);
        cache.admit(ByteString.copyFromUtf8("1"));
        cache.admit(ByteString.copyFromUtf8("2"));
        cache.admit(ByteString.copyFromUtf8("3"));
        assertEquals(2, cache.size());
        cache.validate(ByteString.copyFromUtf8("1"));
        assertEquals(4, validated.size(), "the oldest verdict was forgotten and is computed again");
    }
}
