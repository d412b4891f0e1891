package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.events.TestEndEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a hostile test can throw still fits: stack traces of any depth, events of any size. */
class TextBoundsTest {

    private static final int MAX_BYTES = 1024 * 1024;

    private static String repeat(String s, int count) {
        StringBuilder text = new StringBuilder(s.length() * count);
        for (int i = 0; i < count; i++) {
            text.append(s);
        }
        return text.toString();
    }

    private static Throwable deep(int depth) {
        if (depth == 0) {
            return new IllegalStateException("bottom");
        }
        return deep(depth - 1);
    }

    @Test
    void aStackTraceOfAnyLengthIsCutAtItsLimitAndSaysByHowMuch() {
        Throwable thrown = new AssertionError(repeat("m", 3 * Text.MAX_STACK_TRACE_CHARS));
        long before = Text.truncations();
        String trace = Text.stackTrace(thrown);
        assertEquals(before + 1, Text.truncations());
        assertTrue(trace.startsWith("java.lang.AssertionError: mmm"));
        String kept = repeat("m", Text.MAX_STACK_TRACE_CHARS - "java.lang.AssertionError: ".length());
        assertTrue(trace.startsWith("java.lang.AssertionError: " + kept + "... [truncated by stanterprise: "), "cut at the limit");
        java.io.StringWriter full = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(full));
        assertTrue(trace.endsWith(String.format(Text.TRUNCATED, full.toString().length() - Text.MAX_STACK_TRACE_CHARS)),
                trace.substring(Text.MAX_STACK_TRACE_CHARS - 10));
    }

    @Test
    void aShortStackTraceIsWholeAndNotCounted() {
        long before = Text.truncations();
        String trace = Text.stackTrace(deep(10));
        assertEquals(before, Text.truncations());
        assertTrue(trace.startsWith("java.lang.IllegalStateException: bottom"));
        assertTrue(trace.contains("TextBoundsTest.deep"));
    }

    @Test
    void anEventWithinTheLimitIsKeptAsIs() {
        Event event = testEnd("name", "message", "trace");
        assertSame(event, OversizedEvent.fit(event, MAX_BYTES));
    }

    @Test
    void anEventOfWideCharactersIsCutToFitEveryFieldStillThere() {
        // each field within its own limit, but 3 bytes per char: some 1.15 MB together
        String euro = "\u20AC";
        Event event = testEnd(repeat(euro, Text.MAX_MESSAGE_CHARS), repeat(euro, Text.MAX_MESSAGE_CHARS),
                repeat(euro, Text.MAX_STACK_TRACE_CHARS));
        assertTrue(event.getSerializedSize() > MAX_BYTES);
        long before = Text.truncations();

        Event fitted = OversizedEvent.fit(event, MAX_BYTES);

        assertTrue(fitted.getSerializedSize() <= MAX_BYTES, fitted.getSerializedSize() + " bytes");
        assertEquals(before + 1, Text.truncations(), "one cut event");
        TestCaseRun test = fitted.getTestEnd().getTestCase();
        assertEquals("id-1", test.getId());
        assertTrue(test.getStackTrace().startsWith(euro) && test.getStackTrace().contains("[truncated by stanterprise: "));
        assertTrue(test.getName().startsWith(euro) && test.getErrorMessage().startsWith(euro));
        assertEquals("a small value", test.getMetadataOrThrow("class"));
        String huge = test.getMetadataOrThrow("huge");
        assertTrue(huge.contains("[truncated by stanterprise: "), "map values are cut too");
        assertEquals(huge, new String(huge.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    private static Event testEnd(String name, String message, String trace) {
        return Event.newBuilder().setTestEnd(TestEndEventRequest.newBuilder().setTestCase(TestCaseRun.newBuilder()
                .setId("id-1").setName(name).setErrorMessage(message).addErrors(message).setStackTrace(trace)
                .putMetadata("class", "a small value")
                .putMetadata("huge", message.length() > 100 ? repeat("\u20AC", 200_000) : "small"))).build();
    }
}
