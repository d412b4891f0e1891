package com.stanterprise.listener;

import com.stanterprise.fork.v1.ForkBatch;
import com.stanterprise.fork.v1.ForkFrame;
import com.stanterprise.fork.v1.Goodbye;
import com.stanterprise.fork.v1.Hello;
import com.stanterprise.fork.v1.Welcome;
import com.stanterprise.testsystem.v1.observer.Event;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * The fork's end of the fork channel: one loopback TCP connection that opens with the build's
 * secret and is only used once the aggregator has welcomed it. Waiting for the welcome, and for
 * the aggregator to close after goodbye, means that when this JVM exits the aggregator holds
 * every event the fork sent: the Maven side can then close the execution's suite in order.
 */
final class SocketForkChannel implements ForkChannel {

    static final int PROTOCOL_VERSION = 1;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int WELCOME_TIMEOUT_MS = 5_000;
    private static final int CLOSE_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    SocketForkChannel(ForkSettings settings) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(settings.host, settings.port), CONNECT_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            in = socket.getInputStream();
            ForkFrame.newBuilder()
                    .setHello(Hello.newBuilder()
                            .setProtocolVersion(PROTOCOL_VERSION)
                            .setSecret(settings.secret)
                            .setExecutionKey(settings.executionKey)
                            .setPid(ProcessId.current()))
                    .build()
                    .writeDelimitedTo(out);
            out.flush();
            socket.setSoTimeout(WELCOME_TIMEOUT_MS);
            Welcome welcome = Welcome.parseDelimitedFrom(in);
            if (welcome == null || welcome.getProtocolVersion() != PROTOCOL_VERSION) {
                throw new IOException("the aggregator did not welcome this fork");
            }
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    @Override
    public void send(List<Event> batch, long droppedSinceLastBatch) throws IOException {
        ForkFrame.newBuilder()
                .setBatch(ForkBatch.newBuilder().addAllEvents(batch).setDropped(droppedSinceLastBatch))
                .build()
                .writeDelimitedTo(out);
        out.flush();
    }

    @Override
    public void finish(long eventsSent, long dropped) throws IOException {
        finish(eventsSent, dropped, 0, 0);
    }

    @Override
    public void finish(long eventsSent, long dropped, long outputsTruncated, long textsTruncated) throws IOException {
        try {
            ForkFrame.newBuilder()
                    .setGoodbye(Goodbye.newBuilder().setEventsSent(eventsSent).setDropped(dropped)
                            .setOutputsTruncated(outputsTruncated).setTextsTruncated(textsTruncated))
                    .build()
                    .writeDelimitedTo(out);
            out.flush();
            socket.shutdownOutput();
            socket.setSoTimeout(CLOSE_TIMEOUT_MS);
            // The aggregator closes once it has taken everything; its close is our receipt.
            while (in.read() >= 0) {
                // nothing else is ever sent after the welcome
            }
        } catch (SocketTimeoutException e) {
            // the aggregator is slow to answer; what we wrote is in the kernel and still arrives
        } finally {
            abort();
        }
    }

    @Override
    public void abort() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
