package com.example.app;

/** Formats amounts for people. */
public final class Teller {

    public String format(long cents) {
        return String.format("%d.%02d", cents / 100, Math.abs(cents % 100));
    }
}
