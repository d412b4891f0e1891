package com.example.ledger;

import java.util.ArrayList;
import java.util.List;

/** Entries, and their balance. */
public final class Ledger {

    private final List<Long> entries = new ArrayList<>();

    public Ledger post(long cents) {
        entries.add(cents);
        return this;
    }

    public long balance() {
        return entries.stream().mapToLong(Long::longValue).sum();
    }

    public int size() {
        return entries.size();
    }
}
