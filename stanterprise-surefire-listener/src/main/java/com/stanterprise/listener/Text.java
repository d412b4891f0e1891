package com.stanterprise.listener;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.stanterprise.testsystem.v1.observer.Event;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Keeps what a test throws within sizes the collector accepts, and says when it cut. */
final class Text {

    static final int MAX_MESSAGE_CHARS = 64 * 1024;
    static final int MAX_STACK_TRACE_CHARS = 256 * 1024;
    static final String TRUNCATED = "... [truncated by stanterprise: %d chars more]";
    /** {@link #fit} cuts no string below this: ids and short names stay whole. */
    private static final int MIN_FIT_CHARS = 1024;

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

    private static String shorten(String text, int maxChars) {
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

    /**
     * The event, or, when it is larger than {@code maxBytes} on the wire (its fields each within
     * their limit, but together, or in 3-byte characters, too many), a copy whose longest strings
     * are cut, with a marker, until it fits: every event fits in a fork frame and in a message to
     * the collector.
     */
    static Event fit(Event event, int maxBytes) {
        if (event.getSerializedSize() <= maxBytes) {
            return event;
        }
        CUT.incrementAndGet();
        Event fitted = event;
        for (int cap = longest(event) / 2; cap >= MIN_FIT_CHARS && fitted.getSerializedSize() > maxBytes; cap /= 2) {
            fitted = (Event) cut(event, cap);
        }
        return fitted;
    }

    private static Message cut(Message message, int cap) {
        Message.Builder builder = message.toBuilder();
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            FieldDescriptor descriptor = field.getKey();
            if (descriptor.isRepeated()) {
                List<?> values = (List<?>) field.getValue();
                for (int i = 0; i < values.size(); i++) {
                    builder.setRepeatedField(descriptor, i, cut(descriptor, values.get(i), cap));
                }
            } else {
                builder.setField(descriptor, cut(descriptor, field.getValue(), cap));
            }
        }
        return builder.build();
    }

    private static Object cut(FieldDescriptor descriptor, Object value, int cap) {
        switch (descriptor.getJavaType()) {
            case STRING:
                return shorten((String) value, cap);
            case MESSAGE:
                return cut((Message) value, cap);
            default:
                return value;
        }
    }

    private static int longest(Message message) {
        int longest = 0;
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            Iterable<?> values = field.getKey().isRepeated()
                    ? (List<?>) field.getValue() : java.util.Collections.singletonList(field.getValue());
            for (Object value : values) {
                if (value instanceof String) {
                    longest = Math.max(longest, ((String) value).length());
                } else if (value instanceof Message) {
                    longest = Math.max(longest, longest((Message) value));
                }
            }
        }
        return longest;
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
