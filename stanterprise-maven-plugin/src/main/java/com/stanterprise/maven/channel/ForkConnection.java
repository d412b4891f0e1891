package com.stanterprise.maven.channel;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.stanterprise.aggregator.v1.EncodedForkBatch;
import com.stanterprise.aggregator.v1.EncodedForkFrame;
import com.stanterprise.fork.v1.Goodbye;
import com.stanterprise.fork.v1.Hello;
import com.stanterprise.fork.v1.Welcome;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fork's connection. It reads length-delimited frames: first a Hello with the protocol
 * version and the build's secret (within a few seconds), answered by a Welcome; then batches,
 * until a Goodbye, after which it closes. Anything else closes the connection.
 */
final class ForkConnection {

    static final int PROTOCOL_VERSION = 1;
    /** Forks cut their frames at 1 MiB; anything much larger is not one of ours. */
    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** A hello is a few dozen bytes: a connection that has not proved itself gets no large buffer. */
    static final int MAX_HELLO_BYTES = 64 * 1024;
    static final int DEFAULT_HELLO_TIMEOUT_MS = 10_000;

    private final String id;
    private final Socket socket;
    private final String secret;
    private final ForkListener listener;
    private final AtomicLong rejected;
    private final int helloTimeoutMs;
    private volatile String executionKey;
    /** When the connection last read a frame or finished handing one over (System.nanoTime). */
    private volatile long lastProgressNanos = System.nanoTime();
    /**
     * True while a batch is being handed to the run, which waits there for room in the export
     * queue when the collector is slow: a connection held back is not a stalled one.
     */
    private volatile boolean handingOver;

    ForkConnection(String id, Socket socket, String secret, ForkListener listener, AtomicLong rejected,
                   int helloTimeoutMs) {
        this.id = id;
        this.socket = socket;
        this.secret = secret;
        this.listener = listener;
        this.rejected = rejected;
        this.helloTimeoutMs = helloTimeoutMs;
    }

    String id() {
        return id;
    }

    String executionKey() {
        return executionKey;
    }

    void run() {
        boolean welcomed = false;
        boolean goodbye = false;
        try {
            socket.setSoTimeout(helloTimeoutMs);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            EncodedForkFrame first = readFrame(in, MAX_HELLO_BYTES);
            if (first == null || !first.hasHello() || !accepted(first.getHello())) {
                rejected.incrementAndGet();
                return;
            }
            Hello hello = first.getHello();
            executionKey = hello.getExecutionKey();
            listener.forkConnected(id, hello.getExecutionKey(), id + ", pid " + hello.getPid());
            welcomed = true;
            OutputStream out = socket.getOutputStream();
            Welcome.newBuilder().setProtocolVersion(PROTOCOL_VERSION).build().writeDelimitedTo(out);
            out.flush();
            socket.setSoTimeout(0);
            EncodedForkFrame frame;
            // The batches' dropped counts are each the increase since the batch before; the
            // goodbye's is the fork's total, so only what no batch reported is still to count.
            long droppedInBatches = 0;
            while ((frame = readFrame(in, MAX_FRAME_BYTES)) != null) {
                lastProgressNanos = System.nanoTime();
                if (frame.hasBatch()) {
                    EncodedForkBatch batch = frame.getBatch();
                    droppedInBatches += batch.getDropped();
                    handingOver = true;
                    try {
                        listener.forkEvents(id, batch.getEventsList(), batch.getDropped());
                    } catch (RuntimeException bug) {
                        // The extension's own, not the fork's: the fork is alive and goes on
                        // sending, so the connection goes on reading (cut, it would lose the
                        // rest of the fork's events and have the fork taken for dead).
                        listener.forkEventsFailed(id, batch.getEventsList(), bug);
                    } finally {
                        handingOver = false;
                        lastProgressNanos = System.nanoTime();
                    }
                } else if (frame.hasGoodbye()) {
                    goodbye = true;
                    Goodbye last = frame.getGoodbye();
                    listener.forkSaidGoodbye(id, Math.max(0, last.getDropped() - droppedInBatches),
                            last.getOutputsTruncated(), last.getTextsTruncated());
                    break;
                } else {
                    rejected.incrementAndGet();
                    break;
                }
            }
        } catch (InvalidProtocolBufferException e) {
            // malformed, too large or cut short: the connection broke the protocol, welcomed or not
            rejected.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            // after the welcome this is the fork dying, or its connection being cut, not a violation
            if (!welcomed) {
                rejected.incrementAndGet();
            }
        } finally {
            cut();
            if (welcomed) {
                listener.forkClosed(id, goodbye);
            }
        }
    }

    /**
     * True when the connection has neither read a frame nor handed one over since
     * {@code sinceNanos} or its last progress, whichever is later, for {@code timeoutNanos}, and
     * is not handing one over now.
     */
    boolean stalled(long sinceNanos, long timeoutNanos) {
        if (handingOver) {
            return false;
        }
        long idleFrom = Math.max(sinceNanos, lastProgressNanos);
        return System.nanoTime() - idleFrom >= timeoutNanos;
    }

    private boolean accepted(Hello hello) {
        return hello.getProtocolVersion() == PROTOCOL_VERSION
                && MessageDigest.isEqual(
                        hello.getSecret().getBytes(StandardCharsets.UTF_8),
                        secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Null at a clean end of stream; throws on a frame that is too large or malformed. The
     * frame's events keep their payloads as bytes that alias the frame's own array, which is
     * read fresh for each frame and never written again: no event is copied or decoded here.
     */
    static EncodedForkFrame readFrame(InputStream in, int maxBytes) throws IOException {
        int firstByte = in.read();
        if (firstByte < 0) {
            return null;
        }
        int length = CodedInputStream.readRawVarint32(firstByte, in);
        if (length < 0 || length > maxBytes) {
            throw new InvalidProtocolBufferException("frame of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        try {
            new DataInputStream(in).readFully(bytes);
        } catch (EOFException e) {
            throw new InvalidProtocolBufferException("frame cut short");
        }
        // Payloads share the frame's bytes instead of each being copied out of it. Protobuf aliases
        // only a buffer it may take as immutable: one wrapped as a ByteString, not a bare array.
        CodedInputStream frame = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
        frame.enableAliasing(true);
        EncodedForkFrame parsed = EncodedForkFrame.parseFrom(frame);
        frame.checkLastTagWas(0);
        return parsed;
    }

    void cut() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
