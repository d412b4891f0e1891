package com.stanterprise.maven.collector;

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
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real collector for the tests: a gRPC server on an ephemeral loopback port. It records what it
 * applies, in the order it applies it, and serves the standard health service ({@code ""} is
 * SERVING) in both of its modes:
 * <ul>
 *   <li>{@link #start()}, batch mode: this project's batch service (idempotent by sequence per
 *       source, WIRE.md section 2) and the observer's v1 service, which accepts anything;</li>
 *   <li>{@link #startObserver()}, observer mode: what the Stanterprise observer has today. No batch
 *       service, so gRPC itself answers UNIMPLEMENTED to it, and the v1 service answers
 *       INVALID_ARGUMENT, recording nothing, to a call that lacks a field the observer requires.</li>
 * </ul>
 * Faults can be switched on from the test thread at any time: {@link #failNextCalls},
 * {@link #setLatency}, and {@link #stop()} / {@link #restart()} on the same port with the same
 * state. They touch the event services only, never the health service.
 * <p>
 * {@link #startTls()} serves batch mode over TLS, with the certificate in {@code src/test/resources/tls}
 * (for {@code localhost} and 127.0.0.1; {@link #certificate()} is the file a client trusts). In every
 * mode the collector records the {@code authorization} header each call carried: {@link #authorizations()}.
 */
public final class TestCollector implements AutoCloseable {

    public enum Mode { BATCH, OBSERVER }

    /** One applied event and the source it came from (empty for v1 calls, which carry none). */
    public static final class Received {
        public final String sourceId;
        public final Event event;

        Received(String sourceId, Event event) {
            this.sourceId = sourceId;
            this.event = event;
        }
    }

    private static final InetAddress LOOPBACK = loopback();
    private static final long PORT_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Mode mode;
    /** Null: plaintext. */
    private final ServerCredentials credentials;
    private final InetSocketAddress address;
    private final HealthStatusManager health = new HealthStatusManager();
    private final FaultInjection faults = new FaultInjection();
    private final CallLog calls = new CallLog();
    private final AuthorizationLog authorizations = new AuthorizationLog();

    // what was applied; guarded by this
    private final List<Received> received = new ArrayList<>();
    private long applied;
    private boolean keepEvents = true;
    private final Map<String, Long> acknowledged = new HashMap<>();
    private final List<String> invalidArgumentMessages = new ArrayList<>();

    private final AtomicLong batchCalls = new AtomicLong();
    private final AtomicLong largestBatchBytes = new AtomicLong();
    private final AtomicLong unaryCalls = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong invalidArguments = new AtomicLong();

    // the running server; guarded by lifecycle (never by this: stopping waits for handlers that take this)
    private final Object lifecycle = new Object();
    private Server server;
    private ExecutorService handlers;
    private boolean closed;

    private TestCollector(Mode mode, int port, ServerCredentials credentials) throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.mode = mode;
        this.credentials = credentials;
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        if (port == 0) {
            launch(new InetSocketAddress(LOOPBACK, 0));
        } else {
            launchPatiently(new InetSocketAddress(LOOPBACK, port));
        }
        this.address = new InetSocketAddress(LOOPBACK, server.getPort());
    }

    /** Batch mode on an ephemeral port: the batch service and a lenient v1 service. */
    public static TestCollector start() throws IOException {
        return create(Mode.BATCH, 0);
    }

    /** Batch mode on {@code port} of 127.0.0.1 (0: an ephemeral one), retrying while it is briefly busy. */
    public static TestCollector startOn(int port) throws IOException {
        return create(Mode.BATCH, port);
    }

    /** Observer mode on an ephemeral port: v1 only, with the observer's required-field checks. */
    public static TestCollector startObserver() throws IOException {
        return create(Mode.OBSERVER, 0);
    }

    /** Observer mode on {@code port} of 127.0.0.1 (0: an ephemeral one). */
    public static TestCollector startObserverOn(int port) throws IOException {
        return create(Mode.OBSERVER, port);
    }

    /** Batch mode over TLS on an ephemeral port, with the test certificate for localhost and 127.0.0.1. */
    public static TestCollector startTls() throws IOException {
        return startTls(tlsFile("collector.pem"), tlsFile("collector.key"));
    }

    /** Batch mode over TLS on an ephemeral port, with a PEM certificate chain and its PKCS#8 PEM key. */
    public static TestCollector startTls(Path certificateChain, Path privateKey) throws IOException {
        return create(Mode.BATCH, 0, TlsServerCredentials.create(certificateChain.toFile(), privateKey.toFile()));
    }

    /** The self-signed certificate of {@link #startTls()}: the file a client trusts to reach it. */
    public static Path certificate() {
        return tlsFile("collector.pem");
    }

    private static Path tlsFile(String name) {
        URL file = TestCollector.class.getResource("/tls/" + name);
        if (file == null) {
            throw new IllegalStateException("tls/" + name + " is not on the test class path");
        }
        try {
            return Paths.get(file.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestCollector create(Mode mode, int port) throws IOException {
        return create(mode, port, null);
    }

    private static TestCollector create(Mode mode, int port, ServerCredentials credentials) throws IOException {
        try {
            return new TestCollector(mode, port, credentials);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for port " + port, e);
        }
    }

    public Mode mode() {
        return mode;
    }

    public boolean tls() {
        return credentials != null;
    }

    /** {@code 127.0.0.1:port}; the port stays the same across {@link #restart()}. */
    public String endpoint() {
        return "127.0.0.1:" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    public synchronized List<Received> received() {
        return new ArrayList<>(received);
    }

    /**
     * From now on, what it applies is checked (sequences, the observer's checks) and counted, but
     * not kept: a benchmark's collector, which would otherwise hold every event on its heap and
     * spend more CPU collecting garbage than the Maven side spends on the events.
     */
    public synchronized void keepNoEvents() {
        keepEvents = false;
    }

    /** Events applied, kept or not. */
    public synchronized long applied() {
        return applied;
    }

    public synchronized List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (Received r : received) {
            events.add(r.event);
        }
        return events;
    }

    /** Batch calls that reached the batch service (not those failed by injection). */
    public long batchCalls() {
        return batchCalls.get();
    }

    /** The serialized size of the largest batch that reached the batch service (gRPC refuses more than 4 MiB). */
    public long largestBatchBytes() {
        return largestBatchBytes.get();
    }

    /** v1 calls that reached the v1 service, rejected ones included (not those failed by injection). */
    public long unaryCalls() {
        return unaryCalls.get();
    }

    /** Events dropped because their sequence was already acknowledged. */
    public long duplicates() {
        return duplicates.get();
    }

    /** The highest sequence acknowledged for {@code sourceId}, 0 when none. */
    public synchronized long acknowledgedThrough(String sourceId) {
        return acknowledged.getOrDefault(sourceId, 0L);
    }

    /** v1 calls answered INVALID_ARGUMENT by the observer-mode checks. */
    public long invalidArguments() {
        return invalidArguments.get();
    }

    /** The descriptions of those INVALID_ARGUMENT answers, in order. */
    public synchronized List<String> invalidArgumentMessages() {
        return new ArrayList<>(invalidArgumentMessages);
    }

    /**
     * Every call that reached the server, by full method name as gRPC spells it (no leading slash,
     * e.g. {@code testsystem.v1.observer.TestEventCollector/ReportTestBegin}), whatever its outcome:
     * injected failures, UNIMPLEMENTED answers and health checks included. Calls refused while the
     * collector is stopped never reach it.
     */
    public Map<String, Long> callsByMethod() {
        return calls.snapshot();
    }

    /**
     * The {@code authorization} header of every call that carried one, in the order they came,
     * health checks included.
     */
    public List<String> authorizations() {
        return authorizations.headers();
    }

    /** Calls that came without an {@code authorization} header. */
    public long callsWithoutAuthorization() {
        return authorizations.callsWithout();
    }

    /** {@link #callsByMethod()} for one method. */
    public long calls(MethodDescriptor<?, ?> method) {
        return calls.count(method.getFullMethodName());
    }

    /**
     * The next {@code n} calls to any event RPC (batch or v1, not health) fail with {@code code}
     * and record nothing. Replaces failures still pending; {@code n == 0} clears them.
     */
    public void failNextCalls(int n, Status.Code code) {
        faults.failNext(n, code);
    }

    /** Injected failures still to come. */
    public int pendingFailures() {
        return faults.pending();
    }

    /** Calls failed by injection so far. */
    public long failedCalls() {
        return faults.failed();
    }

    /**
     * Every event RPC that starts from now on waits {@code latency} before it answers. The request
     * is applied first, so a client that gives up earlier has still been heard (like a lost ack).
     * {@link Duration#ZERO} switches it off.
     */
    public void setLatency(Duration latency) {
        faults.setLatency(latency);
    }

    /** What the health service answers for {@code ""} (SERVING from the start). */
    public void setHealthStatus(ServingStatus status) {
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    }

    public boolean isRunning() {
        synchronized (lifecycle) {
            return server != null;
        }
    }

    /**
     * Shuts the server down at once, as a crash would (calls in flight are cancelled), and waits
     * until it and its handlers are done. Everything recorded, and the acknowledged sequences,
     * stay. Does nothing when already stopped.
     */
    public void stop() throws InterruptedException {
        synchronized (lifecycle) {
            halt();
        }
    }

    /**
     * Starts the server again on the same port, with the same services, mode, faults and state.
     * Stops it first when it runs. Retries for a while if the port is briefly busy.
     */
    public void restart() throws IOException, InterruptedException {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            halt();
            launchPatiently(address);
        }
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (lifecycle) {
            closed = true;
            halt();
        }
    }

    /** {@link #launch} on a fixed port, retrying for a while if it is briefly busy. */
    private void launchPatiently(InetSocketAddress at) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PORT_PATIENCE_NANOS;
        while (true) {
            try {
                launch(at);
                return;
            } catch (IOException busy) {
                if (System.nanoTime() - deadline > 0) {
                    throw busy;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    private void launch(InetSocketAddress at) throws IOException {
        ExecutorService pool = Executors.newCachedThreadPool(daemonThreads());
        try {
            NettyServerBuilder builder = (credentials == null
                    ? NettyServerBuilder.forAddress(at) : NettyServerBuilder.forAddress(at, credentials))
                    .withOption(ChannelOption.SO_REUSEADDR, true)
                    // once stopped, what the server still hands over is dropped, not logged as rejected
                    .executor(task -> {
                        try {
                            pool.execute(task);
                        } catch (RejectedExecutionException stopped) {
                            // the collector is down
                        }
                    })
                    .addStreamTracerFactory(calls)
                    .intercept(authorizations)
                    .addService(health.getHealthService())
                    .addService(ServerInterceptors.intercept(new ObserverService(), faults));
            if (mode == Mode.BATCH) {
                builder.addService(ServerInterceptors.intercept(new BatchService(), faults));
            }
            Server started = builder.build().start();
            synchronized (lifecycle) {
                server = started;
                handlers = pool;
            }
        } catch (IOException | RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
    }

    /** Caller holds lifecycle. */
    private void halt() throws InterruptedException {
        if (server == null) {
            return;
        }
        Server stopping = server;
        ExecutorService pool = handlers;
        server = null;
        handlers = null;
        stopping.shutdownNow();
        boolean serverDone = stopping.awaitTermination(10, TimeUnit.SECONDS);
        pool.shutdownNow(); // wakes handlers that sleep for the latency
        boolean handlersDone = pool.awaitTermination(10, TimeUnit.SECONDS);
        if (!serverDone || !handlersDone) {
            throw new IllegalStateException("the test collector did not stop within 10 s");
        }
    }

    private static ThreadFactory daemonThreads() {
        return task -> {
            Thread thread = new Thread(task, "test-collector-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private synchronized BatchAck apply(EventBatch batch) {
        long through = acknowledged.getOrDefault(batch.getSourceId(), 0L);
        for (Event event : batch.getEventsList()) {
            if (event.getSequence() <= through) {
                duplicates.incrementAndGet();
                continue;
            }
            if (event.getSequence() != through + 1) {
                acknowledged.put(batch.getSourceId(), through); // what came before the gap is held
                return BatchAck.newBuilder().setSuccess(false).setAcknowledgedThrough(through)
                        .setMessage("gap: expected " + (through + 1) + ", got " + event.getSequence()).build();
            }
            applied++;
            if (keepEvents) {
                received.add(new Received(batch.getSourceId(), event));
            }
            through = event.getSequence();
        }
        acknowledged.put(batch.getSourceId(), through);
        return BatchAck.newBuilder().setSuccess(true).setAcknowledgedThrough(through).build();
    }

    /** Null when applied; otherwise why the observer would refuse it (then nothing is recorded). */
    private synchronized String applyUnary(Event event) {
        if (mode == Mode.OBSERVER) {
            String problem = ObserverChecks.problem(event);
            if (problem != null) {
                invalidArguments.incrementAndGet();
                invalidArgumentMessages.add(problem);
                return problem;
            }
        }
        applied++;
        if (keepEvents) {
            received.add(new Received("", event));
        }
        return null;
    }

    private final class BatchService extends TestEventBatchCollectorGrpc.TestEventBatchCollectorImplBase {
        @Override
        public void reportEventBatch(EventBatch request, StreamObserver<BatchAck> response) {
            batchCalls.incrementAndGet();
            largestBatchBytes.accumulateAndGet(request.getSerializedSize(), Math::max);
            response.onNext(apply(request));
            response.onCompleted();
        }
    }

    private final class ObserverService extends TestEventCollectorGrpc.TestEventCollectorImplBase {

        private void record(Event.Builder event, StreamObserver<AckResponse> response) {
            unaryCalls.incrementAndGet();
            String problem = applyUnary(event.build());
            if (problem != null) {
                response.onError(Status.INVALID_ARGUMENT.withDescription(problem).asRuntimeException());
                return;
            }
            response.onNext(AckResponse.newBuilder().setSuccess(true).build());
            response.onCompleted();
        }

        @Override
        public void reportRunStart(ReportRunStartEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setRunStart(request), response);
        }

        @Override
        public void reportSuiteBegin(SuiteBeginEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setSuiteBegin(request), response);
        }

        @Override
        public void reportSuiteEnd(SuiteEndEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setSuiteEnd(request), response);
        }

        @Override
        public void reportTestBegin(TestBeginEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setTestBegin(request), response);
        }

        @Override
        public void reportTestEnd(TestEndEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setTestEnd(request), response);
        }

        @Override
        public void reportStepBegin(StepBeginEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setStepBegin(request), response);
        }

        @Override
        public void reportStepEnd(StepEndEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setStepEnd(request), response);
        }

        @Override
        public void reportTestFailure(TestFailureEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setTestFailure(request), response);
        }

        @Override
        public void reportTestError(TestErrorEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setTestError(request), response);
        }

        @Override
        public void reportStdError(StdErrorEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setStdError(request), response);
        }

        @Override
        public void reportStdOutput(StdOutputEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setStdOutput(request), response);
        }

        @Override
        public void reportRunEnd(TestRunEndEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setRunEnd(request), response);
        }

        @Override
        public void heartbeat(HeartbeatEventRequest request, StreamObserver<AckResponse> response) {
            record(Event.newBuilder().setHeartbeat(request), response);
        }
    }
}
