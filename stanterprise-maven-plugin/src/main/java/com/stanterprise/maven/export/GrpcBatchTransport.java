package com.stanterprise.maven.export;

import com.stanterprise.testsystem.v1.observer.BatchAck;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.testsystem.v1.observer.TestEventBatchCollectorGrpc;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One {@code ReportEventBatch} call per batch. A collector without the batch service answers
 * UNIMPLEMENTED; from then on, for the rest of the build, events go one call each through the
 * observer's v1 API, several in flight but each only after what it must follow was acknowledged
 * ({@link ConcurrentEventTransport}).
 *
 * <p>The call is {@code ReportEventBatch} as the collector knows it, with the request written as
 * an {@link EncodedEventBatch}, the same bytes as an {@code EventBatch}: the payloads go out as
 * the forks encoded them, with no re-encoding here.
 */
public final class GrpcBatchTransport implements EventTransport {

    private final CollectorChannel channel;
    private static final MethodDescriptor<EncodedEventBatch, BatchAck> REPORT_EVENT_BATCH =
            TestEventBatchCollectorGrpc.getReportEventBatchMethod().toBuilder(
                    ProtoUtils.marshaller(EncodedEventBatch.getDefaultInstance()),
                    ProtoUtils.marshaller(BatchAck.getDefaultInstance()))
                    .build();

    private final ConcurrentEventTransport fallback;
    private final CallLatency latency;
    private final Consumer<String> info;
    private volatile boolean fellBack;

    public GrpcBatchTransport(CollectorChannel channel, CallLatency latency, Consumer<String> info) {
        this.channel = channel;
        this.fallback = new ConcurrentEventTransport(channel, latency, false, ConcurrentEventTransport.DEFAULT_WINDOW);
        this.latency = latency;
        this.info = info;
    }

    @Override
    public int send(EncodedEventBatch batch, long timeoutMs) throws ExportException {
        return send(batch, timeoutMs, EventTransport.noDeadline());
    }

    /** The batch call, and the v1 calls after an UNIMPLEMENTED, all end by {@code deadline}. */
    @Override
    public int send(EncodedEventBatch batch, long timeoutMs, long deadline) throws ExportException {
        if (fellBack) {
            return fallback.send(batch, timeoutMs, deadline);
        }
        long start = System.nanoTime();
        BatchAck ack;
        try {
            long callMs = Math.min(timeoutMs, EventTransport.millisLeft(deadline));
            ack = ClientCalls.blockingUnaryCall(channel.channel(), REPORT_EVENT_BATCH,
                    CallOptions.DEFAULT.withDeadlineAfter(callMs, TimeUnit.MILLISECONDS), batch);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                fellBack = true;
                info.accept("Stanterprise: the collector at " + channel.endpoint()
                        + " has no batch service; sending one call per event from now on.");
                try {
                    return 1 + fallback.send(batch, timeoutMs, deadline);
                } catch (ExportException partial) {
                    throw new ExportException(partial.getMessage(), partial.getCause(), partial.code(),
                            partial.delivered(), partial.rejected(), partial.calls() + 1);
                }
            }
            throw new ExportException(e.getStatus().getCode() + " from ReportEventBatch"
                    + (e.getStatus().getDescription() != null ? ": " + e.getStatus().getDescription() : ""),
                    e, e.getStatus().getCode(), 0, batch.getEventsCount(), 1);
        } finally {
            latency.record(System.nanoTime() - start);
        }
        long last = batch.getEvents(batch.getEventsCount() - 1).getSequence();
        if (!ack.getSuccess() || ack.getAcknowledgedThrough() < last) {
            // Everything at or below acknowledged_through is held; the rest is sent again.
            int held = 0;
            while (held < batch.getEventsCount() && batch.getEvents(held).getSequence() <= ack.getAcknowledgedThrough()) {
                held++;
            }
            throw new ExportException("the collector acknowledged through " + ack.getAcknowledgedThrough()
                    + " of " + last + ": " + ack.getMessage(), null, Status.Code.ABORTED, held,
                    batch.getEventsCount() - held, 1);
        }
        return 1;
    }

    public boolean fellBack() {
        return fellBack;
    }

    @Override
    public void dropped(String sourceId, long[] sequences) {
        fallback.dropped(sourceId, sequences);
    }

    @Override
    public void reconnectNow(long timeoutMs) {
        channel.reconnect(timeoutMs);
    }

    @Override
    public String destination() {
        return "collector " + channel.endpoint() + (fellBack ? " (one call per event: no batch service)" : " (batches)");
    }

    @Override
    public void close() {
        channel.close();
    }
}
