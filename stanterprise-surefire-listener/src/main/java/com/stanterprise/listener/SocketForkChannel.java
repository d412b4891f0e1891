package com.stanterprise.listener;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
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

    /** {@code stanterprise.fork.v1.ForkFrame}'s fields, written by {@link Wire} like the events they carry. */
    private static final int HELLO = 1;
    private static final int BATCH = 2;
    private static final int GOODBYE = 3;
    /** A welcome is a few bytes; anything longer is not the aggregator's. */
    private static final int MAX_WELCOME_BYTES = 64;

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
            Wire hello = new Wire();
            int body = hello.open(HELLO);
            hello.number(1, PROTOCOL_VERSION);
            hello.string(2, settings.secret);
            hello.string(3, settings.executionKey);
            hello.number(4, ProcessId.current());
            hello.close(body);
            hello.writeDelimitedTo(out);
            out.flush();
            socket.setSoTimeout(WELCOME_TIMEOUT_MS);
            if (welcomedVersion(in) != PROTOCOL_VERSION) {
                throw new IOException("the aggregator did not welcome this fork");
            }
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    @Override
    public void send(List<byte[]> batch, long droppedSinceLastBatch) throws IOException {
        int bytes = 16;
        for (byte[] event : batch) {
            bytes += event.length + 5;
        }
        Wire frame = new Wire(bytes);
        int body = frame.open(BATCH);
        for (byte[] event : batch) {
            frame.bytes(1, event);
        }
        frame.number(2, droppedSinceLastBatch);
        frame.close(body);
        frame.writeDelimitedTo(out);
        out.flush();
    }

    @Override
    public void finish(long eventsSent, long dropped) throws IOException {
        finish(eventsSent, dropped, 0, 0);
    }

    @Override
    public void finish(long eventsSent, long dropped, long outputsTruncated, long textsTruncated) throws IOException {
        try {
            Wire goodbye = new Wire();
            int body = goodbye.open(GOODBYE);
            goodbye.number(1, eventsSent);
            goodbye.number(2, dropped);
            goodbye.number(3, outputsTruncated);
            goodbye.number(4, textsTruncated);
            goodbye.close(body);
            goodbye.writeDelimitedTo(out);
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

    /**
     * The {@code protocol_version} of the aggregator's length-delimited {@code Welcome}, 0 when it
     * has none; -1 when the connection closed first or what came is no welcome.
     */
    static int welcomedVersion(InputStream in) throws IOException {
        int length = in.read();
        if (length < 0 || length > MAX_WELCOME_BYTES) {
            return -1;
        }
        byte[] welcome = new byte[length];
        new DataInputStream(in).readFully(welcome);
        // Its one field, protocol_version (1), is a varint; fields a newer aggregator adds come after it.
        if (length < 2 || welcome[0] != (1 << 3)) {
            return 0;
        }
        int version = 0;
        for (int at = 1, shift = 0; at < length && shift < 32; at++, shift += 7) {
            version |= (welcome[at] & 0x7f) << shift;
            if ((welcome[at] & 0x80) == 0) {
                break;
            }
        }
        return version;
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
