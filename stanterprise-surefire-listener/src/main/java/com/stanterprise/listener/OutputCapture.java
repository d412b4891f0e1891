package com.stanterprise.listener;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Attributes what a test prints to the test, as StdOutput and StdError events. It sits in front
 * of whatever stream Surefire installed and passes every call on as it came, text as text and
 * bytes as bytes, so what Surefire prints and reports does not change. Output belongs to the test
 * running on the printing thread; output from other threads, or between tests, is passed on but
 * not reported. Each test reports at most {@code maxBytesPerTest} bytes (of UTF-8), then one
 * truncation marker.
 */
final class OutputCapture {

    static final String TRUNCATED = "[stanterprise: output truncated after %d bytes]";
    /**
     * An event is cut at a line end once {@link #LINGER_NANOS} passed since the test's last one,
     * or at this size: a chatty test makes a few events a second, not one per line.
     */
    private static final int CHUNK_BYTES = 8 * 1024;
    private static final long LINGER_NANOS = 100_000_000L;

    private final Consumer<byte[]> out;
    private final long maxBytesPerTest;
    /** What the bytes a test writes are taken to be encoded in; text is kept as UTF-8. */
    private final Charset bytesCharset;
    private final ThreadLocal<TestOutput> current = new ThreadLocal<>();
    private final AtomicLong truncatedTests = new AtomicLong();
    private PrintStream originalOut;
    private PrintStream originalErr;
    private PrintStream installedOut;
    private PrintStream installedErr;

    /** What one test has printed and not yet reported, and how much it has reported. */
    private final class TestOutput {
        final String testId;
        final int retryIndex;
        final String executionId;
        /** In UTF-8, which keeps every character whatever the JVM's default charset. */
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        long reported;
        boolean truncated;
        long lastEmit = System.nanoTime() - LINGER_NANOS;

        TestOutput(String testId, int retryIndex, String executionId) {
            this.testId = testId;
            this.retryIndex = retryIndex;
            this.executionId = executionId;
        }

        void write(boolean error, byte[] bytes, int offset, int length) {
            if (truncated) {
                return;
            }
            ByteArrayOutputStream pending = error ? stderr : stdout;
            // Past the limit only one byte more is kept, to know that the output was cut: one
            // huge write never costs more memory than the limit.
            long room = maxBytesPerTest - reported - stdout.size() - stderr.size() + 1;
            pending.write(bytes, offset, (int) Math.max(0, Math.min(length, room)));
            if (pending.size() >= CHUNK_BYTES
                    || (endsLine(bytes, offset, length) && System.nanoTime() - lastEmit >= LINGER_NANOS)) {
                emit(error);
            }
        }

        void emit(boolean error) {
            ByteArrayOutputStream pending = error ? stderr : stdout;
            if (pending.size() == 0) {
                return;
            }
            byte[] bytes = pending.toByteArray();
            pending.reset();
            lastEmit = System.nanoTime();
            long room = maxBytesPerTest - reported;
            String text;
            if (bytes.length > room) {
                text = new String(bytes, 0, (int) Math.max(0, room), StandardCharsets.UTF_8)
                        + String.format(TRUNCATED, maxBytesPerTest);
                truncated = true;
                truncatedTests.incrementAndGet();
            } else {
                text = new String(bytes, StandardCharsets.UTF_8);
            }
            reported += Math.min(bytes.length, room);
            long now = Times.nowMicros();
            out.accept(WireEvents.output(now, error, testId, text, retryIndex, executionId));
        }
    }

    OutputCapture(Consumer<byte[]> out, long maxBytesPerTest) {
        // A test that writes bytes, not text, has most likely encoded them as a PrintStream or
        // Writer of its own does by default.
        this(out, maxBytesPerTest, Charset.defaultCharset());
    }

    OutputCapture(Consumer<byte[]> out, long maxBytesPerTest, Charset bytesCharset) {
        this.out = out;
        this.maxBytesPerTest = maxBytesPerTest;
        this.bytesCharset = bytesCharset;
    }

    /** Tests whose output was cut at the limit. */
    long truncatedTests() {
        return truncatedTests.get();
    }

    /** Puts the capturing streams in front of the current System.out and System.err. */
    synchronized void install() {
        originalOut = System.out;
        originalErr = System.err;
        installedOut = new Capturing(originalOut, false);
        installedErr = new Capturing(originalErr, true);
        System.setOut(installedOut);
        System.setErr(installedErr);
    }

    /** Puts the original streams back, unless someone replaced ours meanwhile. */
    synchronized void uninstall() {
        if (System.out == installedOut) {
            System.setOut(originalOut);
        }
        if (System.err == installedErr) {
            System.setErr(originalErr);
        }
    }

    /** The calling thread now runs this attempt of this test. */
    void testStarted(String testId, int retryIndex, String executionId) {
        current.set(new TestOutput(testId, retryIndex, executionId));
    }

    /** Reports what the test printed last; called before the test's end event. */
    void testFinished() {
        TestOutput output = current.get();
        if (output != null) {
            output.emit(false);
            output.emit(true);
            current.remove();
        }
    }

    private static boolean endsLine(byte[] bytes, int offset, int length) {
        for (int i = offset + length - 1; i >= offset; i--) {
            if (bytes[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    /**
     * Stands in for the stream it replaced and passes every call on to it as it came: text as
     * text, bytes as bytes. Surefire's stream takes text as text and keeps every character; text
     * turned into bytes of the default charset on the way (a plain PrintStream) would reach it
     * without what that charset cannot encode, in its reports too. PrintStream's other methods
     * (printf, format, write(byte[])) come back to these. Then what the running test wrote goes
     * to its output.
     */
    private final class Capturing extends PrintStream {
        private final PrintStream target;
        private final boolean error;

        Capturing(PrintStream target, boolean error) {
            super(target, true);
            this.target = target;
            this.error = error;
        }

        @Override
        public void write(int b) {
            target.write(b);
            record(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            target.write(bytes, offset, length);
            record(bytes, offset, length);
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            target.write(bytes);
            record(bytes, 0, bytes.length);
        }

        // Every value is passed on as its text: what PrintStream would print for it, as a String.
        @Override
        public void print(boolean b) {
            print(String.valueOf(b));
        }

        @Override
        public void print(char c) {
            print(String.valueOf(c));
        }

        @Override
        public void print(int i) {
            print(String.valueOf(i));
        }

        @Override
        public void print(long l) {
            print(String.valueOf(l));
        }

        @Override
        public void print(float f) {
            print(String.valueOf(f));
        }

        @Override
        public void print(double d) {
            print(String.valueOf(d));
        }

        @Override
        public void print(char[] chars) {
            print(new String(chars));
        }

        /** The object's text taken once, as PrintStream does: toString may differ from call to call. */
        @Override
        public void print(Object o) {
            print(String.valueOf(o));
        }

        @Override
        public void print(String s) {
            target.print(s);
            record(String.valueOf(s));
        }

        @Override
        public void println() {
            target.println();
            record(System.lineSeparator());
        }

        @Override
        public void println(boolean b) {
            println(String.valueOf(b));
        }

        @Override
        public void println(char c) {
            println(String.valueOf(c));
        }

        @Override
        public void println(int i) {
            println(String.valueOf(i));
        }

        @Override
        public void println(long l) {
            println(String.valueOf(l));
        }

        @Override
        public void println(float f) {
            println(String.valueOf(f));
        }

        @Override
        public void println(double d) {
            println(String.valueOf(d));
        }

        @Override
        public void println(char[] chars) {
            println(new String(chars));
        }

        @Override
        public void println(Object o) {
            println(String.valueOf(o));
        }

        @Override
        public void println(String s) {
            target.println(s);
            record(s + System.lineSeparator());
        }

        @Override
        public PrintStream append(CharSequence text) {
            target.append(text);
            record(String.valueOf(text));
            return this;
        }

        @Override
        public PrintStream append(CharSequence text, int start, int end) {
            target.append(text, start, end);
            record((text == null ? "null" : text).subSequence(start, end).toString());
            return this;
        }

        @Override
        public PrintStream append(char c) {
            target.append(c);
            record(String.valueOf(c));
            return this;
        }

        @Override
        public void flush() {
            target.flush();
        }

        @Override
        public void close() {
            target.close();
        }

        @Override
        public boolean checkError() {
            return target.checkError();
        }

        private void record(String text) {
            TestOutput output = current.get();
            if (output != null) {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                keep(output, utf8, 0, utf8.length);
            }
        }

        private void record(byte[] bytes, int offset, int length) {
            TestOutput output = current.get();
            if (output == null) {
                return;
            }
            if (!bytesCharset.equals(StandardCharsets.UTF_8)) {
                // Kept as UTF-8, as text is. A character of a multi-byte charset that the test
                // splits across two writes is lost; single-byte charsets lose nothing.
                byte[] utf8 = new String(bytes, offset, length, bytesCharset).getBytes(StandardCharsets.UTF_8);
                keep(output, utf8, 0, utf8.length);
            } else {
                keep(output, bytes, offset, length);
            }
        }

        private void keep(TestOutput output, byte[] utf8, int offset, int length) {
            try {
                output.write(error, utf8, offset, length);
            } catch (RuntimeException ignored) {
                // reporting never disturbs what the test prints
            }
        }
    }
}
