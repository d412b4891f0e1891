package com.stanterprise.maven.injection;

import com.stanterprise.maven.BuildReporting;
import com.stanterprise.maven.RecordingLogger;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The reporting starts while the build goes on; its first user waits for it. */
class ReportingStartTest {

    @Test
    void theBuildGoesOnWhileTheReportingStartsAndItsFirstUserWaits() throws Exception {
        CountDownLatch mayFinish = new CountDownLatch(1);
        AtomicReference<String> startedOn = new AtomicReference<>();
        List<String> log = Collections.synchronizedList(new ArrayList<>());

        ReportingStart starting = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ReportingStart.begin(() -> {
            startedOn.set(Thread.currentThread().getName());
            mayFinish.await();
            return null;
        }, RecordingLogger.of(log)), "begin returns while the start is still under way");

        mayFinish.countDown();
        assertNull(starting.get());
        assertEquals("stanterprise-start", startedOn.get());
        assertEquals(List.of(), log);
    }

    /** The warning says what the start needs, and how to turn reporting off. */
    @Test
    void aStartThatFailsLeavesTheTestsUnreportedAndSaysSoOnce() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        ReportingStart starting = ReportingStart.begin(() -> {
            throw new IOException("no room for the secret file");
        }, RecordingLogger.of(log));

        BuildReporting first = starting.get();
        BuildReporting second = starting.get();

        assertNull(first);
        assertNull(second);
        assertEquals(List.of("WARN Stanterprise: could not start reporting (java.io.IOException: no room for the"
                + " secret file); tests run unreported. It needs a writable temporary directory (java.io.tmpdir, now "
                + System.getProperty("java.io.tmpdir") + ") and a free port on the loopback interface, and with tls"
                + " a readable trustCertCollectionFile; -Dstanterprise.enabled=false turns reporting off."), log);
    }
}
