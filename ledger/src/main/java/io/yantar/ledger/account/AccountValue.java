package io.yantar.ledger.account;

/** What the state tree holds per address: the balance in kopecks and the next expected nonce. */
public record AccountValue(long balanceKopecks, long nextNonce) {
    public static final AccountValue EMPTY = new AccountValue(0, 0);

    public AccountValue {
        if (balanceKopecks < 0) {
            throw new IllegalStateException("a balance is never negative: " + balanceKopecks);
        }
    }

    public AccountValue withBalance(long balance) {
        return new AccountValue(balance, nextNonce);
    }

    public AccountValue withNonceUsed() {
        return new AccountValue(balanceKopecks, Math.addExact(nextNonce, 1));
    }
}
