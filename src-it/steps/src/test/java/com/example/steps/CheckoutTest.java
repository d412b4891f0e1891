package com.example.steps;

import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static com.stanterprise.listener.Stanterprise.attach;
import static com.stanterprise.listener.Stanterprise.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckoutTest {

    static final byte[] SCREENSHOT = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 42};

    @Test
    void paysTheInvoice(TestReporter reporter) {
        reporter.publishEntry("invoice", "INV-42");
        String receipt = step("pay the invoice", () -> {
            step("open the invoice", () -> attach("invoice.png", "image/png", SCREENSHOT));
            return step("confirm the payment", () -> "receipt-42");
        });
        attach("receipt.txt", "text/plain", receipt.getBytes(StandardCharsets.UTF_8));
        reporter.publishFile("receipt.json", MediaType.APPLICATION_JSON,
                file -> Files.write(file, "{\"receipt\":\"receipt-42\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void isDeclined() {
        step("pay the invoice", () -> {
            step("enter the card", () -> { });
            step("see the payment accepted", () -> assertEquals("accepted", "declined", "the bank's answer"));
        });
    }
}
