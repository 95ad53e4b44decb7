package io.yantar.crypto;

import java.util.List;

/** The crypto suites a genesis may name. The whole network uses one. */
public final class CryptoSuites {
    private static final Ed25519Suite ED25519 = new Ed25519Suite();
    private static final Gost2012Suite GOST = new Gost2012Suite();

    private CryptoSuites() {
    }

    public static CryptoSuite ed25519() {
        return ED25519;
    }

    public static CryptoSuite gost2012() {
        return GOST;
    }

    /** Suite identifiers a genesis may name. */
    public static List<String> ids() {
        return List.of(Ed25519Suite.ID, Gost2012Suite.ID);
    }

    /** @throws IllegalArgumentException naming the unknown suite and the known ones */
    public static CryptoSuite byId(String id) {
        if (Ed25519Suite.ID.equals(id)) {
            return ED25519;
        }
        if (Gost2012Suite.ID.equals(id)) {
            return GOST;
        }
        throw new IllegalArgumentException("unknown crypto suite '" + id + "'; known suites: " + ids());
    }
}
