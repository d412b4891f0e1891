package com.stanterprise.maven.export;

import com.stanterprise.testsystem.v1.observer.AckResponse;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.testsystem.v1.observer.EventBatch;
import com.stanterprise.testsystem.v1.observer.TestEventCollectorGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.concurrent.TimeUnit;

/**
 * The observer's own API: one unary call per event, one after the other, so the collector
 * receives them in sequence order. Used when batching is off, or when the collector has no
 * batch service.
 */
public final class GrpcEventTransport implements EventTransport {

    private final CollectorChannel channel;
    private final TestEventCollectorGrpc.TestEventCollectorBlockingStub stub;
    private final CallLatency latency;
    private final boolean ownsChannel;

    public GrpcEventTransport(CollectorChannel channel, CallLatency latency, boolean ownsChannel) {
        this.channel = channel;
        this.stub = TestEventCollectorGrpc.newBlockingStub(channel.channel());
        this.latency = latency;
        this.ownsChannel = ownsChannel;
    }

    @Override
    public int send(EncodedEventBatch batch, long timeoutMs) throws ExportException {
        return send(batch, timeoutMs, EventTransport.noDeadline());
    }

    @Override
    public int send(EncodedEventBatch encoded, long timeoutMs, long deadline) throws ExportException {
        EventBatch batch = EventTransport.decode(encoded);
        int calls = 0;
        for (int i = 0; i < batch.getEventsCount(); i++) {
            long left = EventTransport.millisLeft(deadline);
            if (left <= 0) {
                throw new ExportException("the deadline came before every event was sent (" + i + " of "
                        + batch.getEventsCount() + " delivered)", null, Status.Code.DEADLINE_EXCEEDED, i, 0, calls);
            }
            Event event = batch.getEvents(i);
            calls++;
            AckResponse ack;
            long start = System.nanoTime();
            try {
                ack = call(event, Math.min(timeoutMs, left));
            } catch (StatusRuntimeException e) {
                throw new ExportException(e.getStatus().getCode() + " for " + event.getPayloadCase()
                        + (e.getStatus().getDescription() != null ? ": " + e.getStatus().getDescription() : ""),
                        e, e.getStatus().getCode(), i, 1, calls);
            } finally {
                latency.record(System.nanoTime() - start);
            }
            if (ack != null && !ack.getSuccess()) {
                throw new ExportException("the collector refused " + event.getPayloadCase() + ": " + ack.getMessage(),
                        null, Status.Code.INVALID_ARGUMENT, i, 1, calls);
            }
        }
        return calls;
    }

    private AckResponse call(Event event, long timeoutMs) {
        TestEventCollectorGrpc.TestEventCollectorBlockingStub call =
                stub.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS);
        switch (event.getPayloadCase()) {
            case RUN_START:
                return call.reportRunStart(event.getRunStart());
            case SUITE_BEGIN:
                return call.reportSuiteBegin(event.getSuiteBegin());
            case SUITE_END:
                return call.reportSuiteEnd(event.getSuiteEnd());
            case TEST_BEGIN:
                return call.reportTestBegin(event.getTestBegin());
            case TEST_END:
                return call.reportTestEnd(event.getTestEnd());
            case STEP_BEGIN:
                return call.reportStepBegin(event.getStepBegin());
            case STEP_END:
                return call.reportStepEnd(event.getStepEnd());
            case TEST_FAILURE:
                return call.reportTestFailure(event.getTestFailure());
            case TEST_ERROR:
                return call.reportTestError(event.getTestError());
            case STD_OUTPUT:
                return call.reportStdOutput(event.getStdOutput());
            case STD_ERROR:
                return call.reportStdError(event.getStdError());
            case RUN_END:
                return call.reportRunEnd(event.getRunEnd());
            case HEARTBEAT:
                return call.heartbeat(event.getHeartbeat());
            default:
                return null;
        }
    }

    @Override
    public void reconnectNow(long timeoutMs) {
        channel.reconnect(timeoutMs);
    }

    @Override
    public String destination() {
        return "collector " + channel.endpoint() + " (one call per event)";
    }

    @Override
    public void close() {
        if (ownsChannel) {
            channel.close();
        }
    }
}
