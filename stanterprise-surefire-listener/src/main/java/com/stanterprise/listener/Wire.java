package com.stanterprise.listener;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protobuf's wire format, written by hand for the few messages a test JVM sends. Building and
 * encoding a test JVM's 5,600 events with the generated classes cost a fresh JVM 0.49-0.58 s of
 * CPU (their runtime's classes and descriptors loaded, their builders and writers run by the
 * interpreter and compiled by the JIT); with these few methods, 0.11-0.14 s (BENCHMARKS.md,
 * Change 15). Fields follow proto3: a string, number or enum at its default is not written; a
 * message field is written when it is set, even empty. The listener's tests parse every kind of
 * event this writes with the generated classes.
 */
final class Wire {

    /** A message that writes itself as a field of the message being written. */
    interface Message {
        void writeTo(Wire wire, int field);
    }

    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    /** What {@link #clear} keeps: a buffer grown for one large event (a long stack trace) is let go. */
    private static final int KEPT_CAPACITY = 64 * 1024;

    private byte[] buf;
    private int size;

    Wire() {
        this(256);
    }

    Wire(int capacity) {
        buf = new byte[capacity];
    }

    void string(int field, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        tag(field, LENGTH_DELIMITED);
        // Like protobuf's own encoder, a lone surrogate becomes '?'. The JDK's encoder, compiled
        // early in every JVM, copies an ASCII string's bytes at once; a loop of our own over its
        // characters ran interpreted for a test JVM's first tests.
        raw(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A string that is written even when empty: an element of a repeated field, a map entry's key and value. */
    void repeatedString(int field, String value) {
        if (value == null || value.isEmpty()) {
            tag(field, LENGTH_DELIMITED);
            varint(0);
        } else {
            string(field, value);
        }
    }

    void bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        raw(value);
    }

    /** int32, int64, uint32, uint64 and enum fields: a negative int32 takes ten bytes, as in protobuf. */
    void number(int field, long value) {
        if (value != 0) {
            tag(field, VARINT);
            varint(value);
        }
    }

    /** A {@code google.protobuf.Timestamp}. */
    void timestamp(int field, long epochMicros) {
        int message = open(field);
        number(1, Math.floorDiv(epochMicros, 1_000_000L));
        number(2, Math.floorMod(epochMicros, 1_000_000L) * 1000);
        close(message);
    }

    /** A {@code google.protobuf.Duration}; a negative one is sent as zero. */
    void duration(int field, long micros) {
        long safe = Math.max(0, micros);
        int message = open(field);
        number(1, safe / 1_000_000L);
        number(2, (safe % 1_000_000L) * 1000);
        close(message);
    }

    /** One entry of a {@code map<string, string>}. */
    void entry(int field, String key, String value) {
        int message = open(field);
        repeatedString(1, key);
        repeatedString(2, value);
        close(message);
    }

    /** Starts a message field; {@link #close} ends it. */
    int open(int field) {
        tag(field, LENGTH_DELIMITED);
        ensure(1);
        // One byte for the length: most messages here are shorter than 128 bytes; close makes room when not.
        return size++;
    }

    void close(int mark) {
        int length = size - mark - 1;
        int lengthBytes = varintSize(length);
        if (lengthBytes > 1) {
            ensure(lengthBytes - 1);
            System.arraycopy(buf, mark + 1, buf, mark + lengthBytes, length);
            size += lengthBytes - 1;
        }
        putVarint(buf, mark, length);
    }

    /** Empty again, to write the next message into the same buffer. */
    void clear() {
        size = 0;
        if (buf.length > KEPT_CAPACITY) {
            buf = new byte[1024];
        }
    }

    /** Its size as a varint, then what it holds: protobuf's {@code writeDelimitedTo}. */
    void writeDelimitedTo(OutputStream out) throws IOException {
        byte[] length = new byte[5];
        out.write(length, 0, putVarint(length, 0, size));
        out.write(buf, 0, size);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void tag(int field, int wireType) {
        varint((field << 3) | wireType);
    }

    private void raw(byte[] value) {
        varint(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buf, size, value.length);
        size += value.length;
    }

    private void varint(long value) {
        ensure(10);
        size = putVarint(buf, size, value);
    }

    /** Writes {@code value} as a varint at {@code at}; returns where it ends. */
    private static int putVarint(byte[] target, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            target[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        target[at++] = (byte) value;
        return at;
    }

    private static int varintSize(long value) {
        int bytes = 1;
        while ((value & ~0x7FL) != 0) {
            bytes++;
            value >>>= 7;
        }
        return bytes;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
