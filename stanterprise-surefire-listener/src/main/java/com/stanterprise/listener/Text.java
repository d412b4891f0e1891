package com.stanterprise.listener;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicLong;

/** Keeps what a test throws within sizes the collector accepts, and says when it cut. */
final class Text {

    static final int MAX_MESSAGE_CHARS = 64 * 1024;
    static final int MAX_STACK_TRACE_CHARS = 256 * 1024;
    static final String TRUNCATED = "... [truncated by stanterprise: %d chars more]";

    /** Texts cut in this class loader, for the build log; a reporter reports what grew during its plan. */
    private static final AtomicLong CUT = new AtomicLong();

    private Text() {
    }

    static long truncations() {
        return CUT.get();
    }

    static String limit(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        if (text.length() <= maxChars) {
            return text;
        }
        CUT.incrementAndGet();
        return shorten(text, maxChars);
    }

    /** Counts one text cut elsewhere ({@link OversizedEvent}). */
    static void counted() {
        CUT.incrementAndGet();
    }

    static String shorten(String text, int maxChars) {
        return text.length() <= maxChars ? text : cut(new StringBuilder(text.substring(0, maxChars)), text.length());
    }

    /** {@code kept} holds the first chars of a text {@code total} chars long; cut where no surrogate pair splits. */
    private static String cut(StringBuilder kept, long total) {
        int cut = kept.length();
        if (cut > 0 && Character.isHighSurrogate(kept.charAt(cut - 1))) {
            cut--;
        }
        kept.setLength(cut);
        return kept.append(String.format(TRUNCATED, total - cut)).toString();
    }

    static String message(Throwable t) {
        String message = t.getMessage();
        return limit(message != null ? message : t.getClass().getName(), MAX_MESSAGE_CHARS);
    }

    /** Never holds more than the limit, however deep the trace or long the message. */
    static String stackTrace(Throwable t) {
        Bounded out = new Bounded(MAX_STACK_TRACE_CHARS);
        try (PrintWriter writer = new PrintWriter(out)) {
            t.printStackTrace(writer);
        } catch (RuntimeException e) {
            return limit(t.toString(), MAX_STACK_TRACE_CHARS);
        }
        if (out.total <= MAX_STACK_TRACE_CHARS) {
            return out.kept.toString();
        }
        CUT.incrementAndGet();
        return cut(out.kept, out.total);
    }

    /** Keeps the first {@code max} chars written to it and counts the rest. */
    private static final class Bounded extends Writer {
        final StringBuilder kept = new StringBuilder();
        final int max;
        long total;

        Bounded(int max) {
            this.max = max;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            total += length;
            int room = max - kept.length();
            if (room > 0) {
                kept.append(chars, offset, Math.min(room, length));
            }
        }

        @Override
        public void write(String text, int offset, int length) {
            total += length;
            int room = max - kept.length();
            if (room > 0) {
                kept.append(text, offset, offset + Math.min(room, length));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
