package com.stanterprise.maven.export;

import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.aggregator.v1.EncodedEventBatch;

import java.nio.file.Paths;

/**
 * Run in a JVM of its own by {@link SpoolTest}, as a running build: spools one batch of one event
 * into {@code <directory>/<sourceId>.spool}, says "spooled", and ends, without closing the spool,
 * when its standard input ends.
 */
public final class SpoolLockHolder {

    private SpoolLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        Spool spool = Spool.forBuild(Paths.get(args[0]), args[1], Long.MAX_VALUE);
        spool.append(EncodedEventBatch.newBuilder().setRunId("run-1").setSourceId(args[1])
                .addEvents(EncodedEvent.newBuilder().setSequence(1)).build());
        System.out.println("spooled");
        System.out.flush();
        while (System.in.read() >= 0) {
            // the build runs on
        }
    }
}
