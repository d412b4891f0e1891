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
     * Waits until every connection of the execution has closed, at most {@code timeoutMs}; then
     * cuts the ones still open, so that the run closes what they left before the execution ends.
     */
    public void awaitExecution(String executionKey, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (ForkConnection connection : of(executionKey)) {
            Thread reader = connections.get(connection);
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (reader != null) {
                reader.join(Math.max(1, left));
            }
        }
        for (ForkConnection connection : of(executionKey)) {
            connection.cut();
            Thread reader = connections.get(connection);
            if (reader != null) {
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
