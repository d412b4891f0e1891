package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.maven.export.Spool;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.observer.Event;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.stanterprise.maven.it.RunChecks.fingerprint;
import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static com.stanterprise.maven.it.RunChecks.testOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery against a collector that misbehaves the way the real observer does: no batch
 * service, transient errors, gone for the whole build, gone for a while, slow.
 */
class DeliveryIT {

    private static final Pattern SUMMARY = Pattern.compile(
            "Stanterprise: run \\S+: (\\d+) events in (\\d+) batches \\((\\d+) calls, (\\d+) retries\\) to .*, spooled (\\d+), lost (\\d+)");

    @Test
    void observerWithoutBatchServiceGetsEveryEventThroughV1CallsInOrder() throws Exception {
        try (TestCollector observer = TestCollector.startObserver()) {
            NestedBuild.Result build = NestedBuild.of("junit5-kinds")
                    .args("-Dstanterprise.endpoint=" + observer.endpoint(), "-Dmaven.test.failure.ignore=true", "verify")
                    .run();
            assertEquals(0, build.exitCode, build.toString());
            List<Event> events = observer.events();
            assertEquals(0, observer.invalidArguments(), "INVALID_ARGUMENT answers: " + observer.invalidArgumentMessages());
            oneRunId(events);
            ordered(events);
            assertEquals(14, testOutcomes(events).size());
            assertEquals(events.size(), observer.unaryCalls(), "one v1 call per event");
            assertTrue(build.log.contains("has no batch service; sending one call per event"), build.toString());
            Matcher summary = summary(build);
            assertEquals(events.size(), Long.parseLong(summary.group(1)));
            assertEquals("0", summary.group(6), "lost");
        }
    }

    @Test
    void transientErrorsAreRetriedAndEverythingArrivesOnceInOrder() throws Exception {
        for (Status.Code code : new Status.Code[] {Status.Code.INTERNAL, Status.Code.UNAVAILABLE}) {
            try (TestCollector collector = TestCollector.start()) {
                collector.failNextCalls(3, code);
                NestedBuild.Result build = NestedBuild.of("reactor")
                        .args("-Dstanterprise.endpoint=" + collector.endpoint(), "verify")
                        .run();
                assertEquals(0, build.exitCode, build.toString());
                List<Event> events = collector.events();
                sequencedWithoutGaps(events);
                ordered(events);
                assertEquals(7, testOutcomes(events).size());
                assertEquals(3, collector.failedCalls(), code.name());
                Matcher summary = summary(build);
                assertEquals(events.size(), Long.parseLong(summary.group(1)), "every event arrived");
                assertEquals("3", summary.group(4), "retries");
                assertEquals("0", summary.group(5), "spooled");
                assertEquals("0", summary.group(6), "lost");
            }
        }
    }

    @Test
    void withoutCollectorTheSpoolKeepsEverythingAndReplayDeliversItOnce() throws Exception {
        int port = freePort();
        NestedBuild.Result build = NestedBuild.of("reactor")
                .args("-Dstanterprise.endpoint=127.0.0.1:" + port, "verify")
                .run();
        assertEquals(0, build.exitCode, "the build's outcome does not depend on the collector: " + build);
        Matcher summary = summary(build);
        long produced = Long.parseLong(summary.group(1));
        assertEquals(produced, Long.parseLong(summary.group(5)), "everything spooled");
        assertEquals("0", summary.group(6), "lost");
        Path spool = build.directory.resolve("target/stanterprise/spool");
        assertEquals(produced, spooledEvents(spool));

        try (TestCollector collector = TestCollector.startOn(port)) {
            NestedBuild.Result replay = NestedBuild.in(build.directory)
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "stanterprise:replay")
                    .run();
            assertEquals(0, replay.exitCode, replay.toString());
            List<Event> events = collector.events();
            assertEquals(produced, events.size());
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);
            assertEquals(7, testOutcomes(events).size());
            assertEquals(0, spooledEvents(spool), "the spool is empty once acknowledged");

            NestedBuild.Result again = NestedBuild.in(build.directory)
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "stanterprise:replay")
                    .run();
            assertEquals(0, again.exitCode, again.toString());
            assertTrue(again.log.contains("Stanterprise: nothing to replay"), again.toString());
            assertEquals(produced, collector.events().size(), "replaying twice delivers nothing twice");
        }
    }

    /**
     * The collector stops in the middle of the tests (its server shut down, cutting the calls in
     * flight) and is back 3 s later: the build delivers the rest itself, the spool included,
     * with no replay, each event once and in order.
     */
    @Test
    void collectorThatGoesAwayAndComesBackGetsEverythingFromTheBuildItself() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Running running = NestedBuild.of("slow")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "verify")
                    .start();
            NestedBuild.Result build;
            long deadline = System.currentTimeMillis() + 120_000;
            while (collector.events().stream().filter(Event::hasTestEnd).count() < 3) {
                assertTrue(System.currentTimeMillis() < deadline, "no test ended within 2 minutes");
                Thread.sleep(50);
            }
            collector.stop();
            Thread.sleep(3_000);
            collector.restart();
            build = running.await();
            assertEquals(0, build.exitCode, build.toString());
            Matcher summary = summary(build);
            long produced = Long.parseLong(summary.group(1));
            assertEquals("0", summary.group(6), "lost");
            assertEquals("0", summary.group(5), "spooled: the collector was back before the build ended\n" + build);
            List<Event> events = collector.events();
            System.out.printf("outage: %d events produced, %d at the collector, %d duplicates dropped by sequence%n",
                    produced, events.size(), collector.duplicates());
            assertEquals(produced, events.size(), "every event, once in effect");
            sequencedWithoutGaps(events);
            ordered(events);
            Map<String, TestStatus> outcomes = testOutcomes(events);
            assertEquals(20, outcomes.size());
            assertFalse(outcomes.containsValue(TestStatus.INTERRUPTED));

            NestedBuild.Result replay = NestedBuild.in(build.directory)
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "stanterprise:replay")
                    .run();
            assertEquals(0, replay.exitCode, replay.toString());
            assertTrue(replay.log.contains("Stanterprise: nothing to replay"), replay.toString());
        }
    }

    @Test
    void slowCollectorDoesNotSlowTheTestsAndTheDrainIsBounded() throws Exception {
        NestedBuild.Result fast;
        try (TestCollector collector = TestCollector.start()) {
            fast = NestedBuild.of("slow")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dstanterprise.batchSize=1",
                            "-Dstanterprise.heartbeatIntervalMs=500", "verify")
                    .run();
            assertEquals(0, fast.exitCode, fast.toString());
            List<Event> events = collector.events();
            sequencedWithoutGaps(events);
            ordered(events);
            List<Event> heartbeats = events.stream().filter(Event::hasHeartbeat).collect(java.util.stream.Collectors.toList());
            assertTrue(heartbeats.size() >= 3, "a heartbeat every 500 ms of a 6 s run: " + heartbeats.size());
            String sourceId = events.get(0).getRunStart().getMetadataOrThrow("source_id");
            assertTrue(heartbeats.stream().allMatch(h -> h.getHeartbeat().getSourceId().equals(sourceId)));

            String stats = new String(java.nio.file.Files.readAllBytes(
                    fast.directory.resolve("target/stanterprise/stats.json")), java.nio.charset.StandardCharsets.UTF_8);
            com.google.protobuf.Struct.Builder parsed = com.google.protobuf.Struct.newBuilder();
            com.google.protobuf.util.JsonFormat.parser().merge(stats, parsed);
            Map<String, com.google.protobuf.Value> fields = parsed.getFieldsMap();
            assertEquals(oneRunId(events), fields.get("run_id").getStringValue());
            assertEquals(events.size(), (long) fields.get("events").getNumberValue());
            assertEquals(events.size(), (long) fields.get("delivered").getNumberValue());
            assertEquals(0, (long) fields.get("lost").getNumberValue());
            assertEquals(20, (long) fields.get("tests").getStructValue().getFieldsOrThrow("passed").getNumberValue());
        }
        try (TestCollector collector = TestCollector.start()) {
            collector.setLatency(java.time.Duration.ofMillis(400));
            NestedBuild.Result slow = NestedBuild.of("slow")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dstanterprise.batchSize=1",
                            "-Dstanterprise.shutdownTimeoutMs=2000", "verify")
                    .run();
            assertEquals(0, slow.exitCode, slow.toString());
            Matcher summary = summary(slow);
            long produced = Long.parseLong(summary.group(1));
            long spooled = Long.parseLong(summary.group(5));
            assertEquals("0", summary.group(6), "lost");
            assertTrue(spooled > 0, "one call per event at 400 ms cannot finish in 2 s: the rest is spooled");
            // A call cut by the deadline may still have reached the collector: then it is in both
            // places, and a replay's sequences let the collector drop it.
            assertTrue(collector.events().size() + spooled >= produced, "nothing lost");
            System.out.printf("slow collector: tests took %.2f s (fast collector: %.2f s); build %s s (fast: %s s);"
                            + " %d of %d events delivered, %d spooled%n",
                    testSeconds(slow), testSeconds(fast), totalTime(slow), totalTime(fast),
                    collector.events().size(), produced, spooled);
        }
    }

    @Test
    void failOnReportingErrorFailsTheBuildAtItsEndSayingWhy() throws Exception {
        NestedBuild.Result build = NestedBuild.of("demo")
                .args("-Dstanterprise.endpoint=127.0.0.1:" + freePort(), "-Dstanterprise.failOnReportingError=true",
                        "verify")
                .run();
        assertEquals(1, build.exitCode, build.toString());
        assertTrue(build.log.contains("Tests run: 7, Failures: 0, Errors: 0, Skipped: 1"), "the tests ran and passed");
        assertTrue(build.log.contains("Stanterprise: reporting failed (failOnReportingError is true): "), build.toString());
        assertTrue(build.log.contains(" events were not delivered and wait in the spool"), build.toString());
    }

    @Test
    void badConfigurationStopsTheBuildBeforeAnyTestRuns() {
        NestedBuild.Result build = NestedBuild.of("demo").args("-Dstanterprise.batchSize=0", "verify").run();
        assertEquals(1, build.exitCode, build.toString());
        assertTrue(build.log.contains("Stanterprise: parameter 'batchSize' (-Dstanterprise.batchSize) is '0', from"
                + " -Dstanterprise.batchSize: it must be a whole number from 1 to 100000."), build.toString());
        assertFalse(build.log.contains("T E S T S"), "no test ran");
    }

    private static Matcher summary(NestedBuild.Result build) {
        Matcher matcher = SUMMARY.matcher(build.log);
        assertTrue(matcher.find(), "summary line in " + build);
        return matcher;
    }

    private static long spooledEvents(Path directory) throws IOException {
        long events = 0;
        for (Path file : Spool.files(directory)) {
            events += Spool.countEvents(file);
        }
        return events;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** "Tests run: ..., Time elapsed: 6.123 s" of the test class, from the build log. */
    private static double testSeconds(NestedBuild.Result build) {
        Matcher matcher = Pattern.compile("Time elapsed: ([0-9.]+) s").matcher(build.log);
        assertTrue(matcher.find(), build.toString());
        return Double.parseDouble(matcher.group(1));
    }

    private static String totalTime(NestedBuild.Result build) {
        Matcher matcher = Pattern.compile("Total time: +([0-9.]+) s").matcher(build.log);
        return matcher.find() ? matcher.group(1) : "?";
    }
}
