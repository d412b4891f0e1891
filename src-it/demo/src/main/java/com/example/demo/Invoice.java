package com.example.demo;

/** A tiny thing to test. */
public record Invoice(String customer, long cents) {

    public Invoice {
        if (cents < 0) {
            throw new IllegalArgumentException("an invoice cannot be negative");
        }
    }

    public Invoice plus(long more) {
        return new Invoice(customer, cents + more);
    }
}
