package com.stanterprise.listener;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.stanterprise.testsystem.v1.common.Attachment;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.SuiteType;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.events.StdErrorEventRequest;
import com.stanterprise.testsystem.v1.events.StdOutputEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteBeginEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.events.TestEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestErrorEventRequest;
import com.stanterprise.testsystem.v1.events.TestFailureEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@link Wire} writes is what the generated classes write: each case builds the same
 * message both ways and compares the bytes or, where the order of map entries may differ, what
 * protobuf parses from each (a lone surrogate is '?' on the wire either way).
 */
class WireTest {

    private static final long NOW = 1_764_000_000_123_456L;
    /** Long enough that every message around it needs a two- or three-byte length. */
    private static final String LONG = String.join("", Collections.nCopies(300, "long text "));
    /** Two- and three-byte characters, a four-byte one (a surrogate pair), and a lone surrogate. */
    private static final String UNICODE = "é€ \uD83D\uDE00 lone \uD800 end";

    @Test
    void stringsNumbersAndTimesAreWrittenAsProtobufWritesThem() {
        for (long micros : new long[] {NOW, 0, 1, -1, -1_500_000, Long.MAX_VALUE / 2}) {
            TestCaseRun expected = TestCaseRun.newBuilder().setId(UNICODE).setStartTime(
                    Timestamp.newBuilder().setSeconds(Math.floorDiv(micros, 1_000_000L))
                            .setNanos((int) Math.floorMod(micros, 1_000_000L) * 1000)).build();
            Wire test = new Wire(1);
            test.string(1, UNICODE);
            test.timestamp(7, micros);
            assertArrayEquals(expected.toByteArray(), test.toByteArray(), "at " + micros + " µs");
        }
        Wire wire = new Wire(1);
        wire.string(1, LONG);
        wire.string(2, "");
        wire.number(18, -5);
        wire.number(6, TestStatus.BROKEN_VALUE);
        wire.duration(9, 2_500_001);
        wire.repeatedString(13, "");
        wire.repeatedString(13, UNICODE);
        TestCaseRun expected = TestCaseRun.newBuilder().setId(LONG).setRetryIndex(-5).setStatus(TestStatus.BROKEN)
                .setDuration(Duration.newBuilder().setSeconds(2).setNanos(500_001_000)).addErrors("").addErrors(UNICODE)
                .build();
        assertEquals(roundTrip(expected), parse(wire));
    }

    @Test
    void aClearedWireWritesTheNextMessageAlone() {
        Wire wire = new Wire(16);
        wire.string(12, String.join("", Collections.nCopies(10_000, LONG)));
        wire.clear();
        wire.string(1, "after");
        assertEquals(TestCaseRun.newBuilder().setId("after").build(), parse(wire));
        // and in every thread's own wire, one event after another
        byte[] first = WireEvents.output(NOW, false, "t", LONG, 0, "e");
        byte[] second = WireEvents.output(NOW, true, "u", "short", 0, "e");
        assertEquals("short", Events.decode(second).getStdError().getMessage());
        assertEquals(LONG, Events.decode(first).getStdOutput().getMessage());
    }

    @Test
    void aNegativeDurationIsSentAsZero() {
        Wire wire = new Wire();
        wire.duration(9, -42);
        assertEquals(TestCaseRun.newBuilder().setDuration(Duration.getDefaultInstance()).build(), parse(wire));
    }

    @Test
    void aTestCaseWithEveryFieldTheListenerSetsIsWhatTheBuilderMakes() {
        Attachment attachment = Attachment.newBuilder().setName("shot.png").setMimeType("image/png")
                .setContent(ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 0xff})).build();
        TestCase testCase = new TestCase().setId("id").setName(UNICODE).setTestSuiteId("suite")
                .setStatus(Status.FAILED).setStartTime(NOW).setLocation("a.B#c()").setRetryIndex(2)
                .setExecutionId("execution").putMetadata("unique_id", "[engine:x]").putMetadata("empty", "")
                .putMetadata(UNICODE, LONG).addTags("fast").addTags("").setErrorMessage("boom")
                .setStackTrace(LONG).addErrors("boom").addAllAttachments(Collections.singletonList(attachment));
        testCase.setEnded(NOW + 1_250_000);
        TestCaseRun expected = TestCaseRun.newBuilder().setId("id").setName(UNICODE).setTestSuiteId("suite")
                .setStatus(TestStatus.FAILED).setStartTime(timestamp(NOW)).setEndTime(timestamp(NOW + 1_250_000))
                .setDuration(Duration.newBuilder().setSeconds(1).setNanos(250_000_000)).setLocation("a.B#c()")
                .setRetryIndex(2).setExecutionId("execution").putMetadata("unique_id", "[engine:x]")
                .putMetadata("empty", "").putMetadata(UNICODE, LONG).addTags("fast").addTags("")
                .setErrorMessage("boom").setStackTrace(LONG).addErrors("boom").addAttachments(attachment).build();

        assertEquals(Events.decode(Event.newBuilder().setEmittedAt(timestamp(NOW))
                        .setTestEnd(TestEndEventRequest.newBuilder().setTestCase(expected)).build().toByteArray()),
                Events.decode(WireEvents.testEnd(NOW, testCase)));
        assertEquals(Events.decode(Event.newBuilder().setEmittedAt(timestamp(NOW))
                        .setTestBegin(TestBeginEventRequest.newBuilder().setTestCase(expected)).build().toByteArray()),
                Events.decode(WireEvents.testBegin(NOW, testCase.copy())));
    }

    @Test
    void aSuiteIsWhatTheBuilderMakes() {
        Suite suite = new Suite().setId("s").setName("Name").setType(Suite.FILE).setParentSuiteId("p")
                .setStartTime(NOW).setLocation("a.B").setExecutionId("e").setStatus(Status.RUNNING)
                .putMetadata("class", "a.B");
        TestSuiteRun.Builder expected = TestSuiteRun.newBuilder().setId("s").setName("Name").setType(SuiteType.FILE)
                .setParentSuiteId("p").setStartTime(timestamp(NOW)).setLocation("a.B").setExecutionId("e")
                .setStatus(TestStatus.RUNNING).putMetadata("class", "a.B");
        assertArrayEquals(Event.newBuilder().setEmittedAt(timestamp(NOW))
                        .setSuiteBegin(SuiteBeginEventRequest.newBuilder().setSuite(expected)).build().toByteArray(),
                WireEvents.suiteBegin(NOW, suite));

        suite.setStatus(Status.SKIPPED).setEnded(NOW + 10, 0);
        expected.setStatus(TestStatus.SKIPPED).setEndTime(timestamp(NOW + 10)).setDuration(Duration.getDefaultInstance());
        assertArrayEquals(Event.newBuilder().setEmittedAt(timestamp(NOW))
                        .setSuiteEnd(SuiteEndEventRequest.newBuilder().setSuite(expected)).build().toByteArray(),
                WireEvents.suiteEnd(NOW, suite));
    }

    @Test
    void failuresErrorsAndOutputAreWhatTheBuilderMakes() {
        assertArrayEquals(Event.newBuilder().setEmittedAt(timestamp(NOW)).setTestFailure(
                        TestFailureEventRequest.newBuilder().setTestId("t").setFailureMessage(UNICODE).setStackTrace(LONG)
                                .setTimestamp(timestamp(NOW)).setRetryIndex(1).setExecutionId("e")).build().toByteArray(),
                WireEvents.thrown(NOW, true, "t", UNICODE, LONG, 1, "e"));
        assertArrayEquals(Event.newBuilder().setEmittedAt(timestamp(NOW)).setTestError(
                        TestErrorEventRequest.newBuilder().setTestId("t").setErrorMessage("m").setStackTrace("")
                                .setTimestamp(timestamp(NOW)).setExecutionId("e")).build().toByteArray(),
                WireEvents.thrown(NOW, false, "t", "m", "", 0, "e"));
        assertArrayEquals(Event.newBuilder().setEmittedAt(timestamp(NOW)).setStdOutput(
                        StdOutputEventRequest.newBuilder().setTestId("t").setTestCaseRunId("t").setMessage(LONG)
                                .setTimestamp(timestamp(NOW)).setRetryIndex(3).setExecutionId("e")).build().toByteArray(),
                WireEvents.output(NOW, false, "t", LONG, 3, "e"));
        assertArrayEquals(Event.newBuilder().setEmittedAt(timestamp(NOW)).setStdError(
                        StdErrorEventRequest.newBuilder().setTestId("t").setTestCaseRunId("t").setMessage(UNICODE)
                                .setTimestamp(timestamp(NOW)).setExecutionId("e")).build().toByteArray(),
                WireEvents.output(NOW, true, "t", UNICODE, 0, "e"));
    }

    @Test
    void aWelcomeIsReadAsProtobufWroteIt() throws IOException {
        assertEquals(1, SocketForkChannel.welcomedVersion(delimited(new byte[] {0x08, 0x01})));
        assertEquals(300, SocketForkChannel.welcomedVersion(delimited(new byte[] {0x08, (byte) 0xac, 0x02})));
        assertEquals(1, SocketForkChannel.welcomedVersion(delimited(new byte[] {0x08, 0x01, 0x12, 0x01, 'x'})),
                "a field a newer aggregator adds after the version");
        assertEquals(0, SocketForkChannel.welcomedVersion(delimited(new byte[0])), "no version");
        assertEquals(-1, SocketForkChannel.welcomedVersion(new ByteArrayInputStream(new byte[0])), "closed");
        assertEquals(-1, SocketForkChannel.welcomedVersion(new ByteArrayInputStream(new byte[] {(byte) 0x90, 0x4e})),
                "a frame far too long for a welcome");
    }

    private static ByteArrayInputStream delimited(byte[] message) {
        byte[] framed = new byte[message.length + 1];
        framed[0] = (byte) message.length;
        System.arraycopy(message, 0, framed, 1, message.length);
        return new ByteArrayInputStream(framed);
    }

    private static Timestamp timestamp(long micros) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(micros, 1_000_000L))
                .setNanos((int) Math.floorMod(micros, 1_000_000L) * 1000).build();
    }

    private static TestCaseRun roundTrip(TestCaseRun message) {
        try {
            return TestCaseRun.parseFrom(message.toByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static TestCaseRun parse(Wire wire) {
        try {
            return TestCaseRun.parseFrom(wire.toByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
