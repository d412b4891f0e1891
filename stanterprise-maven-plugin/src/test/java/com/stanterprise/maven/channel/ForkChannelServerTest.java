package com.stanterprise.maven.channel;

import com.google.protobuf.CodedOutputStream;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.fork.v1.ForkBatch;
import com.stanterprise.fork.v1.ForkFrame;
import com.stanterprise.fork.v1.Goodbye;
import com.stanterprise.fork.v1.Hello;
import com.stanterprise.fork.v1.Welcome;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fork channel's server, through real sockets that write frames by hand: what a connection
 * must do before anything it sends reaches the run, and what happens to one that breaks the
 * protocol while other forks go on.
 */
class ForkChannelServerTest {

    private static final String SECRET = "0123456789abcdef-this-build";
    /** Generous: only reached when something is wrong. */
    private static final int WAIT_MS = 10_000;

    private final RecordingListener listener = new RecordingListener();
    private final List<Socket> clients = new ArrayList<>();
    private final List<ForkChannelServer> servers = new ArrayList<>();
    private ForkChannelServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = startServer(ForkConnection.DEFAULT_HELLO_TIMEOUT_MS);
    }

    @AfterEach
    void closeEverything() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        for (ForkChannelServer started : servers) {
            started.close();
        }
    }

    // --- where it listens ---

    @Test
    void listensOnTheLoopbackAddressOnly() throws IOException {
        InetSocketAddress address = addressOf(server);
        assertTrue(address.getAddress().isLoopbackAddress(), server.address());

        InetAddress elsewhere = nonLoopbackAddressOfThisMachine();
        assumeTrue(elsewhere != null, "this machine has no non-loopback interface address");
        try (Socket socket = new Socket()) {
            assertThrows(IOException.class,
                    () -> socket.connect(new InetSocketAddress(elsewhere, address.getPort()), 2_000),
                    "reached the fork channel through " + elsewhere.getHostAddress());
        }
        assertEquals(0, server.rejectedConnections(), "nothing was even accepted");
        assertEquals(Collections.emptyList(), listener.calls());
    }

    // --- a fork that follows the protocol ---

    @Test
    void aWelcomedForkDeliversItsBatchesInOrderAndIsClosedAfterItsGoodbye() throws IOException {
        Socket fork = connect();
        Welcome welcome = hello(fork, SECRET, ForkConnection.PROTOCOL_VERSION, "surefire:test@core");
        assertEquals(ForkConnection.PROTOCOL_VERSION, welcome.getProtocolVersion());

        write(fork, batch(0, 1, 2));
        write(fork, batch(3, 3));
        write(fork, batch(0, 4, 5, 6));
        write(fork, goodbye());
        assertClosedByServer(fork);

        String id = listener.awaitClosed(0);
        assertEquals(Arrays.asList(
                "connected " + id + " surefire:test@core",
                "events " + id + " [1, 2] dropped 0",
                "events " + id + " [3] dropped 3",
                "events " + id + " [4, 5, 6] dropped 0",
                "closed " + id + " goodbye=true"), listener.callsOf(id));
        assertEquals(0, server.rejectedConnections());
    }

    /**
     * A RuntimeException out of the listener while it takes a batch is a bug of the extension's:
     * before, the connection caught it unseen, closed and reported the fork as gone without a
     * goodbye (died or killed), and the fork's later batches were lost.
     */
    @Test
    void aBugOfTheListenersOnABatchIsReportedAndTheConnectionGoesOn() throws IOException {
        listener.failOnBatch(2);
        Socket fork = connect();
        hello(fork, SECRET, ForkConnection.PROTOCOL_VERSION, "exec");
        write(fork, batch(0, 1));
        write(fork, batch(0, 2, 3));
        write(fork, batch(0, 4));
        write(fork, goodbye());
        assertClosedByServer(fork);

        String id = listener.awaitClosed(0);
        assertEquals(Arrays.asList(
                "connected " + id + " exec",
                "events " + id + " [1] dropped 0",
                "failed " + id + " [2, 3] java.lang.IllegalStateException: a bug",
                "events " + id + " [4] dropped 0",
                "closed " + id + " goodbye=true"), listener.callsOf(id));
        assertEquals(0, server.rejectedConnections());
    }

    @Test
    void eventsTheForkDroppedAfterItsLastBatchAreTakenFromItsGoodbyeAndCountedOnce() throws IOException {
        Socket fork = connect();
        hello(fork, SECRET, ForkConnection.PROTOCOL_VERSION, "exec");
        write(fork, batch(2, 1, 2));
        write(fork, batch(0, 3));
        write(fork, batch(1, 4));
        // The goodbye's count is the fork's total: 3 reported in batches, and 4 appends refused
        // after its buffer closed (a test called System.exit while other threads still reported).
        write(fork, goodbye(3 + 4));
        assertClosedByServer(fork);

        String id = listener.awaitClosed(0);
        assertEquals(Collections.singletonList("goodbye " + id + " dropped 4"), listener.goodbyes());
    }

    @Test
    void aGoodbyeWhoseDropsTheBatchesAlreadyReportedAddsNone() throws IOException {
        Socket fork = connect();
        hello(fork, SECRET, ForkConnection.PROTOCOL_VERSION, "exec");
        write(fork, batch(5, 1));
        write(fork, goodbye(5));
        assertClosedByServer(fork);

        String id = listener.awaitClosed(0);
        assertEquals(Collections.singletonList("goodbye " + id + " dropped 0"), listener.goodbyes());
    }

    // --- connections that do not prove they belong to this build ---

    static Stream<Arguments> firstFramesThatAreRefused() {
        return Stream.of(
                Arguments.of("wrong secret", delimited(helloFrame("not-the-secret", 1))),
                Arguments.of("empty secret", delimited(helloFrame("", 1))),
                Arguments.of("the secret without its last character",
                        delimited(helloFrame(SECRET.substring(0, SECRET.length() - 1), 1))),
                Arguments.of("the secret and more", delimited(helloFrame(SECRET + "x", 1))),
                Arguments.of("protocol version 2", delimited(helloFrame(SECRET, 2))),
                Arguments.of("protocol version 0", delimited(helloFrame(SECRET, 0))),
                Arguments.of("a batch before any hello", delimited(batch(0, 1, 2))),
                Arguments.of("a goodbye before any hello", delimited(goodbye())),
                Arguments.of("an empty frame before any hello", delimited(ForkFrame.getDefaultInstance())),
                Arguments.of("garbage", concat(varint(3), new byte[] {0x0F, 0x01, 0x02})),
                // A hello is tiny: a connection that has not proved itself cannot make the server
                // allocate, or wait for, a large frame.
                Arguments.of("a first frame that claims 1 MiB", varint(1024 * 1024)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstFramesThatAreRefused")
    void aConnectionThatDoesNotProveItBelongsToThisBuildIsClosedWithoutAWelcome(String what, byte[] first)
            throws IOException {
        Socket intruder = connect();
        writeRaw(intruder, first);

        assertClosedByServer(intruder);
        awaitRejected(1);
        assertEquals(Collections.emptyList(), listener.calls(), what + " reached the listener");
    }

    @Test
    void refusesToStartWithoutASecret() {
        // A hello that leaves the secret out carries the empty string.
        assertThrows(IllegalArgumentException.class, () -> new ForkChannelServer("", listener));
        assertThrows(IllegalArgumentException.class, () -> new ForkChannelServer(null, listener));
    }

    @Test
    void aBatchSentRightAfterAWrongSecretIsNeverDelivered() throws IOException {
        Socket intruder = connect();
        // One write: the batch is already in the server's receive buffer when it checks the hello.
        writeRaw(intruder, concat(
                delimited(helloFrame("guessed", ForkConnection.PROTOCOL_VERSION)),
                delimited(batch(0, 1, 2, 3))));

        assertClosedByServer(intruder);
        awaitRejected(1);
        // The server is still there for the real forks, and it never heard of the intruder's batch.
        Socket fork = connect();
        hello(fork, SECRET, ForkConnection.PROTOCOL_VERSION, "exec");
        write(fork, goodbye());
        assertClosedByServer(fork);
        String id = listener.awaitClosed(0);
        assertEquals(Arrays.asList("connected " + id + " exec", "closed " + id + " goodbye=true"), listener.calls());
        assertEquals(1, server.rejectedConnections());
    }

    @Test
    void aConnectionThatSaysNothingIsClosedWithinTheHelloTimeout() throws IOException {
        ForkChannelServer quick = startServer(300);
        Socket silent = connect(quick);
        Socket stalled = connect(quick);
        // Half a hello, then nothing.
        byte[] hello = delimited(helloFrame(SECRET, ForkConnection.PROTOCOL_VERSION));
        writeRaw(stalled, Arrays.copyOf(hello, hello.length / 2));

        long started = System.nanoTime();
        assertClosedByServer(silent);
        assertClosedByServer(stalled);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMs < 5_000, "took " + tookMs + " ms");
        awaitRejected(quick, 2);
        assertEquals(Collections.emptyList(), listener.calls());
    }

    // --- a welcomed connection that breaks the protocol, next to one that does not ---

    static Stream<Arguments> framesThatBreakTheProtocol() {
        return Stream.of(
                Arguments.of("a length prefix above the 16 MiB limit", varint(ForkConnection.MAX_FRAME_BYTES + 1), false),
                Arguments.of("garbage that does not parse", concat(varint(3), new byte[] {0x0F, 0x01, 0x02}), false),
                Arguments.of("a field that runs past its frame", concat(varint(2), new byte[] {0x12, 0x7F}), false),
                Arguments.of("a frame cut short, then end of stream",
                        concat(varint(100), new byte[10]), true),
                Arguments.of("a length prefix cut short, then end of stream", new byte[] {(byte) 0x80}, true),
                Arguments.of("an unknown frame kind (no body set)", delimited(ForkFrame.getDefaultInstance()), false),
                Arguments.of("a second hello", delimited(helloFrame(SECRET, ForkConnection.PROTOCOL_VERSION)), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framesThatBreakTheProtocol")
    void aConnectionThatBreaksTheProtocolIsClosedAndCountedWhileTheOtherForksGoOn(
            String what, byte[] bad, boolean thenEndOfStream) throws IOException {
        Socket good = connect();
        hello(good, SECRET, ForkConnection.PROTOCOL_VERSION, "exec");
        write(good, batch(0, 1, 2));
        Socket broken = connect();
        hello(broken, SECRET, ForkConnection.PROTOCOL_VERSION, "exec");
        write(broken, batch(0, 100));
        String goodId = listener.awaitConnected(0);
        String brokenId = listener.awaitConnected(1);

        writeRaw(broken, bad);
        if (thenEndOfStream) {
            broken.shutdownOutput();
        }

        assertClosedByServer(broken);
        listener.awaitClosed(brokenId);
        assertEquals(Arrays.asList(
                "connected " + brokenId + " exec",
                "events " + brokenId + " [100] dropped 0",
                "closed " + brokenId + " goodbye=false"), listener.callsOf(brokenId), what);
        assertEquals(1, server.rejectedConnections(), what);

        write(good, batch(0, 3));
        write(good, batch(0, 4, 5));
        write(good, goodbye());
        assertClosedByServer(good);
        listener.awaitClosed(goodId);
        assertEquals(Arrays.asList(
                "connected " + goodId + " exec",
                "events " + goodId + " [1, 2] dropped 0",
                "events " + goodId + " [3] dropped 0",
                "events " + goodId + " [4, 5] dropped 0",
                "closed " + goodId + " goodbye=true"), listener.callsOf(goodId), what);
        assertEquals(1, server.rejectedConnections(), what);
    }

    // --- the end of an execution ---

    @Test
    void awaitExecutionReturnsOnceTheExecutionsConnectionsHaveClosed() throws Exception {
        Socket first = connect();
        hello(first, SECRET, ForkConnection.PROTOCOL_VERSION, "exec-a");
        Socket second = connect();
        hello(second, SECRET, ForkConnection.PROTOCOL_VERSION, "exec-a");
        Socket otherExecution = connect();
        hello(otherExecution, SECRET, ForkConnection.PROTOCOL_VERSION, "exec-b");
        String otherId = listener.awaitConnected(2);
        write(first, goodbye());
        Thread lateFork = new Thread(() -> {
            try {
                Thread.sleep(300);
                write(second, batch(0, 7));
                write(second, goodbye());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        lateFork.start();

        long started = System.nanoTime();
        server.awaitExecution("exec-a", WAIT_MS);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        lateFork.join();

        assertTrue(tookMs < WAIT_MS / 2, "took " + tookMs + " ms");
        // Both were closed, with their goodbye, before awaitExecution returned.
        assertEquals(Arrays.asList(
                "closed " + listener.connectedId(0) + " goodbye=true",
                "closed " + listener.connectedId(1) + " goodbye=true"), listener.closes());
        assertTrue(listener.calls().contains("events " + listener.connectedId(1) + " [7] dropped 0"));
        // Another execution's fork is none of its business.
        write(otherExecution, batch(0, 8));
        write(otherExecution, goodbye());
        assertClosedByServer(otherExecution);
        listener.awaitClosed(otherId);
        assertTrue(listener.callsOf(otherId).contains("closed " + otherId + " goodbye=true"));
        assertEquals(0, server.rejectedConnections());
    }

    @Test
    void awaitExecutionCutsTheConnectionsStillOpenAfterItsTimeout() throws Exception {
        Socket polite = connect();
        hello(polite, SECRET, ForkConnection.PROTOCOL_VERSION, "exec-a");
        Socket hanging = connect();
        hello(hanging, SECRET, ForkConnection.PROTOCOL_VERSION, "exec-a");
        write(hanging, batch(0, 1));
        String politeId = listener.awaitConnected(0);
        String hangingId = listener.awaitConnected(1);
        write(polite, goodbye());

        long started = System.nanoTime();
        server.awaitExecution("exec-a", 300);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMs >= 250 && tookMs < WAIT_MS / 2, "took " + tookMs + " ms");
        // Both closed before awaitExecution returned: the polite one with its goodbye, the other cut.
        List<String> closes = new ArrayList<>(listener.closes());
        Collections.sort(closes);
        List<String> expected = Arrays.asList(
                "closed " + politeId + " goodbye=true", "closed " + hangingId + " goodbye=false");
        Collections.sort(expected);
        assertEquals(expected, closes);
        assertClosedByServer(hanging);
        // Cutting a fork that ran out of time is not a protocol violation.
        assertEquals(0, server.rejectedConnections());
    }

    @Test
    void aConnectionHeldBackLongerThanTheTimeoutIsNotCutAndDeliversItsLastFramesAndGoodbye() throws Exception {
        Socket fork = connect();
        hello(fork, SECRET, ForkConnection.PROTOCOL_VERSION, "exec-a");
        String id = listener.awaitConnected(0);
        // The run waits for room in a full export queue (a slow collector) while it takes the
        // first batch: five times the timeout, with the rest of the fork's frames unread behind it.
        listener.holdBackFirstBatch(1_500);
        write(fork, batch(0, 1));
        write(fork, batch(0, 2));
        write(fork, batch(0, 3));
        write(fork, goodbye());

        long started = System.nanoTime();
        server.awaitExecution("exec-a", 300);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMs >= 1_000, "took " + tookMs + " ms");
        assertEquals(Arrays.asList(
                "connected " + id + " exec-a",
                "events " + id + " [1] dropped 0",
                "events " + id + " [2] dropped 0",
                "events " + id + " [3] dropped 0",
                "closed " + id + " goodbye=true"), listener.callsOf(id));
        assertClosedByServer(fork);
    }

    // --- helpers: the server ---

    private ForkChannelServer startServer(int helloTimeoutMs) throws IOException {
        ForkChannelServer started = new ForkChannelServer(SECRET, listener, helloTimeoutMs);
        servers.add(started);
        started.start();
        return started;
    }

    private static InetSocketAddress addressOf(ForkChannelServer server) throws IOException {
        String address = server.address();
        int colon = address.lastIndexOf(':');
        return new InetSocketAddress(InetAddress.getByName(address.substring(0, colon)),
                Integer.parseInt(address.substring(colon + 1)));
    }

    private static InetAddress nonLoopbackAddressOfThisMachine() throws SocketException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (!address.isLoopbackAddress() && !address.isLinkLocalAddress() && !address.isAnyLocalAddress()) {
                    return address;
                }
            }
        }
        return null;
    }

    private void awaitRejected(long count) {
        awaitRejected(server, count);
    }

    private static void awaitRejected(ForkChannelServer server, long count) {
        awaitTrue(() -> server.rejectedConnections() >= count, "rejected connections: " + count);
        assertEquals(count, server.rejectedConnections());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    // --- helpers: a fork, by hand ---

    private Socket connect() throws IOException {
        return connect(server);
    }

    private Socket connect(ForkChannelServer to) throws IOException {
        Socket socket = new Socket();
        clients.add(socket);
        socket.connect(addressOf(to), WAIT_MS);
        socket.setSoTimeout(WAIT_MS);
        return socket;
    }

    /** Sends a hello and returns the server's welcome; fails when there is none. */
    private static Welcome hello(Socket socket, String secret, int protocolVersion, String executionKey)
            throws IOException {
        write(socket, ForkFrame.newBuilder()
                .setHello(Hello.newBuilder()
                        .setProtocolVersion(protocolVersion)
                        .setSecret(secret)
                        .setExecutionKey(executionKey)
                        .setPid(4242))
                .build());
        Welcome welcome = Welcome.parseDelimitedFrom(socket.getInputStream());
        if (welcome == null) {
            fail("no welcome");
        }
        return welcome;
    }

    private static ForkFrame helloFrame(String secret, int protocolVersion) {
        return ForkFrame.newBuilder()
                .setHello(Hello.newBuilder()
                        .setProtocolVersion(protocolVersion)
                        .setSecret(secret)
                        .setExecutionKey("exec")
                        .setPid(4242))
                .build();
    }

    private static ForkFrame batch(long dropped, long... sequences) {
        ForkBatch.Builder batch = ForkBatch.newBuilder().setDropped(dropped);
        for (long sequence : sequences) {
            batch.addEvents(Event.newBuilder().setSequence(sequence));
        }
        return ForkFrame.newBuilder().setBatch(batch).build();
    }

    private static ForkFrame goodbye() {
        return ForkFrame.newBuilder().setGoodbye(Goodbye.newBuilder().setEventsSent(0)).build();
    }

    /** As the listener's ForkSender says it: {@code dropped} is all the fork dropped, batches' included. */
    private static ForkFrame goodbye(long dropped) {
        return ForkFrame.newBuilder().setGoodbye(Goodbye.newBuilder().setDropped(dropped)).build();
    }

    private static void write(Socket socket, ForkFrame frame) throws IOException {
        OutputStream out = socket.getOutputStream();
        frame.writeDelimitedTo(out);
        out.flush();
    }

    private static void writeRaw(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static byte[] delimited(ForkFrame frame) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            frame.writeDelimitedTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] varint(int value) {
        byte[] bytes = new byte[CodedOutputStream.computeUInt32SizeNoTag(value)];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeUInt32NoTag(value);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.write(part, 0, part.length);
        }
        return bytes.toByteArray();
    }

    /**
     * The server closed this connection without sending anything (no welcome, or nothing after
     * it): end of stream, or a reset when it closed with our bytes still unread. Fails when the
     * connection is still open after a generous wait.
     */
    private static void assertClosedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            int read = in.read();
            assertEquals(-1, read, "the server sent something instead of closing");
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection within " + WAIT_MS + " ms");
        } catch (SocketException e) {
            // connection reset: closed with unread bytes
        }
    }

    /** Every call the server made, in order, as text. */
    private static final class RecordingListener implements ForkListener {

        private final List<String> calls = new ArrayList<>();
        private final List<String> connected = new ArrayList<>();
        /** Apart from {@link #calls}: most tests have no interest in what a goodbye counted. */
        private final List<String> goodbyes = new ArrayList<>();

        @Override
        public synchronized void forkConnected(String forkId, String executionKey, String description) {
            calls.add("connected " + forkId + " " + executionKey);
            connected.add(forkId);
            notifyAll();
        }

        /** Held outside the lock, so that other forks and the test go on meanwhile. */
        private volatile long holdFirstBatchMs;

        /** The next batch's hand-over takes this long, as when the run waits for room in the queue. */
        void holdBackFirstBatch(long ms) {
            holdFirstBatchMs = ms;
        }

        /** The n-th batch (from 1) throws, as a bug of the run's would. */
        private volatile int failingBatch;
        private int batches;

        void failOnBatch(int n) {
            failingBatch = n;
        }

        @Override
        public void forkEvents(String forkId, List<EncodedEvent> events, long droppedInFork) {
            synchronized (this) {
                if (++batches == failingBatch) {
                    throw new IllegalStateException("a bug");
                }
            }
            long hold = holdFirstBatchMs;
            if (hold > 0) {
                holdFirstBatchMs = 0;
                try {
                    Thread.sleep(hold);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            record(forkId, events, droppedInFork);
        }

        private synchronized void record(String forkId, List<EncodedEvent> events, long droppedInFork) {
            List<Long> sequences = events.stream().map(EncodedEvent::getSequence).collect(Collectors.toList());
            calls.add("events " + forkId + " " + sequences + " dropped " + droppedInFork);
            notifyAll();
        }

        @Override
        public synchronized void forkEventsFailed(String forkId, List<EncodedEvent> events, RuntimeException bug) {
            List<Long> sequences = events.stream().map(EncodedEvent::getSequence).collect(Collectors.toList());
            calls.add("failed " + forkId + " " + sequences + " " + bug);
            notifyAll();
        }

        @Override
        public synchronized void forkSaidGoodbye(String forkId, long droppedAfterLastBatch, long outputsTruncated,
                                                 long textsTruncated) {
            goodbyes.add("goodbye " + forkId + " dropped " + droppedAfterLastBatch);
        }

        synchronized List<String> goodbyes() {
            return new ArrayList<>(goodbyes);
        }

        @Override
        public synchronized void forkClosed(String forkId, boolean saidGoodbye) {
            calls.add("closed " + forkId + " goodbye=" + saidGoodbye);
            notifyAll();
        }

        synchronized List<String> calls() {
            return new ArrayList<>(calls);
        }

        synchronized List<String> callsOf(String forkId) {
            return calls.stream().filter(call -> call.split(" ")[1].equals(forkId)).collect(Collectors.toList());
        }

        synchronized List<String> closes() {
            return calls.stream().filter(call -> call.startsWith("closed ")).collect(Collectors.toList());
        }

        synchronized String connectedId(int index) {
            return connected.get(index);
        }

        /** The id of the {@code index}th fork the server welcomed (welcomes are in connect order here). */
        synchronized String awaitConnected(int index) {
            awaitLocked(() -> connected.size() > index, "fork #" + index + " to connect");
            return connected.get(index);
        }

        /** Waits for the {@code index}th welcomed fork to close and returns its id. */
        synchronized String awaitClosed(int index) {
            String id = awaitConnected(index);
            awaitClosed(id);
            return id;
        }

        synchronized void awaitClosed(String forkId) {
            awaitLocked(() -> calls.stream().anyMatch(call -> call.startsWith("closed " + forkId + " ")),
                    forkId + " to close");
        }

        private void awaitLocked(BooleanSupplier condition, String what) {
            long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
            while (!condition.getAsBoolean()) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    fail("timed out waiting for " + what + "; calls: " + calls);
                }
                try {
                    wait(leftMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted");
                }
            }
        }
    }
}
