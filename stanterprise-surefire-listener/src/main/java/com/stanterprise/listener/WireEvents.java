package com.stanterprise.listener;

/**
 * The {@code testsystem.v1.observer.Event}s a test JVM sends most, encoded by {@link Wire}: a
 * test's and a suite's begin and end, a failure, an error, a line of output. The sequence is
 * the aggregator's to set.
 */
final class WireEvents {

    private static final int EMITTED_AT = 2;
    private static final int SUITE_BEGIN = 11;
    private static final int SUITE_END = 12;
    private static final int TEST_BEGIN = 13;
    private static final int TEST_END = 14;
    private static final int TEST_FAILURE = 17;
    private static final int TEST_ERROR = 18;
    private static final int STD_OUTPUT = 19;
    private static final int STD_ERROR = 20;

    /** Each thread writes its events here, then copies each out at its size: one array per event. */
    private static final ThreadLocal<Wire> SCRATCH = ThreadLocal.withInitial(() -> new Wire(1024));

    private WireEvents() {
    }

    private static Wire scratch() {
        Wire wire = SCRATCH.get();
        wire.clear();
        return wire;
    }

    static byte[] testBegin(long nowMicros, TestCase testCase) {
        return request(TEST_BEGIN, nowMicros, testCase);
    }

    static byte[] testEnd(long nowMicros, TestCase testCase) {
        return request(TEST_END, nowMicros, testCase);
    }

    static byte[] suiteBegin(long nowMicros, Suite suite) {
        return request(SUITE_BEGIN, nowMicros, suite);
    }

    static byte[] suiteEnd(long nowMicros, Suite suite) {
        return request(SUITE_END, nowMicros, suite);
    }

    /** A TestFailureEventRequest (an assertion failed) or, when {@code failed} is false, a TestErrorEventRequest. */
    static byte[] thrown(long nowMicros, boolean failed, String testId, String message, String stackTrace,
                         int retryIndex, String executionId) {
        Wire wire = scratch();
        wire.timestamp(EMITTED_AT, nowMicros);
        int request = wire.open(failed ? TEST_FAILURE : TEST_ERROR);
        wire.string(1, testId);
        wire.string(2, message);
        wire.string(3, stackTrace);
        wire.timestamp(4, nowMicros);
        wire.number(7, retryIndex);
        wire.string(8, executionId);
        wire.close(request);
        return wire.toByteArray();
    }

    /** A StdOutputEventRequest or, when {@code stderr}, a StdErrorEventRequest. */
    static byte[] output(long nowMicros, boolean stderr, String testId, String message, int retryIndex,
                         String executionId) {
        Wire wire = scratch();
        wire.timestamp(EMITTED_AT, nowMicros);
        int request = wire.open(stderr ? STD_ERROR : STD_OUTPUT);
        wire.string(1, testId);
        wire.string(2, message);
        wire.timestamp(3, nowMicros);
        wire.string(4, testId);
        wire.number(6, retryIndex);
        wire.string(7, executionId);
        wire.close(request);
        return wire.toByteArray();
    }

    /** An event whose request holds one message, as field 1: a test case or a suite. */
    private static byte[] request(int kind, long nowMicros, Wire.Message message) {
        Wire wire = scratch();
        wire.timestamp(EMITTED_AT, nowMicros);
        int request = wire.open(kind);
        message.writeTo(wire, 1);
        wire.close(request);
        return wire.toByteArray();
    }
}
