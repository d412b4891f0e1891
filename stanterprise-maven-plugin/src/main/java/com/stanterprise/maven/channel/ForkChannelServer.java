package com.stanterprise.maven.channel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Maven JVM's end of the fork channel: a server socket on the loopback address only, one
 * reader thread per fork connection. A connection must prove it belongs to this build (the
 * per-build secret, in its first frame) before anything it sends is read as an event.
 */
public final class ForkChannelServer implements AutoCloseable {

    /** How often the end of an execution looks at whether a connection still makes progress. */
    private static final long PROGRESS_CHECK_MS = 100;

    private final ServerSocket serverSocket;
    private final String secret;
    private final ForkListener listener;
    private final int helloTimeoutMs;
    private final Thread acceptor;
    private final AtomicInteger forkCounter = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();
    private final ConcurrentHashMap<ForkConnection, Thread> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ForkChannelServer(String secret, ForkListener listener) throws IOException {
        this(secret, listener, ForkConnection.DEFAULT_HELLO_TIMEOUT_MS);
    }

    /** @param helloTimeoutMs how long a new connection may take to send its hello before it is closed */
    ForkChannelServer(String secret, ForkListener listener, int helloTimeoutMs) throws IOException {
        if (secret == null || secret.isEmpty()) {
            // a hello without a secret carries the empty string: an empty secret would let anyone in
            throw new IllegalArgumentException("the fork channel needs a non-empty secret");
        }
        this.secret = secret;
        this.listener = listener;
        this.helloTimeoutMs = helloTimeoutMs;
        this.serverSocket = new ServerSocket();
        this.serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        this.acceptor = new Thread(this::acceptLoop, "stanterprise-fork-channel");
        this.acceptor.setDaemon(true);
    }

    public void start() {
        acceptor.start();
    }

    /** {@code host:port} for the forks' system property. */
    public String address() {
        return serverSocket.getInetAddress().getHostAddress() + ":" + serverSocket.getLocalPort();
    }

    /** Connections closed because they did not prove they belong to this build, or broke the protocol. */
    public long rejectedConnections() {
        return rejected.get();
    }

    /**
     * Waits until every connection of the execution has closed; cuts one that makes no progress
     * (reads no frame and is not handing one over) for {@code timeoutMs}, so that the run closes
     * what it left before the execution ends. A connection held back while the run waits for room
     * in the export queue is not cut: the collector is slow, the fork is not dead, and cutting it
     * would throw away what it has still to send, its goodbye included.
     */
    public void awaitExecution(String executionKey, long timeoutMs) throws InterruptedException {
        long since = System.nanoTime();
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (ForkConnection connection : of(executionKey)) {
            Thread reader = connections.get(connection);
            if (reader == null) {
                continue;
            }
            while (reader.isAlive() && !connection.stalled(since, timeoutNanos)) {
                reader.join(Math.max(1, Math.min(timeoutMs, PROGRESS_CHECK_MS)));
            }
            if (reader.isAlive()) {
                connection.cut();
                reader.join(1_000);
            }
        }
    }

    private List<ForkConnection> of(String executionKey) {
        List<ForkConnection> matching = new ArrayList<>();
        for (ForkConnection connection : connections.keySet()) {
            if (executionKey.equals(connection.executionKey())) {
                matching.add(connection);
            }
        }
        return matching;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            ForkConnection connection = new ForkConnection(
                    "fork-" + forkCounter.incrementAndGet(), socket, secret, listener, rejected, helloTimeoutMs);
            Thread reader = new Thread(() -> {
                try {
                    connection.run();
                } finally {
                    connections.remove(connection);
                }
            }, "stanterprise-" + connection.id());
            reader.setDaemon(true);
            connections.put(connection, reader);
            reader.start();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // nothing more can be accepted either way
        }
        for (ForkConnection connection : new ArrayList<>(connections.keySet())) {
            connection.cut();
        }
        for (Thread reader : new ArrayList<>(connections.values())) {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
