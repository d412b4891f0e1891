package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * Stands for Surefire's stream, which takes text as text: it keeps what each call passed, so
     * that a test can tell text that reached it as text from text that became bytes on the way.
     */
    static final class TextKeepingStream extends PrintStream {
        final List<String> calls = new ArrayList<>();

        TextKeepingStream() {
            super(new ByteArrayOutputStream(), true);
        }

        @Override
        public void print(String s) {
            calls.add("print " + s);
        }

        @Override
        public void println(String s) {
            calls.add("println " + s);
        }

        @Override
        public void print(char c) {
            calls.add("print " + c);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            calls.add("bytes " + Arrays.toString(Arrays.copyOfRange(bytes, offset, offset + length)));
        }

        @Override
        public void write(int b) {
            calls.add("bytes [" + (byte) b + "]");
        }
    }

    /**
     * Surefire's stream keeps every character of the text it gets; text that became bytes of a
     * charset that cannot encode it (a JVM whose default is ASCII) would reach its reports as "?".
     */
    @Test
    void textReachesTheReplacedStreamAsTextAndBytesAsBytesWhateverTheCharset() {
        List<Event> events = new ArrayList<>();
        OutputCapture capture = new OutputCapture(Events.decodingInto(events), 1000, StandardCharsets.US_ASCII);
        PrintStream console = System.out;
        TextKeepingStream surefire = new TextKeepingStream();
        System.setOut(surefire);
        capture.install();
        try {
            capture.testStarted("t1", 0, "");
            System.out.println("h\u00e9llo \u2603");
            System.out.print('\u00e9');
            System.out.write(new byte[] {'a', 'b'}, 0, 2);
            capture.testFinished();
        } finally {
            capture.uninstall();
            System.setOut(console);
        }
        assertEquals(Arrays.asList("println h\u00e9llo \u2603", "print \u00e9", "bytes [97, 98]"), surefire.calls);
        assertEquals("h\u00e9llo \u2603" + System.lineSeparator() + "\u00e9ab", messages(events));
    }

    /** Bytes are read in the capture's charset; text the test printed keeps every character. */
    @Test
    void theReportedOutputKeepsEveryCharacterOfTextAndOfBytes() {
        List<Event> events = new ArrayList<>();
        OutputCapture capture = new OutputCapture(Events.decodingInto(events), 1000, StandardCharsets.ISO_8859_1);
        PrintStream console = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        capture.install();
        try {
            capture.testStarted("t1", 0, "");
            System.out.write(new byte[] {'h', (byte) 0xe9}, 0, 2);
            System.out.printf("%s %d", "\u2603", 7);
            System.out.append("\u00e9t\u00e9", 1, 3);
            capture.testFinished();
        } finally {
            capture.uninstall();
            System.setOut(console);
        }
        assertEquals("h\u00e9\u2603 7t\u00e9", messages(events));
    }

    private static String messages(List<Event> events) {
        StringBuilder text = new StringBuilder();
        for (Event event : events) {
            text.append(event.getStdOutput().getMessage());
        }
        return text.toString();
    }
}
