package com.stanterprise.maven.export;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;

import java.util.concurrent.TimeUnit;

/**
 * The start-of-build check: one standard gRPC health call with a short deadline, to decide
 * between streaming and spooling from the outset. A collector without the health service
 * (UNIMPLEMENTED) answered, so it is there.
 */
public final class HealthCheck {

    private HealthCheck() {
    }

    /** Null when the collector can be streamed to, else why not. */
    public static String problem(CollectorChannel channel, long timeoutMs) {
        try {
            HealthGrpc.newBlockingStub(channel.channel())
                    .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            return null;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNIMPLEMENTED || code == Status.Code.NOT_FOUND) {
                return null;
            }
            return code + (e.getStatus().getDescription() != null ? ": " + e.getStatus().getDescription() : "");
        }
    }

    /** The {@link #problem} is that the collector turned the build's token away (or its lack of one). */
    public static boolean refusedForAuthentication(String problem) {
        return problem != null && (problem.startsWith(Status.Code.UNAUTHENTICATED.name())
                || problem.startsWith(Status.Code.PERMISSION_DENIED.name()));
    }
}
