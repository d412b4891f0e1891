package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutputCaptureTest {

    @Test
    void oneHugeWriteIsCutAtTheLimitAndCountedOnce() {
        List<Event> events = new ArrayList<>();
        OutputCapture capture = new OutputCapture(Events.decodingInto(events), 100);
        PrintStream console = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        capture.install();
        try {
            capture.testStarted("t1", 0, "");
            System.out.write(new byte[10_000], 0, 10_000);
            System.out.print("more");
            capture.testFinished();
        } finally {
            capture.uninstall();
            System.setOut(console);
        }
        StringBuilder text = new StringBuilder();
        for (Event event : events) {
            text.append(event.getStdOutput().getMessage());
        }
        String marker = String.format(OutputCapture.TRUNCATED, 100);
        assertEquals(100 + marker.length(), text.length());
        assertEquals(marker, text.substring(100));
        assertEquals(1, capture.truncatedTests());
    }

    @Test
    void outputWithinTheLimitIsNotCounted() {
        List<Event> events = new ArrayList<>();
        OutputCapture capture = new OutputCapture(Events.decodingInto(events), 100);
        PrintStream console = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        capture.install();
        try {
            capture.testStarted("t1", 0, "");
            System.out.print("short");
            capture.testFinished();
        } finally {
            capture.uninstall();
            System.setOut(console);
        }
        assertEquals("short", events.get(0).getStdOutput().getMessage());
        assertEquals(0, capture.truncatedTests());
    }
}
