package com.stanterprise.maven.export;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;

import java.util.concurrent.TimeUnit;

/**
 * The start-of-build check: one standard gRPC health call with a short deadline, to decide
 * between streaming and spooling from the outset. A collector without the health service
 * (UNIMPLEMENTED) answered, so it is there. The deadline is the collector's to answer in: the
 * channel is built and connected first, within a budget of its own.
 */
public final class HealthCheck {

    private HealthCheck() {
    }

    /**
     * Null when the collector can be streamed to, else why not.
     * @param connectTimeoutMs how long building and connecting the channel may take
     * @param timeoutMs the call's deadline, from when the channel has connected (or failed to)
     */
    public static String problem(CollectorChannel channel, long connectTimeoutMs, long timeoutMs) {
        try {
            HealthCheckRequest request = HealthCheckRequest.getDefaultInstance();
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel.channel());
            channel.awaitConnection(connectTimeoutMs);
            health.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS).check(request);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
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
