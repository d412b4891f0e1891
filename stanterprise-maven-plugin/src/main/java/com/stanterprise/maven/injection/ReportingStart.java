package com.stanterprise.maven.injection;

import com.stanterprise.maven.BuildReporting;
import com.stanterprise.maven.configuration.Parameters;
import org.slf4j.Logger;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The build's reporting, started on a thread of its own while Maven goes on with the build: its
 * start (the fork channel, the exporter, the run, gRPC's and protobuf's classes) took 0.19–0.28 s,
 * on the main thread before the first mojo of every build (BENCHMARKS.md, Change 20). The first
 * test execution waits for it; a start that failed leaves the tests unreported, as before.
 */
final class ReportingStart {

    private final FutureTask<BuildReporting> start;
    private final Logger log;
    private boolean told;

    private ReportingStart(Callable<BuildReporting> start, Logger log) {
        this.start = new FutureTask<>(start);
        this.log = log;
    }

    static ReportingStart begin(Callable<BuildReporting> start, Logger log) {
        ReportingStart starting = new ReportingStart(start, log);
        Thread thread = new Thread(starting.start, "stanterprise-start");
        thread.setDaemon(true);
        thread.start();
        return starting;
    }

    /** The reporting once it has started; null when it could not start (said once, in the log). */
    synchronized BuildReporting get() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return start.get();
                } catch (InterruptedException e) {
                    // The build goes on, and must know whether to report: wait, and keep the interrupt.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (!told) {
                told = true;
                // What the start needs of the machine; the configuration was checked before it began.
                log.warn("Stanterprise: could not start reporting ({}); tests run unreported. It needs a writable"
                        + " temporary directory (java.io.tmpdir, now {}) and a free port on the loopback interface,"
                        + " and with " + Parameters.TLS + " a readable " + Parameters.TRUST_CERT_COLLECTION_FILE
                        + "; -D" + Parameters.PREFIX + Parameters.ENABLED + "=false turns reporting off.",
                        e.getCause().toString(), System.getProperty("java.io.tmpdir"));
            }
            return null;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
