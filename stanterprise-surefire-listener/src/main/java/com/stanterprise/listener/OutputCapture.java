package com.stanterprise.listener;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Attributes what a test prints to the test, as StdOutput and StdError events. It sits in front
 * of whatever stream Surefire installed and passes every byte on unchanged, so what Surefire
 * prints and reports does not change. Output belongs to the test running on the printing
 * thread; output from other threads, or between tests, is passed on but not reported. Each test
 * reports at most {@code maxBytesPerTest} bytes, then one truncation marker.
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
                text = new String(bytes, 0, (int) Math.max(0, room), Charset.defaultCharset())
                        + String.format(TRUNCATED, maxBytesPerTest);
                truncated = true;
                truncatedTests.incrementAndGet();
            } else {
                text = new String(bytes, Charset.defaultCharset());
            }
            reported += Math.min(bytes.length, room);
            long now = Times.nowMicros();
            out.accept(WireEvents.output(now, error, testId, text, retryIndex, executionId));
        }
    }

    OutputCapture(Consumer<byte[]> out, long maxBytesPerTest) {
        this.out = out;
        this.maxBytesPerTest = maxBytesPerTest;
    }

    /** Tests whose output was cut at the limit. */
    long truncatedTests() {
        return truncatedTests.get();
    }

    /** Puts the capturing streams in front of the current System.out and System.err. */
    synchronized void install() {
        originalOut = System.out;
        originalErr = System.err;
        installedOut = new PrintStream(new Tee(originalOut, false), true);
        installedErr = new PrintStream(new Tee(originalErr, true), true);
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
            flushPrintStreams();
            output.emit(false);
            output.emit(true);
            current.remove();
        }
    }

    private void flushPrintStreams() {
        PrintStream out = installedOut;
        PrintStream err = installedErr;
        if (out != null) {
            out.flush();
        }
        if (err != null) {
            err.flush();
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

    /** Passes bytes on unchanged, then to the running test's output. */
    private final class Tee extends OutputStream {
        private final OutputStream target;
        private final boolean error;

        Tee(OutputStream target, boolean error) {
            this.target = target;
            this.error = error;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            target.write(bytes, offset, length);
            TestOutput output = current.get();
            if (output != null) {
                try {
                    output.write(error, bytes, offset, length);
                } catch (RuntimeException ignored) {
                    // reporting never disturbs what the test prints
                }
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            target.flush();
        }
    }
}
