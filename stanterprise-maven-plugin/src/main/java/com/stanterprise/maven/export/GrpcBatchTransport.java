package com.stanterprise.maven.export;

import com.stanterprise.testsystem.v1.observer.BatchAck;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.testsystem.v1.observer.EventBatch;
import com.stanterprise.testsystem.v1.observer.TestEventBatchCollectorGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One {@code ReportEventBatch} call per batch. A collector without the batch service answers
 * UNIMPLEMENTED; from then on, for the rest of the build, events go one call each through the
 * observer's v1 API, in the same order.
 */
public final class GrpcBatchTransport implements EventTransport {

    private final CollectorChannel channel;
    private final TestEventBatchCollectorGrpc.TestEventBatchCollectorBlockingStub stub;
    private final GrpcEventTransport fallback;
    private final String runId;
    private final String sourceId;
    private final long timeoutMs;
    private final Consumer<String> info;
    private volatile boolean fellBack;

    public GrpcBatchTransport(CollectorChannel channel, String runId, String sourceId, long timeoutMs,
                              Consumer<String> info) {
        this.channel = channel;
        this.stub = TestEventBatchCollectorGrpc.newBlockingStub(channel.channel());
        this.fallback = new GrpcEventTransport(channel, timeoutMs, false);
        this.runId = runId;
        this.sourceId = sourceId;
        this.timeoutMs = timeoutMs;
        this.info = info;
    }

    @Override
    public int send(List<Event> batch) throws ExportException {
        if (fellBack) {
            return fallback.send(batch);
        }
        try {
            BatchAck ack = stub.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
                    .reportEventBatch(EventBatch.newBuilder()
                            .setRunId(runId)
                            .setSourceId(sourceId)
                            .addAllEvents(batch)
                            .build());
            long last = batch.get(batch.size() - 1).getSequence();
            if (!ack.getSuccess() || ack.getAcknowledgedThrough() < last) {
                throw new ExportException("the collector acknowledged through " + ack.getAcknowledgedThrough()
                        + " of " + last + ": " + ack.getMessage(), null);
            }
            return 1;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                fellBack = true;
                info.accept("Stanterprise: the collector at " + channel.endpoint()
                        + " has no batch service; sending one call per event from now on.");
                return 1 + fallback.send(batch);
            }
            throw new ExportException(e.getStatus().getCode() + " from ReportEventBatch", e);
        }
    }

    public boolean fellBack() {
        return fellBack;
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
