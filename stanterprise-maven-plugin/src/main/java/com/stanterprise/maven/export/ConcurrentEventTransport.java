package com.stanterprise.maven.export;

import com.stanterprise.testsystem.v1.observer.AckResponse;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.testsystem.v1.observer.EventBatch;
import com.stanterprise.testsystem.v1.observer.TestEventCollectorGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The observer's own API, one unary call per event, with up to {@code window} calls in flight.
 *
 * <p>Calls that are in flight together may be applied in any order, so an event is sent only once
 * the collector has <em>acknowledged</em> everything it must come after (WIRE.md: order of
 * arrival matters):
 * <ul>
 *   <li>a test's begin: its suite's begin;</li>
 *   <li>any other event of a test (output, failure, error, step begin or end, end): the event of
 *       the same test id before it (for output of a class, which names its suite: the suite's
 *       begin);</li>
 *   <li>a suite's begin: its parent suite's begin;</li>
 *   <li>a suite's end, the run's start and the run's end: everything before them, and nothing
 *       after the run's start or end is sent until they are acknowledged;</li>
 *   <li>heartbeats: nothing but the run's start.</li>
 * </ul>
 * What comes after is never waited for, so tests of one suite travel side by side while each
 * test's own events keep their order. An event that lacks the id these rules need waits for
 * everything before it. Anything this batch does not hold was acknowledged with an earlier batch.
 * With a window of 1 the collector sees exactly the sequence order.
 *
 * <p>When a call fails, {@code send} waits for the calls in flight (each has its deadline) and
 * throws. {@link ExportException#delivered()} is the longest prefix of the batch that is wholly
 * acknowledged, as the caller takes the rest of the batch from there; events after it that were
 * acknowledged out of order are remembered by source and sequence, and when the caller hands them
 * over again (the retry of the rest, or the spool's copy of it) they count as acknowledged and are
 * not sent again: the observer has no dedup key, and would keep a line of output or a failure
 * twice. After a transient failure no further call starts. After a refusal (a non-transient
 * status, or an ack without success) the events before the refused one still go, so that {@code delivered}
 * is its index and {@link ExportException#rejected()} the one event refused, as with
 * {@link GrpcEventTransport}, and the caller drops exactly that event.
 *
 * <p>Given a deadline (the end of the build's delivery), no call starts after it and each call's
 * own deadline is no later than it, so that {@code send} returns by then however many calls the
 * batch still needs; what was acknowledged in order by then is {@code delivered}, as after a
 * failure, and the caller spools the rest.
 */
public final class ConcurrentEventTransport implements EventTransport {

    /**
     * Measured with benchmarks/V1FallbackBenchmark (4,024 events, collector answering after 2 ms):
     * with 50-event batches (the exporter's default then), 16, 32 and 64 are alike, about 10 times one
     * call after the other, as a batch seldom holds more than a dozen events ready at once; with
     * 500-event batches, 32 is 20 times and 64 22 times. More in flight would gain little, and
     * every call in flight may be one the collector applied without its answer reaching us.
     */
    public static final int DEFAULT_WINDOW = 32;

    private final CollectorChannel channel;
    private final TestEventCollectorGrpc.TestEventCollectorStub stub;
    private final CallLatency latency;
    private final boolean ownsChannel;
    private final int window;
    /**
     * By source id, the sequences of events acknowledged beyond the prefix a failed {@code send}
     * reported as delivered. Only the sending thread uses it (one {@code send} at a time).
     */
    private final Map<String, Set<Long>> acknowledgedAhead = new HashMap<>();

    public ConcurrentEventTransport(CollectorChannel channel, CallLatency latency, boolean ownsChannel, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1: " + window);
        }
        this.channel = channel;
        // The answer only puts a note on a queue: it may run on the transport's own thread.
        this.stub = TestEventCollectorGrpc.newStub(channel.channel()).withExecutor(Runnable::run);
        this.latency = latency;
        this.ownsChannel = ownsChannel;
        this.window = window;
    }

    public int window() {
        return window;
    }

    @Override
    public int send(EncodedEventBatch batch, long timeoutMs) throws ExportException {
        return send(batch, timeoutMs, EventTransport.noDeadline());
    }

    @Override
    public int send(EncodedEventBatch encoded, long timeoutMs, long deadline) throws ExportException {
        EventBatch batch = EventTransport.decode(encoded);
        if (batch.getEventsCount() == 0) {
            return 0;
        }
        Set<Long> ahead = acknowledgedAhead.computeIfAbsent(batch.getSourceId(), source -> new HashSet<>());
        // Batches come in sequence order: what lies before this one will not come back.
        long first = batch.getEvents(0).getSequence();
        ahead.removeIf(sequence -> sequence < first);
        Sending sending = new Sending(batch, Precedence.of(batch), timeoutMs, deadline, ahead);
        try {
            return sending.run();
        } finally {
            sending.rememberAcknowledgedAhead();
            if (ahead.isEmpty()) {
                acknowledgedAhead.remove(batch.getSourceId());
            }
        }
    }

    /**
     * What was acknowledged ahead is remembered by sequence: it moves down with the events after
     * a drop, so that the same events, renumbered, are still known, and another event that now
     * has one of their old numbers is not skipped.
     */
    @Override
    public void dropped(String sourceId, long[] sequences) {
        Set<Long> ahead = acknowledgedAhead.get(sourceId);
        if (ahead == null) {
            return;
        }
        long[] gone = sequences.clone();
        Arrays.sort(gone);
        Set<Long> renumbered = new HashSet<>();
        for (long sequence : ahead) {
            int at = Arrays.binarySearch(gone, sequence);
            if (at < 0) {
                renumbered.add(sequence - (-at - 1));
            }
        }
        ahead.clear();
        ahead.addAll(renumbered);
    }

    @Override
    public void reconnectNow(long timeoutMs) {
        channel.reconnect(timeoutMs);
    }

    @Override
    public String destination() {
        return "collector " + channel.endpoint() + " (one call per event, up to " + window + " at a time)";
    }

    @Override
    public void close() {
        if (ownsChannel) {
            channel.close();
        }
    }

    /** What must be acknowledged before each event of a batch may be sent: a graph on its indices. */
    static final class Precedence {

        /** Per event, how many of its prerequisites are not acknowledged yet. */
        final int[] waitingFor;
        /**
         * Per event, its first edge to an event that waits for it (-1: none); edge {@code e} leads
         * to {@code target[e]}, and {@code next[e]} is the event's next edge.
         */
        private final int[] first;
        private int[] target = new int[16];
        private int[] next = new int[16];
        private int edges;

        private Precedence(int size) {
            waitingFor = new int[size];
            first = new int[size];
            Arrays.fill(first, -1);
        }

        static Precedence of(EventBatch batch) {
            int n = batch.getEventsCount();
            Precedence graph = new Precedence(n);
            Map<String, Integer> suiteBegins = new HashMap<>();
            Map<String, Integer> lastOfTest = new HashMap<>();
            int[] sinceBarrier = new int[n];
            int open = 0;          // events in sinceBarrier
            int lastBarrier = -1;  // waited for everything before it
            int lastFence = -1;    // run start or end: nothing after it goes before its ack
            for (int i = 0; i < n; i++) {
                Event event = batch.getEvents(i);
                boolean barrier = false;
                boolean fence = false;
                switch (event.getPayloadCase()) {
                    case RUN_START:
                    case RUN_END:
                        barrier = true;
                        fence = true;
                        break;
                    case SUITE_END:
                        barrier = true;
                        break;
                    case SUITE_BEGIN: {
                        String id = event.getSuiteBegin().getSuite().getId();
                        if (id.isEmpty()) {
                            barrier = true;
                        } else {
                            graph.after(i, suiteBegins.get(event.getSuiteBegin().getSuite().getParentSuiteId()));
                            suiteBegins.put(id, i);
                        }
                        break;
                    }
                    case TEST_BEGIN: {
                        String id = event.getTestBegin().getTestCase().getId();
                        if (id.isEmpty()) {
                            barrier = true;
                        } else {
                            graph.after(i, suiteBegins.get(event.getTestBegin().getTestCase().getTestSuiteId()));
                            graph.after(i, lastOfTest.get(id)); // a retry of the same test
                            lastOfTest.put(id, i);
                        }
                        break;
                    }
                    case HEARTBEAT:
                        break;
                    default: {
                        String test = testId(event);
                        if (test == null || test.isEmpty()) {
                            barrier = true;
                        } else {
                            Integer before = lastOfTest.get(test);
                            graph.after(i, before != null ? before : suiteBegins.get(test));
                            lastOfTest.put(test, i);
                        }
                        break;
                    }
                }
                if (barrier) {
                    graph.after(i, lastBarrier);
                    for (int k = 0; k < open; k++) {
                        graph.after(i, sinceBarrier[k]);
                    }
                    open = 0;
                    lastBarrier = i;
                } else {
                    graph.after(i, lastFence);
                    sinceBarrier[open++] = i;
                }
                if (fence) {
                    lastFence = i;
                }
            }
            return graph;
        }

        /** The test an event belongs to; null for events that belong to none. */
        private static String testId(Event event) {
            switch (event.getPayloadCase()) {
                case TEST_END:
                    return event.getTestEnd().getTestCase().getId();
                case STEP_BEGIN:
                    return event.getStepBegin().getStep().getTestCaseId();
                case STEP_END:
                    return event.getStepEnd().getStep().getTestCaseId();
                case TEST_FAILURE:
                    return event.getTestFailure().getTestId();
                case TEST_ERROR:
                    return event.getTestError().getTestId();
                case STD_OUTPUT:
                    return event.getStdOutput().getTestId();
                case STD_ERROR:
                    return event.getStdError().getTestId();
                default:
                    return null;
            }
        }

        /** Event {@code i} waits for the acknowledgement of {@code before} (nothing when null or -1). */
        private void after(int i, Integer before) {
            if (before == null || before < 0) {
                return;
            }
            if (edges == target.length) {
                target = Arrays.copyOf(target, edges * 2);
                next = Arrays.copyOf(next, edges * 2);
            }
            target[edges] = i;
            next[edges] = first[before];
            first[before] = edges++;
            waitingFor[i]++;
        }

        /** Event {@code i} is acknowledged; adds what now waits for nothing to {@code ready}. */
        void acknowledged(int i, PriorityQueue<Integer> ready) {
            for (int e = first[i]; e >= 0; e = next[e]) {
                if (--waitingFor[target[e]] == 0) {
                    ready.add(target[e]);
                }
            }
        }
    }

    /** How one call ended. */
    private static final class Outcome {
        final int index;
        final Status status;   // null: answered
        final AckResponse ack; // null without a call, or on failure

        Outcome(int index, Status status, AckResponse ack) {
            this.index = index;
            this.status = status;
            this.ack = ack;
        }
    }

    /**
     * One {@code send}: the caller's thread starts calls and takes their outcomes from a queue, so
     * all the bookkeeping is on one thread and the gRPC threads only add to the queue.
     */
    private final class Sending {
        private final EventBatch batch;
        private final Precedence precedence;
        private final long timeoutNanos;
        /** A {@link System#nanoTime()} instant: no call starts after it, and none lasts past it. */
        private final long deadline;
        private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
        private final PriorityQueue<Integer> ready = new PriorityQueue<>();
        private final boolean[] acknowledged;
        /** Sequences acknowledged by an earlier {@code send} of the same events. */
        private final Set<Long> acknowledgedBefore;
        private int prefix;     // events from the start that are all acknowledged
        private int inFlight;
        private int calls;
        private Outcome failure; // the failed call with the lowest index
        private String failureText;
        private boolean interrupted;
        private boolean outOfTime;

        Sending(EventBatch batch, Precedence precedence, long timeoutMs, long deadline, Set<Long> acknowledgedBefore) {
            this.batch = batch;
            this.precedence = precedence;
            this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            this.deadline = deadline;
            this.acknowledgedBefore = acknowledgedBefore;
            this.acknowledged = new boolean[batch.getEventsCount()];
            for (int i = 0; i < batch.getEventsCount(); i++) {
                if (precedence.waitingFor[i] == 0) {
                    ready.add(i);
                }
            }
        }

        int run() throws ExportException {
            while (true) {
                while (inFlight < window && !ready.isEmpty() && mayStart(ready.peek())) {
                    start(ready.poll());
                }
                if (inFlight == 0) {
                    break;
                }
                handle(take());
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (prefix == batch.getEventsCount()) {
                return calls;
            }
            throw failed();
        }

        /**
         * After a failure only the events before it may still go, and only when it was a refusal:
         * then {@code delivered} ends exactly at the refused event. After a transient failure, an
         * interrupt or the deadline nothing more is started.
         */
        private boolean mayStart(int index) {
            if (interrupted) {
                return false;
            }
            if (deadline - System.nanoTime() <= 0) {
                outOfTime = true;
                return false;
            }
            return failure == null || (!RetryPolicy.isTransient(failure.status.getCode()) && index < failure.index);
        }

        private void start(int index) {
            Event event = batch.getEvents(index);
            inFlight++;
            if (event.getPayloadCase() == Event.PayloadCase.PAYLOAD_NOT_SET
                    || acknowledgedBefore.contains(event.getSequence())) {
                outcomes.add(new Outcome(index, null, null)); // nothing to send
                return;
            }
            calls++;
            long started = System.nanoTime();
            StreamObserver<AckResponse> answer = new StreamObserver<AckResponse>() {
                private final AtomicBoolean ended = new AtomicBoolean();
                private volatile AckResponse ack;

                @Override
                public void onNext(AckResponse value) {
                    ack = value;
                }

                @Override
                public void onError(Throwable t) {
                    end(new Outcome(index, Status.fromThrowable(t), null));
                }

                @Override
                public void onCompleted() {
                    end(new Outcome(index, null, ack));
                }

                /** Once per call, even when starting it threw and gRPC also reports its cancellation. */
                private void end(Outcome outcome) {
                    if (ended.compareAndSet(false, true)) {
                        latency.record(System.nanoTime() - started);
                        outcomes.add(outcome);
                    }
                }
            };
            try {
                // Bounded by what is left of the send's deadline, not only by its own timeout.
                long callNanos = Math.min(timeoutNanos, deadline - System.nanoTime());
                call(event, stub.withDeadlineAfter(callNanos, TimeUnit.NANOSECONDS), answer);
            } catch (RuntimeException e) {
                answer.onError(e);
            }
        }

        /** The next outcome. Interrupted, it stops starting calls but still waits for those in flight. */
        private Outcome take() {
            while (true) {
                try {
                    return outcomes.take();
                } catch (InterruptedException e) {
                    interrupted = true; // every call in flight has a deadline: the wait is bounded
                }
            }
        }

        private void handle(Outcome outcome) {
            inFlight--;
            int index = outcome.index;
            if (outcome.status == null && (outcome.ack == null || outcome.ack.getSuccess())) {
                acknowledged[index] = true;
                while (prefix < acknowledged.length && acknowledged[prefix]) {
                    prefix++;
                }
                precedence.acknowledged(index, ready);
                return;
            }
            if (failure != null && failure.index < index) {
                return;
            }
            Event event = batch.getEvents(index);
            if (outcome.status != null) {
                failure = outcome;
                Status status = outcome.status;
                failureText = status.getCode() + " for " + event.getPayloadCase()
                        + (status.getDescription() != null ? ": " + status.getDescription() : "");
            } else {
                failure = new Outcome(index, Status.INVALID_ARGUMENT, outcome.ack);
                failureText = "the collector refused " + event.getPayloadCase() + ": " + outcome.ack.getMessage();
            }
        }

        /**
         * The caller hands over again what follows the prefix: of that, what the collector has
         * acknowledged is remembered (this time, or before and not sent again since). What is in
         * the prefix is delivered and will not come back. An event without a sequence (0) cannot
         * be told from another, and is sent again.
         */
        void rememberAcknowledgedAhead() {
            for (int i = 0; i < acknowledged.length; i++) {
                long sequence = batch.getEvents(i).getSequence();
                if (i < prefix) {
                    acknowledgedBefore.remove(sequence);
                } else if (acknowledged[i] && sequence != 0) {
                    acknowledgedBefore.add(sequence);
                }
            }
        }

        private ExportException failed() {
            if (failure != null && failure.index == prefix) {
                return new ExportException(failureText, failure.status.getCause(), failure.status.getCode(),
                        prefix, 1, calls);
            }
            // The first event not acknowledged was never answered: only ever a reason to try again.
            Status.Code code = failure != null && RetryPolicy.isTransient(failure.status.getCode())
                    ? failure.status.getCode()
                    : failure == null && outOfTime ? Status.Code.DEADLINE_EXCEEDED : Status.Code.ABORTED;
            String why = failure != null ? failureText : interrupted ? "interrupted"
                    : outOfTime ? "the deadline came before every event was sent" : "not every event was sent";
            return new ExportException(why + " (" + prefix + " of " + batch.getEventsCount()
                    + " events acknowledged in order)", failure != null ? failure.status.getCause() : null,
                    code, prefix, 1, calls);
        }
    }

    private static void call(Event event, TestEventCollectorGrpc.TestEventCollectorStub call,
                             StreamObserver<AckResponse> answer) {
        switch (event.getPayloadCase()) {
            case RUN_START:
                call.reportRunStart(event.getRunStart(), answer);
                break;
            case SUITE_BEGIN:
                call.reportSuiteBegin(event.getSuiteBegin(), answer);
                break;
            case SUITE_END:
                call.reportSuiteEnd(event.getSuiteEnd(), answer);
                break;
            case TEST_BEGIN:
                call.reportTestBegin(event.getTestBegin(), answer);
                break;
            case TEST_END:
                call.reportTestEnd(event.getTestEnd(), answer);
                break;
            case STEP_BEGIN:
                call.reportStepBegin(event.getStepBegin(), answer);
                break;
            case STEP_END:
                call.reportStepEnd(event.getStepEnd(), answer);
                break;
            case TEST_FAILURE:
                call.reportTestFailure(event.getTestFailure(), answer);
                break;
            case TEST_ERROR:
                call.reportTestError(event.getTestError(), answer);
                break;
            case STD_OUTPUT:
                call.reportStdOutput(event.getStdOutput(), answer);
                break;
            case STD_ERROR:
                call.reportStdError(event.getStdError(), answer);
                break;
            case RUN_END:
                call.reportRunEnd(event.getRunEnd(), answer);
                break;
            case HEARTBEAT:
                call.heartbeat(event.getHeartbeat(), answer);
                break;
            default:
                throw new IllegalStateException("no call for " + event.getPayloadCase());
        }
    }
}
