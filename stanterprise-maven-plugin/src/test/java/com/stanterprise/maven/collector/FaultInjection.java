package com.stanterprise.maven.collector;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults the test thread can switch on at any time, applied to the collector's event services
 * (never to the health service): the next n calls fail with a given status without reaching the
 * service, and every call waits a while before it answers.
 */
final class FaultInjection implements ServerInterceptor {

    private int remaining;              // guarded by this
    private Status.Code code;           // guarded by this
    private volatile Duration latency = Duration.ZERO;
    private final AtomicLong failed = new AtomicLong();

    /** The next {@code n} calls fail with {@code code}; replaces what was pending. */
    synchronized void failNext(int n, Status.Code code) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        Objects.requireNonNull(code, "code");
        if (n > 0 && code == Status.Code.OK) {
            throw new IllegalArgumentException("OK is not a failure");
        }
        this.remaining = n;
        this.code = code;
    }

    synchronized int pending() {
        return remaining;
    }

    private synchronized Status.Code take() {
        if (remaining == 0) {
            return null;
        }
        remaining--;
        return code;
    }

    void setLatency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        this.latency = latency;
    }

    Duration latency() {
        return latency;
    }

    long failed() {
        return failed.get();
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        Duration delay = latency;
        ServerCall<ReqT, RespT> answering = delay.isZero() ? call : new LateAnswer<>(call, delay);
        Status.Code failure = take();
        if (failure != null) {
            failed.incrementAndGet();
            answering.close(failure.toStatus().withDescription("failure injected by TestCollector"), new Metadata());
            return new ServerCall.Listener<ReqT>() {
            };
        }
        return next.startCall(answering, headers);
    }

    /**
     * Waits before the first thing it sends back (headers of a success, or the status of a
     * failure), so the service has already applied the request when the client gives up waiting:
     * the answer is what is late, as with a slow network or a lost ack.
     */
    private static final class LateAnswer<ReqT, RespT>
            extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
        private final Duration delay;
        private final AtomicBoolean waited = new AtomicBoolean();

        LateAnswer(ServerCall<ReqT, RespT> delegate, Duration delay) {
            super(delegate);
            this.delay = delay;
        }

        private void await() {
            if (waited.compareAndSet(false, true)) {
                try {
                    TimeUnit.NANOSECONDS.sleep(delay.toNanos());
                } catch (InterruptedException stopping) {
                    // the collector is stopping: answer now (the call is cancelled anyway)
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void sendHeaders(Metadata headers) {
            await();
            super.sendHeaders(headers);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            await();
            super.close(status, trailers);
        }
    }
}
