package com.stanterprise.listener;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static com.stanterprise.listener.Events.await;
import static com.stanterprise.listener.Events.ids;
import static com.stanterprise.listener.Events.numbered;
import static com.stanterprise.listener.Events.testBegin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForkSenderTest {

    private static final long LONG_INTERVAL_MS = 60_000;
    private static final int NO_BYTE_LIMIT = Integer.MAX_VALUE;
    private static final long STOP_TIMEOUT_MS = 10_000;

    /** Records every batch it is given; can hold a send on a gate, or make each send slow. */
    static final class RecordingChannel implements ForkChannel {

        final List<List<byte[]>> batches = new CopyOnWriteArrayList<>();
        final List<Long> droppedReports = new CopyOnWriteArrayList<>();
        final AtomicInteger sendsStarted = new AtomicInteger();
        final AtomicInteger finishes = new AtomicInteger();
        final AtomicInteger aborts = new AtomicInteger();
        volatile long finishedSent = -1;
        volatile long finishedDropped = -1;
        volatile CountDownLatch gate;
        volatile long sendDelayMs;
        volatile int failAtSend = -1;

        @Override
        public void send(List<byte[]> batch, long droppedSinceLastBatch) throws IOException {
            int number = sendsStarted.incrementAndGet();
            CountDownLatch held = gate;
            try {
                if (held != null && !held.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("the test never opened the gate");
                }
                if (sendDelayMs > 0) {
                    Thread.sleep(sendDelayMs);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (number == failAtSend) {
                throw new IOException("connection reset");
            }
            // The sender reuses its batch list: keep a copy.
            batches.add(new ArrayList<>(batch));
            droppedReports.add(droppedSinceLastBatch);
        }

        @Override
        public void finish(long eventsSent, long dropped) {
            finishedSent = eventsSent;
            finishedDropped = dropped;
            finishes.incrementAndGet();
        }

        @Override
        public void abort() {
            aborts.incrementAndGet();
        }

        List<byte[]> events() {
            List<byte[]> all = new ArrayList<>();
            for (List<byte[]> batch : batches) {
                all.addAll(batch);
            }
            return all;
        }

        int eventCount() {
            int count = 0;
            for (List<byte[]> batch : batches) {
                count += batch.size();
            }
            return count;
        }

        long totalDroppedReported() {
            long total = 0;
            for (Long dropped : droppedReports) {
                total += dropped;
            }
            return total;
        }
    }

    private final List<ForkSender> started = new ArrayList<>();
    private final List<RecordingChannel> channels = new ArrayList<>();

    private ForkSender sender(EventBuffer buffer, RecordingChannel channel, long intervalMs, int batchSize) {
        channels.add(channel);
        ForkSender sender = new ForkSender(buffer, () -> channel, intervalMs, batchSize, NO_BYTE_LIMIT);
        sender.start();
        started.add(sender);
        return sender;
    }

    @AfterEach
    void stopWhatIsLeft() throws InterruptedException {
        for (RecordingChannel channel : channels) {
            CountDownLatch gate = channel.gate;
            if (gate != null) {
                gate.countDown();
            }
        }
        for (ForkSender sender : started) {
            sender.stop(STOP_TIMEOUT_MS);
        }
    }

    private static List<Integer> batchSizes(RecordingChannel channel) {
        List<Integer> sizes = new ArrayList<>();
        for (List<byte[]> batch : channel.batches) {
            sizes.add(batch.size());
        }
        return sizes;
    }

    private static List<String> append(EventBuffer buffer, String prefix, int from, int to) {
        List<String> appended = numbered(prefix, from, to);
        for (String id : appended) {
            assertTrue(buffer.append(testBegin(id)), id + " kept");
        }
        return appended;
    }

    @Test
    void flushesAsSoonAsAFullBatchIsPending() throws Exception {
        EventBuffer buffer = new EventBuffer(1 << 20, 5);
        RecordingChannel channel = new RecordingChannel();
        sender(buffer, channel, LONG_INTERVAL_MS, 5);

        List<String> appended = append(buffer, "t", 1, 5);

        // Only the full batch can wake the sender: its interval is a minute.
        await("a full batch to be sent well before the 60 s interval", () -> channel.eventCount() == 5);
        assertEquals(appended, ids(channel.events()));
        assertEquals(Collections.singletonList(5), batchSizes(channel));
        assertEquals(0, channel.finishes.get(), "no goodbye before stop");
    }

    @Test
    void flushesAPartialBatchWhenTheIntervalPasses() throws Exception {
        EventBuffer buffer = new EventBuffer(1 << 20, 1000);
        RecordingChannel channel = new RecordingChannel();
        sender(buffer, channel, 50, 1000);

        buffer.append(testBegin("t1"));

        await("the interval to send a single event", () -> channel.eventCount() == 1);
        assertEquals(Collections.singletonList("t1"), ids(channel.events()));

        buffer.append(testBegin("t2"));
        await("the next interval to send the next event", () -> channel.eventCount() == 2);
        assertEquals(numbered("t", 1, 2), ids(channel.events()));
    }

    @Test
    void stopSendsWhatIsLeftThenSaysGoodbyeOnce() throws Exception {
        EventBuffer buffer = new EventBuffer(1 << 20, 1000);
        RecordingChannel channel = new RecordingChannel();
        ForkSender sender = sender(buffer, channel, LONG_INTERVAL_MS, 1000);

        List<String> appended = append(buffer, "t", 1, 10);

        assertTrue(sender.stop(STOP_TIMEOUT_MS));
        assertEquals(appended, ids(channel.events()));
        assertEquals(1, channel.finishes.get());
        assertEquals(10, channel.finishedSent);
        assertEquals(0, channel.finishedDropped);
        assertEquals(0, channel.aborts.get());
        assertEquals(10, sender.sent());
        assertEquals(0, sender.lost());

        assertFalse(buffer.append(testBegin("late")), "a stopped sender's buffer refuses");
        assertEquals(1, sender.lost());
        assertEquals(1, channel.finishes.get());
    }

    @Test
    void stopWhileABatchIsBeingWrittenLosesNothing() throws Exception {
        EventBuffer buffer = new EventBuffer(1 << 20, 3);
        RecordingChannel channel = new RecordingChannel();
        channel.gate = new CountDownLatch(1);
        ForkSender sender = sender(buffer, channel, LONG_INTERVAL_MS, 3);

        List<String> appended = new ArrayList<>(append(buffer, "t", 1, 3));
        await("the first batch to be in flight", () -> channel.sendsStarted.get() == 1);
        appended.addAll(append(buffer, "t", 4, 10));

        AtomicReference<Boolean> stopped = new AtomicReference<>();
        Thread stopper = new Thread(() -> {
            try {
                stopped.set(sender.stop(STOP_TIMEOUT_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stopper");
        stopper.start();
        await("stop to wait for the sender", () -> stopper.getState() == Thread.State.TIMED_WAITING);
        assertFalse(buffer.append(testBegin("after-stop")), "stop closed the buffer at once");
        assertEquals(0, channel.batches.size(), "the first write is still held");

        channel.gate.countDown();
        stopper.join(STOP_TIMEOUT_MS + 5_000);

        assertEquals(Boolean.TRUE, stopped.get());
        List<String> received = ids(channel.events());
        assertEquals(appended, received, "every event exactly once, in order");
        assertEquals(new HashSet<>(received).size(), received.size());
        assertEquals(1, channel.finishes.get());
        assertEquals(10, channel.finishedSent);
        assertEquals(1, channel.finishedDropped, "the one refused after stop");
    }

    @Test
    void keepsAppendOrderAcrossManySmallBatches() throws Exception {
        EventBuffer buffer = new EventBuffer(1 << 22, 7);
        RecordingChannel channel = new RecordingChannel();
        ForkSender sender = sender(buffer, channel, 1, 7);

        List<String> appended = new ArrayList<>();
        for (int i = 1; i <= 2_000; i++) {
            String id = "t" + i;
            assertTrue(buffer.append(testBegin(id)));
            appended.add(id);
            if (i % 100 == 0) {
                Thread.yield();
            }
        }

        assertTrue(sender.stop(STOP_TIMEOUT_MS));
        assertEquals(appended, ids(channel.events()));
        assertTrue(channel.batches.size() >= 2_000 / 7, channel.batches.size() + " batches");
        for (List<byte[]> batch : channel.batches) {
            assertTrue(batch.size() >= 1 && batch.size() <= 7, "batch of " + batch.size());
        }
        assertEquals(2_000, channel.finishedSent);
    }

    @Test
    void keepsEachThreadsOrderWhenFourThreadsAppendAtOnce() throws Exception {
        int threads = 4;
        int perThread = 2_500;
        EventBuffer buffer = new EventBuffer(1 << 24, 16);
        RecordingChannel channel = new RecordingChannel();
        ForkSender sender = sender(buffer, channel, 1, 16);

        CountDownLatch go = new CountDownLatch(1);
        List<Thread> appenders = new ArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            String prefix = "w" + t + "-";
            Thread appender = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i <= perThread; i++) {
                    if (!buffer.append(testBegin(prefix + i))) {
                        refused.incrementAndGet();
                    }
                }
            }, "appender-" + t);
            appender.start();
            appenders.add(appender);
        }
        go.countDown();
        for (Thread appender : appenders) {
            appender.join(30_000);
            assertFalse(appender.isAlive());
        }
        assertEquals(0, refused.get());

        assertTrue(sender.stop(STOP_TIMEOUT_MS));

        List<String> received = ids(channel.events());
        assertEquals(threads * perThread, received.size());
        assertEquals(received.size(), new HashSet<>(received).size(), "no event twice");
        Map<String, Integer> last = new HashMap<>();
        for (String id : received) {
            int dash = id.indexOf('-');
            String writer = id.substring(0, dash);
            int n = Integer.parseInt(id.substring(dash + 1));
            int previous = last.getOrDefault(writer, 0);
            assertEquals(previous + 1, n, "order of " + writer);
            last.put(writer, n);
        }
        assertEquals(threads, last.size());
        assertEquals(threads * perThread, channel.finishedSent);
        assertEquals(0, channel.finishedDropped);
    }

    @Test
    void aFullBufferRefusesWithoutBlockingAndTheCountReachesTheChannel() throws Exception {
        int size = testBegin("t1").length;
        EventBuffer buffer = new EventBuffer(2L * size + size / 2, 1000);
        AtomicInteger kept = new AtomicInteger();

        // No sender is running yet, so nothing drains: only two events fit.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 1; i <= 9; i++) {
                if (buffer.append(testBegin("t" + i))) {
                    kept.incrementAndGet();
                }
            }
        }, "append must never block");
        assertEquals(2, kept.get());
        assertEquals(7, buffer.dropped());

        RecordingChannel channel = new RecordingChannel();
        ForkSender sender = sender(buffer, channel, LONG_INTERVAL_MS, 1000);
        assertEquals(7, sender.lost());
        assertTrue(sender.stop(STOP_TIMEOUT_MS));

        assertEquals(numbered("t", 1, 2), ids(channel.events()));
        assertEquals(7, channel.totalDroppedReported(), "the first batch tells the aggregator what was dropped");
        assertEquals(2, channel.finishedSent);
        assertEquals(7, channel.finishedDropped);
    }

    @Test
    void aChannelThatCannotOpenCountsEverythingAsLostAndStopStillReturns() throws Exception {
        EventBuffer buffer = new EventBuffer(1 << 20, 3);
        AtomicInteger opens = new AtomicInteger();
        ForkSender sender = new ForkSender(buffer, () -> {
            opens.incrementAndGet();
            throw new IOException("connection refused");
        }, 20, 3, NO_BYTE_LIMIT);
        sender.start();
        started.add(sender);

        append(buffer, "t", 1, 5);
        await("the sender to take the events", () -> buffer.pending() == 0);
        append(buffer, "t", 6, 7);

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertTrue(sender.stop(STOP_TIMEOUT_MS)));
        assertEquals(0, sender.sent());
        assertEquals(7, sender.lost());
        assertEquals(1, opens.get(), "opened once, on the sender thread");
    }

    @Test
    void anErrorThatEndsTheSenderIsNotPrintedOnTheTestJvmsStderr() throws Exception {
        EventBuffer buffer = new EventBuffer(1 << 20, 1);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(printed, true, "UTF-8"));
        try {
            AtomicInteger sends = new AtomicInteger();
            ForkChannel failing = new ForkChannel() {
                @Override
                public void send(List<byte[]> batch, long droppedSinceLastBatch) {
                    sends.incrementAndGet();
                    throw new OutOfMemoryError("Java heap space (a test)");
                }

                @Override
                public void finish(long eventsSent, long dropped) {
                }

                @Override
                public void abort() {
                }
            };
            ForkSender sender = new ForkSender(buffer, () -> failing, LONG_INTERVAL_MS, 1, NO_BYTE_LIMIT);
            sender.start();
            append(buffer, "t", 1, 1);

            assertTrue(sender.stop(STOP_TIMEOUT_MS), "the thread ended");
            assertEquals(1, sends.get());
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", printed.toString("UTF-8"));
    }

    @Test
    void aChannelThatFailsMidwayIsAbortedAndTheRestIsCountedAsLost() throws Exception {
        EventBuffer buffer = new EventBuffer(1 << 20, 2);
        RecordingChannel channel = new RecordingChannel();
        channel.failAtSend = 2;
        ForkSender sender = sender(buffer, channel, LONG_INTERVAL_MS, 2);

        append(buffer, "t", 1, 2);
        await("the first batch", () -> channel.eventCount() == 2);
        append(buffer, "t", 3, 6);

        assertTrue(sender.stop(STOP_TIMEOUT_MS));
        assertEquals(numbered("t", 1, 2), ids(channel.events()));
        assertEquals(2, sender.sent());
        assertEquals(4, sender.lost());
        assertEquals(1, channel.aborts.get());
        assertEquals(0, channel.finishes.get(), "no goodbye on a broken channel");
        assertEquals(2, channel.sendsStarted.get(), "nothing is written to a channel after it failed");
    }

    @Test
    void aBatchIsCutByBytesAsWellAsByCount() throws Exception {
        int size = testBegin("t1").length;
        EventBuffer buffer = new EventBuffer(1 << 20, 1000);
        RecordingChannel channel = new RecordingChannel();
        channels.add(channel);
        ForkSender sender = new ForkSender(buffer, () -> channel, LONG_INTERVAL_MS, 1000, 3 * size);
        append(buffer, "t", 1, 8);
        sender.start();
        started.add(sender);

        assertTrue(sender.stop(STOP_TIMEOUT_MS));
        assertEquals(numbered("t", 1, 8), ids(channel.events()));
        assertEquals(Arrays.asList(3, 3, 2), batchSizes(channel));
    }
}
