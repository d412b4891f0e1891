package com.stanterprise.listener;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.stanterprise.testsystem.v1.observer.Event;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An event larger than a fork frame allows. Rare (each text is within its own limit already),
 * so the generated classes decode it and walk its strings; no other event loads them.
 */
final class OversizedEvent {

    /** {@link #fit} cuts no string below this: ids and short names stay whole. */
    private static final int MIN_FIT_CHARS = 1024;

    private OversizedEvent() {
    }

    /**
     * The event, or, when it is larger than {@code maxBytes} on the wire (its fields each within
     * their limit, but together, or in 3-byte characters, too many), a copy whose longest strings
     * are cut, with a marker, until it fits: every event fits in a fork frame and in a message to
     * the collector.
     */
    static byte[] fit(byte[] event, int maxBytes) {
        if (event.length <= maxBytes) {
            return event;
        }
        try {
            // Rare: only here does the listener decode an event, with the generated classes.
            return fit(Event.parseFrom(event), maxBytes).toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an encoded event", e);
        }
    }

    static Event fit(Event event, int maxBytes) {
        if (event.getSerializedSize() <= maxBytes) {
            return event;
        }
        Text.counted();
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
                return Text.shorten((String) value, cap);
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
                    ? (List<?>) field.getValue() : Collections.singletonList(field.getValue());
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
}
