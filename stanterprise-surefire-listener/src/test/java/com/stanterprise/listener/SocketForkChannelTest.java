package com.stanterprise.listener;

import com.stanterprise.fork.v1.ForkFrame;
import com.stanterprise.fork.v1.Hello;
import com.stanterprise.fork.v1.Welcome;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fork's end of the fork channel against a tiny aggregator on a real loopback socket: the
 * hello carries the secret from the settings' file, nothing is sent before the welcome, and the
 * channel refuses to work without a welcome in its own protocol version.
 */
class SocketForkChannelTest {

    private static final String SECRET = "s3cret-of-this-build";
    private static final String EXECUTION = "com.example:app:surefire:default-test";

    @TempDir
    Path directory;

    private final ExecutorService aggregatorThread = Executors.newSingleThreadExecutor();
    private ServerSocket aggregator;

    @AfterEach
    void stopAggregator() throws IOException {
        aggregatorThread.shutdownNow();
        if (aggregator != null) {
            aggregator.close();
        }
    }

    @Test
    void saysHelloWithTheSecretWaitsForTheWelcomeThenSendsBatchesAndGoodbye() throws Exception {
        AtomicBoolean welcomed = new AtomicBoolean();
        AtomicBoolean closedByAggregator = new AtomicBoolean();
        Future<List<ForkFrame>> received = aggregate(socket -> {
            List<ForkFrame> frames = new ArrayList<>();
            InputStream in = socket.getInputStream();
            frames.add(ForkFrame.parseDelimitedFrom(in));
            // A slow welcome: the fork must wait for it, not write ahead.
            Thread.sleep(300);
            welcomed.set(true);
            welcome(socket, SocketForkChannel.PROTOCOL_VERSION);
            ForkFrame frame;
            while ((frame = ForkFrame.parseDelimitedFrom(in)) != null) {
                frames.add(frame);
                if (frame.hasGoodbye()) {
                    break;
                }
            }
            // Taking the goodbye takes a while: the fork's finish waits for our close.
            Thread.sleep(300);
            closedByAggregator.set(true);
            socket.close();
            return frames;
        });

        SocketForkChannel channel = new SocketForkChannel(settings());
        assertTrue(welcomed.get(), "the channel was ready before the aggregator welcomed it");
        channel.send(Arrays.asList(Events.testBegin("t1"), Events.testBegin("t2")), 0);
        channel.send(Collections.singletonList(Events.testBegin("t3")), 5);
        channel.finish(3, 5);
        assertTrue(closedByAggregator.get(), "finish returned before the aggregator took the goodbye");

        List<ForkFrame> frames = received.get(10, TimeUnit.SECONDS);
        assertEquals(4, frames.size(), frames.toString());
        Hello hello = frames.get(0).getHello();
        assertTrue(frames.get(0).hasHello());
        assertEquals(SocketForkChannel.PROTOCOL_VERSION, hello.getProtocolVersion());
        assertEquals(SECRET, hello.getSecret());
        assertEquals(EXECUTION, hello.getExecutionKey());
        assertEquals(ProcessId.current(), hello.getPid());
        assertEquals(Arrays.asList("t1", "t2"), Events.ids(encoded(frames.get(1).getBatch().getEventsList())));
        assertEquals(0, frames.get(1).getBatch().getDropped());
        assertEquals(Collections.singletonList("t3"), Events.ids(encoded(frames.get(2).getBatch().getEventsList())));
        assertEquals(5, frames.get(2).getBatch().getDropped());
        assertTrue(frames.get(3).hasGoodbye());
        assertEquals(3, frames.get(3).getGoodbye().getEventsSent());
        assertEquals(5, frames.get(3).getGoodbye().getDropped());
    }

    @Test
    void refusesToProceedWhenTheAggregatorClosesInsteadOfWelcoming() throws Exception {
        Future<List<ForkFrame>> received = aggregate(socket -> {
            List<ForkFrame> frames = new ArrayList<>();
            frames.add(ForkFrame.parseDelimitedFrom(socket.getInputStream()));
            socket.close();
            return frames;
        });

        assertThrows(IOException.class, () -> new SocketForkChannel(settings()));
        assertTrue(received.get(10, TimeUnit.SECONDS).get(0).hasHello());
    }

    @Test
    void refusesToProceedWhenNoWelcomeComesInTime() throws Exception {
        Future<List<ForkFrame>> received = aggregate(socket -> {
            List<ForkFrame> frames = new ArrayList<>();
            InputStream in = socket.getInputStream();
            ForkFrame frame;
            // Never answers; reads until the fork gives up and closes.
            while ((frame = ForkFrame.parseDelimitedFrom(in)) != null) {
                frames.add(frame);
            }
            return frames;
        });

        long started = System.nanoTime();
        assertThrows(IOException.class, () -> new SocketForkChannel(settings()));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMs < 30_000, "took " + tookMs + " ms");
        List<ForkFrame> frames = received.get(10, TimeUnit.SECONDS);
        assertEquals(1, frames.size(), "the fork sent more than its hello without a welcome: " + frames);
        assertTrue(frames.get(0).hasHello());
    }

    @Test
    void refusesToProceedWhenTheWelcomeSpeaksAnotherProtocolVersion() throws Exception {
        Future<List<ForkFrame>> received = aggregate(socket -> {
            List<ForkFrame> frames = new ArrayList<>();
            InputStream in = socket.getInputStream();
            frames.add(ForkFrame.parseDelimitedFrom(in));
            welcome(socket, SocketForkChannel.PROTOCOL_VERSION + 1);
            ForkFrame frame;
            while ((frame = ForkFrame.parseDelimitedFrom(in)) != null) {
                frames.add(frame);
            }
            return frames;
        });

        assertThrows(IOException.class, () -> new SocketForkChannel(settings()));

        List<ForkFrame> frames = received.get(10, TimeUnit.SECONDS);
        assertEquals(1, frames.size(), "the fork went on after a welcome it does not speak: " + frames);
        assertTrue(frames.get(0).hasHello());
    }

    // --- helpers ---

    /** The aggregator: accepts one connection and hands it to {@code conversation} on its own thread. */
    private Future<List<ForkFrame>> aggregate(Conversation conversation) throws IOException {
        aggregator = new ServerSocket();
        aggregator.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return aggregatorThread.submit(() -> {
            try (Socket socket = aggregator.accept()) {
                socket.setSoTimeout(20_000);
                return conversation.with(socket);
            }
        });
    }

    /** What the fork reads: the channel address, and the secret from a file, as the Maven JVM hands them over. */
    private ForkSettings settings() throws IOException {
        Path secretFile = directory.resolve("secret");
        Files.write(secretFile, (SECRET + "\n").getBytes(StandardCharsets.UTF_8));
        Properties properties = new Properties();
        properties.setProperty(ForkSettings.CHANNEL,
                aggregator.getInetAddress().getHostAddress() + ":" + aggregator.getLocalPort());
        properties.setProperty(ForkSettings.SECRET_FILE, secretFile.toString());
        properties.setProperty(ForkSettings.EXECUTION, EXECUTION);
        ForkSettings settings = ForkSettings.from(properties);
        assertNotNull(settings);
        return settings;
    }

    private static void welcome(Socket socket, int protocolVersion) throws IOException {
        OutputStream out = socket.getOutputStream();
        Welcome.newBuilder().setProtocolVersion(protocolVersion).build().writeDelimitedTo(out);
        out.flush();
    }

    @FunctionalInterface
    private interface Conversation {
        List<ForkFrame> with(Socket socket) throws Exception;
    }

    private static List<byte[]> encoded(List<Event> events) {
        List<byte[]> encoded = new ArrayList<>();
        for (Event event : events) {
            encoded.add(event.toByteArray());
        }
        return encoded;
    }
}
