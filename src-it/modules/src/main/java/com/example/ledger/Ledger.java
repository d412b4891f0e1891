package com.example.ledger;

/** Something to test. */
public final class Ledger {
    private long balance;

    public void post(long amount) {
        if (amount == 0) {
            throw new IllegalArgumentException("an empty posting");
        }
        balance += amount;
    }

    public long balance() {
        return balance;
    }
}
