package com.stanterprise.maven.collector;

import com.google.protobuf.Message;
import com.stanterprise.testsystem.v1.events.HeartbeatEventRequest;
import com.stanterprise.testsystem.v1.events.ReportRunStartEventRequest;
import com.stanterprise.testsystem.v1.events.StdErrorEventRequest;
import com.stanterprise.testsystem.v1.events.StdOutputEventRequest;
import com.stanterprise.testsystem.v1.events.StepBeginEventRequest;
import com.stanterprise.testsystem.v1.events.StepEndEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteBeginEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.events.TestEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestErrorEventRequest;
import com.stanterprise.testsystem.v1.events.TestFailureEventRequest;
import com.stanterprise.testsystem.v1.events.TestRunEndEventRequest;
import com.stanterprise.testsystem.v1.observer.AckResponse;
import com.stanterprise.testsystem.v1.observer.BatchAck;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.testsystem.v1.observer.EventBatch;
import com.stanterprise.testsystem.v1.observer.TestEventBatchCollectorGrpc;
import com.stanterprise.testsystem.v1.observer.TestEventCollectorGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A real collector for the tests: a gRPC server on an ephemeral loopback port with the batch
 * service (idempotent by sequence, as WIRE.md says) and the observer's v1 service. It records
 * what it applies, in the order it applies it.
 */
public final class TestCollector implements AutoCloseable {

    /** One applied event and the source it came from (empty for v1 calls, which carry none). */
    public static final class Received {
        public final String sourceId;
        public final Event event;

        Received(String sourceId, Event event) {
            this.sourceId = sourceId;
            this.event = event;
        }
    }

    private final Server server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Long> acknowledged = new HashMap<>();
    private final AtomicLong batchCalls = new AtomicLong();
    private final AtomicLong unaryCalls = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    private TestCollector() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(new BatchService())
                .addService(new ObserverService())
                .build()
                .start();
    }

    public static TestCollector start() throws IOException {
        return new TestCollector();
    }

    public String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    public synchronized List<Received> received() {
        return new ArrayList<>(received);
    }

    public synchronized List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (Received r : received) {
            events.add(r.event);
        }
        return events;
    }

    public long batchCalls() {
        return batchCalls.get();
    }

    public long unaryCalls() {
        return unaryCalls.get();
    }

    /** Events dropped because their sequence was already acknowledged. */
    public long duplicates() {
        return duplicates.get();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    private synchronized BatchAck apply(EventBatch batch) {
        long through = acknowledged.getOrDefault(batch.getSourceId(), 0L);
        for (Event event : batch.getEventsList()) {
            if (event.getSequence() <= through) {
                duplicates.incrementAndGet();
                continue;
            }
            if (event.getSequence() != through + 1) {
                return BatchAck.newBuilder().setSuccess(false).setAcknowledgedThrough(through)
                        .setMessage("gap: expected " + (through + 1) + ", got " + event.getSequence()).build();
            }
            received.add(new Received(batch.getSourceId(), event));
            through = event.getSequence();
        }
        acknowledged.put(batch.getSourceId(), through);
        return BatchAck.newBuilder().setSuccess(true).setAcknowledgedThrough(through).build();
    }

    private synchronized void applyUnary(Event event) {
        received.add(new Received("", event));
    }

    private final class BatchService extends TestEventBatchCollectorGrpc.TestEventBatchCollectorImplBase {
        @Override
        public void reportEventBatch(EventBatch request, StreamObserver<BatchAck> response) {
            batchCalls.incrementAndGet();
            response.onNext(apply(request));
            response.onCompleted();
        }
    }

    private final class ObserverService extends TestEventCollectorGrpc.TestEventCollectorImplBase {

        private <T extends Message> void record(T request, Function<T, Event.Builder> wrap,
                                                StreamObserver<AckResponse> response) {
            unaryCalls.incrementAndGet();
            applyUnary(wrap.apply(request).build());
            response.onNext(AckResponse.newBuilder().setSuccess(true).build());
            response.onCompleted();
        }

        @Override
        public void reportRunStart(ReportRunStartEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setRunStart(r), response);
        }

        @Override
        public void reportSuiteBegin(SuiteBeginEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setSuiteBegin(r), response);
        }

        @Override
        public void reportSuiteEnd(SuiteEndEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setSuiteEnd(r), response);
        }

        @Override
        public void reportTestBegin(TestBeginEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setTestBegin(r), response);
        }

        @Override
        public void reportTestEnd(TestEndEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setTestEnd(r), response);
        }

        @Override
        public void reportStepBegin(StepBeginEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setStepBegin(r), response);
        }

        @Override
        public void reportStepEnd(StepEndEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setStepEnd(r), response);
        }

        @Override
        public void reportTestFailure(TestFailureEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setTestFailure(r), response);
        }

        @Override
        public void reportTestError(TestErrorEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setTestError(r), response);
        }

        @Override
        public void reportStdError(StdErrorEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setStdError(r), response);
        }

        @Override
        public void reportStdOutput(StdOutputEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setStdOutput(r), response);
        }

        @Override
        public void reportRunEnd(TestRunEndEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setRunEnd(r), response);
        }

        @Override
        public void heartbeat(HeartbeatEventRequest request, StreamObserver<AckResponse> response) {
            record(request, r -> Event.newBuilder().setHeartbeat(r), response);
        }
    }
}
