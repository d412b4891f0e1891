package com.stanterprise.listener;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextTest {

    private static String marker(int more) {
        return String.format(Text.TRUNCATED, more);
    }

    private static String repeat(char c, int count) {
        StringBuilder text = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            text.append(c);
        }
        return text.toString();
    }

    @Test
    void nullBecomesEmpty() {
        assertEquals("", Text.limit(null, 10));
    }

    @Test
    void textWithinTheLimitIsKeptAsIs() {
        String text = "0123456789";
        assertSame(text, Text.limit(text, 10));
        assertSame(text, Text.limit(text, 11));
        assertEquals("", Text.limit("", 1));
    }

    @Test
    void longerTextIsCutAndSaysHowMuchWasCut() {
        assertEquals("0123" + marker(6), Text.limit("0123456789", 4));
        assertEquals("012345678" + marker(1), Text.limit("0123456789", 9));
    }

    @Test
    void doesNotSplitASurrogatePair() {
        String text = "ab\uD83D\uDE00cd"; // "ab😀cd": the emoji is the pair at index 2 and 3

        String cutInsideThePair = Text.limit(text, 3);
        assertEquals("ab" + marker(4), cutInsideThePair);

        String cutAfterThePair = Text.limit(text, 4);
        assertEquals("ab\uD83D\uDE00" + marker(2), cutAfterThePair);

        String cutBeforeThePair = Text.limit(text, 2);
        assertEquals("ab" + marker(4), cutBeforeThePair);

        for (int max = 1; max < text.length(); max++) {
            String limited = Text.limit(text, max);
            for (int i = 0; i < limited.length(); i++) {
                char c = limited.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    assertTrue(i + 1 < limited.length() && Character.isLowSurrogate(limited.charAt(i + 1)),
                            "lone high surrogate at " + i + " for max " + max);
                } else if (Character.isLowSurrogate(c)) {
                    assertTrue(i > 0 && Character.isHighSurrogate(limited.charAt(i - 1)),
                            "lone low surrogate at " + i + " for max " + max);
                }
            }
        }
    }

    @Test
    void messageFallsBackToTheClassNameAndIsLimited() {
        assertEquals("java.lang.IllegalStateException", Text.message(new IllegalStateException()));
        assertEquals("boom", Text.message(new IllegalStateException("boom")));

        String huge = repeat('x', Text.MAX_MESSAGE_CHARS + 100);
        String message = Text.message(new AssertionError(huge));
        assertEquals(repeat('x', Text.MAX_MESSAGE_CHARS) + marker(100), message);
    }

    @Test
    void stackTraceHoldsTheThrowableAndItsFramesAndIsLimited() {
        String trace = Text.stackTrace(new IllegalStateException("boom"));
        assertTrue(trace.startsWith("java.lang.IllegalStateException: boom"), trace);
        assertTrue(trace.contains("TextTest.stackTraceHoldsTheThrowableAndItsFramesAndIsLimited"), trace);

        String huge = repeat('y', Text.MAX_STACK_TRACE_CHARS);
        String limited = Text.stackTrace(new IllegalStateException(huge));
        assertTrue(limited.length() <= Text.MAX_STACK_TRACE_CHARS + marker(Integer.MAX_VALUE).length());
        assertTrue(limited.contains("[truncated by stanterprise: "), "says that it cut");
    }

    @Test
    void aThrowableThatCannotPrintItsStackTraceStillGivesItsText() {
        Throwable unprintable = new IllegalStateException("cannot print") {
            @Override
            public void printStackTrace(PrintWriter s) {
                throw new UnsupportedOperationException("no");
            }
        };
        String trace = Text.stackTrace(unprintable);
        assertTrue(trace.contains("cannot print"), trace);
        assertFalse(trace.isEmpty());
    }
}
