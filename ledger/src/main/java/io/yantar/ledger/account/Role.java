package io.yantar.ledger.account;

import java.util.Optional;

/** An authority a public key may hold, as named in the genesis ({@code Authority.role}). */
public enum Role {
    /** May issue money into its own account and disburse social payments from it. */
    ISSUER("issuer"),
    /** Proposes and approves governance changes. */
    ADMIN("admin");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Role> fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName.equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
