package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end-of-build flush runs however the build ends. */
class LifecycleIT {

    @Test
    void aFailingBuildStillDeliversEverythingAndEndsTheRun() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result build = NestedBuild.of("junit5-kinds")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "verify")
                    .run();
            assertEquals(1, build.exitCode, "the tests fail the build: " + build);
            List<Event> events = collector.events();
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);
            assertEquals(TestStatus.FAILED, events.get(events.size() - 1).getRunEnd().getFinalStatus());
            assertTrue(build.log.contains("Stanterprise: run "), build.toString());
        }
    }

    @Test
    void ctrlCEndsTheRunAndEveryTestThatBegan() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Running running = NestedBuild.of("slow")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "verify")
                    .start();
            long deadline = System.currentTimeMillis() + 120_000;
            while (collector.events().stream().filter(Event::hasTestEnd).count() < 3) {
                assertTrue(System.currentTimeMillis() < deadline, "no test ended within 2 minutes");
                Thread.sleep(50);
            }
            running.interrupt();
            NestedBuild.Result build = running.await();
            assertNotEquals(0, build.exitCode, build.toString());
            // The shutdown hook delivers within shutdownTimeoutMs after Maven is told to stop.
            List<Event> events = collector.events();
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);
            assertTrue(events.get(events.size() - 1).hasRunEnd(), "the run ended");
            assertEquals(TestStatus.FAILED, events.get(events.size() - 1).getRunEnd().getFinalStatus());
            long ended = events.stream().filter(Event::hasTestEnd).count();
            assertTrue(ended < 20, "the build was cut short: " + ended + " tests ended");
        }
    }
}
