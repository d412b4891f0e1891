package com.stanterprise.maven.export;

import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.maven.configuration.Endpoint;
import com.stanterprise.testsystem.v1.events.StdOutputEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import io.grpc.Status;
import io.grpc.internal.GrpcUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.stanterprise.maven.Encoded.encoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    /** Enough draws that both ends of the jitter would show if they were wrong. */
    private static final int SAMPLES = 2_000;

    @Test
    void delaysStayBetweenHalfAndAllOfTheExponentialBackoff() {
        RetryPolicy policy = new RetryPolicy(5, 100, 2.0);

        for (int retry = 0; retry <= 5; retry++) {
            long backoff = 100L << retry;
            long shortest = Long.MAX_VALUE;
            long longest = Long.MIN_VALUE;
            for (int i = 0; i < SAMPLES; i++) {
                long delay = policy.delayMs(retry);
                shortest = Math.min(shortest, delay);
                longest = Math.max(longest, delay);
            }
            assertTrue(shortest >= backoff / 2, "retry " + retry + ": " + shortest + " < " + backoff / 2);
            assertTrue(longest <= backoff, "retry " + retry + ": " + longest + " > " + backoff);
        }
    }

    @Test
    void delaysAreJittered() {
        RetryPolicy policy = new RetryPolicy(5, 100, 2.0);
        Set<Long> delays = new HashSet<>();

        for (int i = 0; i < SAMPLES; i++) {
            delays.add(policy.delayMs(5));
        }

        assertTrue(delays.size() > 10, "builds that lost the same collector must not retry in step: " + delays);
    }

    @Test
    void delaysAreCappedAtThirtySeconds() {
        RetryPolicy policy = new RetryPolicy(100, 1_000, 2.0);

        for (int retry : new int[] {5, 6, 10, 40, 100, 2_000}) {
            for (int i = 0; i < SAMPLES; i++) {
                long delay = policy.delayMs(retry);
                assertTrue(delay >= 15_000 && delay <= 30_000, "retry " + retry + ": " + delay);
            }
        }
    }

    @Test
    void aMultiplierOfOneKeepsTheBackoffFlat() {
        RetryPolicy policy = new RetryPolicy(3, 40, 1.0);

        for (int retry = 0; retry <= 10; retry++) {
            long delay = policy.delayMs(retry);
            assertTrue(delay >= 20 && delay <= 40, "retry " + retry + ": " + delay);
        }
    }

    @Test
    void theSmallestDelaysDoNotGoNegative() {
        assertEquals(0, new RetryPolicy(3, 0, 2.0).delayMs(0));
        for (int i = 0; i < SAMPLES; i++) {
            long delay = new RetryPolicy(3, 1, 2.0).delayMs(0);
            assertTrue(delay >= 0 && delay <= 1, String.valueOf(delay));
        }
    }

    @Test
    void maxRetriesIsKept() {
        assertEquals(7, new RetryPolicy(7, 1, 2.0).maxRetries);
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class,
            names = {"UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED", "ABORTED", "RESOURCE_EXHAUSTED", "UNKNOWN",
                    "CANCELLED"})
    void transientCodes(Status.Code code) {
        assertTrue(RetryPolicy.isTransient(code));
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class,
            names = {"INVALID_ARGUMENT", "NOT_FOUND", "PERMISSION_DENIED", "UNIMPLEMENTED", "UNAUTHENTICATED",
                    "FAILED_PRECONDITION", "ALREADY_EXISTS", "OK"})
    void permanentCodes(Status.Code code) {
        assertFalse(RetryPolicy.isTransient(code));
    }

    /** A proxy in front of the collector that answers HTTP 500 (say, while its backend restarts). */
    @Test
    void anHttp500FromAProxyIsRetried() {
        assertEquals(Status.Code.UNKNOWN, GrpcUtil.httpStatusToGrpcStatus(500).getCode(), "how grpc-java reports it");
        assertTrue(RetryPolicy.isTransient(GrpcUtil.httpStatusToGrpcStatus(500).getCode()));
    }

    @Test
    void eventsAnsweredUnknownAreRetriedNotDropped(@TempDir Path spoolDirectory) throws Exception {
        try (TestCollector collector = TestCollector.start();
             GrpcBatchTransport transport = new GrpcBatchTransport(
                     new CollectorChannel(Endpoint.parse(collector.endpoint())), new CallLatency(), info -> { })) {
            ExportStatistics statistics = new ExportStatistics();
            List<String> warnings = new ArrayList<>();
            Delivery delivery = new Delivery(transport, Spool.forBuild(spoolDirectory, "source", Long.MAX_VALUE),
                    new RetryPolicy(3, 1, 1.0), new CircuitBreaker(100), 10_000, statistics, warnings::add, 1000);
            collector.failNextCalls(2, Status.Code.UNKNOWN);

            delivery.deliver(EncodedEventBatch.newBuilder().setRunId("run").setSourceId("source")
                    .addAllEvents(encoded(Arrays.asList(output(1), output(2), output(3)))).build());

            assertEquals(2, collector.failedCalls());
            assertEquals(3, collector.acknowledgedThrough("source"), warnings.toString());
            assertEquals(2, statistics.retries());
            assertEquals(0, statistics.lost());
            assertEquals(Collections.emptyList(), warnings);
        }
    }

    private static Event output(long sequence) {
        return Event.newBuilder().setSequence(sequence)
                .setStdOutput(StdOutputEventRequest.newBuilder().setTestId("test").setMessage("line " + sequence))
                .build();
    }
}
