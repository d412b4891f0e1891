package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ForkSenderGoodbyeTest {

    @Test
    void theGoodbyeSaysWhatTheForkCut() throws InterruptedException {
        long[] goodbye = new long[4];
        ForkChannel channel = new ForkChannel() {
            @Override
            public void send(List<byte[]> batch, long droppedSinceLastBatch) {
            }

            @Override
            public void finish(long eventsSent, long dropped) {
                throw new AssertionError("the goodbye with truncations is the one used");
            }

            @Override
            public void finish(long eventsSent, long dropped, long outputsTruncated, long textsTruncated) {
                goodbye[0] = eventsSent;
                goodbye[1] = dropped;
                goodbye[2] = outputsTruncated;
                goodbye[3] = textsTruncated;
            }

            @Override
            public void abort() {
            }
        };
        EventBuffer buffer = new EventBuffer(1024 * 1024, 10);
        ForkSender sender = new ForkSender(buffer, () -> channel, 60_000, 10, Integer.MAX_VALUE);
        sender.truncations(() -> 2, () -> 3);
        sender.start();
        buffer.append(Events.testBegin("a"));
        sender.stop(10_000);
        assertEquals(1, goodbye[0]);
        assertEquals(0, goodbye[1]);
        assertEquals(2, goodbye[2]);
        assertEquals(3, goodbye[3]);
    }
}
