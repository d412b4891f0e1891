package com.stanterprise.maven.it;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static com.stanterprise.maven.it.RunChecks.testOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests that throw a 10 MB message or a 5,000-frame stack trace, print 100 MB or bytes that are
 * not UTF-8, or carry control characters and a lone surrogate in their name: every event still
 * arrives, valid, cut with a marker where a limit applies, and no message to the collector
 * exceeds its 4 MiB limit (the test collector, like the observer, would refuse it).
 */
class HostileInputIT {

    private static final String HOSTILE = "com.example.hostile.HostileTest";
    private static final int MIB = 1024 * 1024;
    private static final Pattern TEXT_CUT = Pattern.compile("\\.\\.\\. \\[truncated by stanterprise: \\d+ chars more]$");
    private static final String OUTPUT_CUT = "[stanterprise: output truncated after 1048576 bytes]";

    @Test
    void everyEventArrivesValidAndBoundedWhateverTheTestsDo() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result build = NestedBuild.of("hostile")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true",
                            // batches are cut by bytes only: never by count, never by time
                            "-Dstanterprise.batchSize=100000", "-Dstanterprise.batchFlushIntervalMs=60000",
                            "verify")
                    .run();
            assertEquals(0, build.exitCode, build.toString());
            List<Event> events = collector.events();
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);

            // Every test, with Surefire's outcome.
            assertEquals(SurefireReports.countsByClass(build.directory), SurefireReports.countsByClass(events));
            Map<String, TestStatus> expected = new TreeMap<>();
            expected.put(HOSTILE + "#hugeMessage()", TestStatus.FAILED);
            expected.put(HOSTILE + "#deepRecursion()", TestStatus.BROKEN);
            expected.put(HOSTILE + "#floods()", TestStatus.PASSED);
            expected.put(HOSTILE + "#notUtf8()", TestStatus.PASSED);
            expected.put(HOSTILE + "#wideCharacters()", TestStatus.FAILED);
            // protobuf sends a lone surrogate as '?'; control characters are valid UTF-8 and stay
            expected.put(HOSTILE + "#ctl \0 bel \7 cr \r lf \n tab \t esc \33 lone ? emoji \uD83D\uDE00 end",
                    TestStatus.PASSED);
            for (int i = 1; i <= 12; i++) {
                expected.put(HOSTILE + "#[" + i + "] " + i, TestStatus.FAILED);
            }
            assertEquals(expected, testOutcomes(events));

            // Every string is valid UTF-8 as received, and every event fits in a fork frame.
            long totalBytes = 0;
            for (Event event : events) {
                assertValidText(event);
                assertTrue(event.getSerializedSize() <= MIB,
                        event.getPayloadCase() + " of " + event.getSerializedSize() + " bytes");
                totalBytes += event.getSerializedSize();
            }

            // Cut, with a marker, where a limit applies.
            TestCaseRun huge = testEnd(events, "hugeMessage()");
            assertTrue(TEXT_CUT.matcher(huge.getErrorMessage()).find(), "message cut");
            assertTrue(huge.getErrorMessage().length() < 65 * 1024);
            assertTrue(TEXT_CUT.matcher(huge.getStackTrace()).find(), "stack trace cut");
            assertTrue(events.stream().anyMatch(e -> e.hasTestFailure()
                    && e.getTestFailure().getTestId().equals(huge.getId())
                    && TEXT_CUT.matcher(e.getTestFailure().getFailureMessage()).find()));
            TestCaseRun deep = testEnd(events, "deepRecursion()");
            assertEquals("the bottom of a 5,000-frame recursion", deep.getErrorMessage());
            assertTrue(deep.getStackTrace().contains("HostileTest.recurse("), "frames of the recursion");
            assertTrue(TEXT_CUT.matcher(deep.getStackTrace()).find(), "a 5,000-frame stack trace is cut");
            String flood = output(events, testEnd(events, "floods()").getId());
            assertTrue(flood.endsWith(OUTPUT_CUT), "output cut");
            assertEquals(MIB + OUTPUT_CUT.length(), flood.length());
            assertTrue(output(events, testEnd(events, "notUtf8()").getId()).contains("\uFFFD(\uFFFD <- not UTF-8"));
            TestCaseRun wide = testEnd(events, "wideCharacters()");
            assertTrue(wide.getErrorMessage().startsWith("\u20AC\u20AC\u20AC"));
            assertTrue(TEXT_CUT.matcher(wide.getStackTrace()).find(), "stack trace cut");

            // Batches cut by bytes: every one under the collector's limit, as many as the bytes need.
            assertTrue(collector.largestBatchBytes() <= 4 * MIB, "largest batch " + collector.largestBatchBytes());
            assertTrue(totalBytes > 8 * MIB, totalBytes + " bytes of events");
            assertTrue(collector.batchCalls() >= (totalBytes + 4 * MIB - 1) / (4 * MIB),
                    collector.batchCalls() + " batches for " + totalBytes + " bytes");
            assertEquals(0, collector.unaryCalls());

            // The build log says what was cut and loses nothing, in short lines (Surefire's own
            // summary still repeats the failure messages: that part of the log is not ours).
            assertTrue(build.log.contains("Stanterprise: 1 test outputs truncated at maxOutputBytesPerTest (1048576 bytes), "),
                    build.log);
            assertTrue(Pattern.compile("Stanterprise: .*, [1-9]\\d* messages, stack traces or names truncated")
                    .matcher(build.log).find(), "texts truncated");
            assertTrue(build.lastLine().contains(", spooled 0, lost 0;"), build.lastLine());
            build.log.lines().filter(line -> line.contains("Stanterprise"))
                    .forEach(line -> assertTrue(line.length() < 400, () -> line.substring(0, 400)));
            assertTrue(build.log.indexOf("xxxxxxxxxxxxxxxx") < 0, "100 MB of stdout went to Surefire's file");
        }
    }

    /** Every string field, however deep, survives a round trip through UTF-8 unchanged. */
    private static void assertValidText(Message message) {
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            List<?> values = field.getKey().isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
            for (Object value : values) {
                if (value instanceof String) {
                    String text = (String) value;
                    assertEquals(text, new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                            field.getKey().getFullName());
                } else if (value instanceof Message) {
                    assertValidText((Message) value);
                }
            }
        }
    }

    private static String output(List<Event> events, String testId) {
        StringBuilder text = new StringBuilder();
        for (Event event : events) {
            if (event.hasStdOutput() && event.getStdOutput().getTestId().equals(testId)) {
                text.append(event.getStdOutput().getMessage());
            }
        }
        return text.toString();
    }

    private static TestCaseRun testEnd(List<Event> events, String name) {
        return events.stream().filter(Event::hasTestEnd).map(e -> e.getTestEnd().getTestCase())
                .filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no end for test " + name));
    }
}
