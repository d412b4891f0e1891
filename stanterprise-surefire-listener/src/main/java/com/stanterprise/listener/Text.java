package com.stanterprise.listener;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Keeps what a test throws within sizes the collector accepts, and says when it cut. */
final class Text {

    static final int MAX_MESSAGE_CHARS = 64 * 1024;
    static final int MAX_STACK_TRACE_CHARS = 256 * 1024;
    static final String TRUNCATED = "... [truncated by stanterprise: %d chars more]";

    private Text() {
    }

    static String limit(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        if (text.length() <= maxChars) {
            return text;
        }
        int cut = maxChars;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + String.format(TRUNCATED, text.length() - cut);
    }

    static String message(Throwable t) {
        String message = t.getMessage();
        return limit(message != null ? message : t.getClass().getName(), MAX_MESSAGE_CHARS);
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            t.printStackTrace(writer);
        } catch (RuntimeException e) {
            return limit(t.toString(), MAX_STACK_TRACE_CHARS);
        }
        return limit(out.toString(), MAX_STACK_TRACE_CHARS);
    }
}
