package com.stanterprise.maven.export;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.maven.configuration.Configuration;
import com.stanterprise.maven.configuration.ConfigurationReader;
import com.stanterprise.maven.configuration.Endpoint;
import com.stanterprise.maven.configuration.Token;
import com.stanterprise.testsystem.v1.events.HeartbeatEventRequest;
import com.stanterprise.testsystem.v1.observer.BatchAck;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.testsystem.v1.observer.EventBatch;
import com.stanterprise.testsystem.v1.observer.TestEventBatchCollectorGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLHandshakeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channel against a real gRPC server: TLS with the test certificate, and the bearer token. */
class CollectorChannelTest {

    private final String token = "stp_" + UUID.randomUUID();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost"})
    void tlsWithTheCollectorsCertificateDelivers(String host) throws Exception {
        TestCollector collector = tlsCollector();

        CollectorChannel channel = channel(host + ":" + collector.port(), true, TestCollector.certificate(), null);

        assertTrue(send(channel).getSuccess());
        assertEquals(1, collector.events().size());
        assertNull(HealthCheck.problem(channel, 5_000, 5_000));
        assertTrue(channel.tls());
    }

    @Test
    void tlsWithoutTheCollectorsCertificateFailsTheHandshakeAndSendsNoToken() throws Exception {
        TestCollector collector = tlsCollector();

        // no file: the JVM's trust store, which does not know the self-signed test certificate
        CollectorChannel channel = channel(collector.endpoint(), true, null, token(token));

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> send(channel));
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused.toString());
        assertTrue(causedBy(refused, SSLHandshakeException.class), "a failed handshake: " + refused);
        assertTrue(HealthCheck.problem(channel, 5_000, 5_000).startsWith("UNAVAILABLE"));
        assertTrue(collector.events().isEmpty());
        assertEquals(List.of(), collector.authorizations(), "no call reached the server");
    }

    @Test
    void plaintextToATlsCollectorFails() throws Exception {
        TestCollector collector = tlsCollector();

        CollectorChannel channel = channel(collector.endpoint(), false, null, null);

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> send(channel));
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused.toString());
        assertTrue(collector.events().isEmpty());
    }

    /**
     * On a busy machine a build's first call spends a second or more loading gRPC and Netty and
     * connecting; here a slow path to the collector (its answers held back 2 s on the way) stands
     * for that. The health check's deadline counts from the connection, so a collector that is
     * there is found there.
     */
    @Test
    void theHealthChecksDeadlineDoesNotCountTheTimeToConnect() throws Exception {
        TestCollector collector = TestCollector.start();
        cleanup.add(collector);
        SlowPath slow = new SlowPath(collector.port(), 2_000);
        cleanup.add(slow);

        CollectorChannel channel = channel("127.0.0.1:" + slow.port(), false, null, null);

        assertNull(HealthCheck.problem(channel, 10_000, 1_000));
    }

    @Test
    void aCollectorThatDoesNotConnectInTimeIsNotThere() throws Exception {
        TestCollector collector = TestCollector.start();
        cleanup.add(collector);
        SlowPath slow = new SlowPath(collector.port(), 3_000);
        cleanup.add(slow);

        CollectorChannel channel = channel("127.0.0.1:" + slow.port(), false, null, null);

        assertTrue(HealthCheck.problem(channel, 200, 200).startsWith("DEADLINE_EXCEEDED"));
    }

    /**
     * A collector back after failed connections: gRPC fails every call at once while it waits
     * out its reconnect backoff (about 1 s after the first failed attempt, longer after more),
     * which the build's last drain, a second or less of retries, would not outlast. A reconnect
     * makes one attempt at once, and the next call goes through.
     */
    @Test
    void aCollectorBackAfterFailedConnectionsIsReachedAtOnceAfterAReset() throws Exception {
        TestCollector collector = TestCollector.start();
        cleanup.add(collector);
        CollectorChannel channel = channel(collector.endpoint(), false, null, null);
        assertTrue(send(channel).getSuccess());
        collector.stop();
        for (int i = 0; i < 2; i++) {
            StatusRuntimeException away = assertThrows(StatusRuntimeException.class, () -> send(channel));
            assertEquals(Status.Code.UNAVAILABLE, away.getStatus().getCode(), away.toString());
        }
        collector.restart();

        channel.reconnect(5_000);

        assertTrue(send(channel).getSuccess());
    }

    /** A loopback TCP relay to a port that starts relaying each connection only after a delay. */
    private static final class SlowPath implements AutoCloseable {
        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress());
        private final List<java.net.Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        SlowPath(int target, long delayMs) throws Exception {
            Thread accepting = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket in = server.accept();
                        sockets.add(in);
                        Thread.sleep(delayMs);
                        java.net.Socket out = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), target);
                        sockets.add(out);
                        relay(in, out);
                        relay(out, in);
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            }, "slow-path");
            accepting.setDaemon(true);
            accepting.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private static void relay(java.net.Socket from, java.net.Socket to) {
            Thread copying = new Thread(() -> {
                try {
                    from.getInputStream().transferTo(to.getOutputStream());
                } catch (Exception closed) {
                    // either side closed
                }
            }, "slow-path-relay");
            copying.setDaemon(true);
            copying.start();
        }

        @Override
        public void close() throws Exception {
            server.close();
            for (java.net.Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void theTokenArrivesAsABearerHeaderOnEveryCall() throws Exception {
        TestCollector collector = tlsCollector();

        CollectorChannel channel = channel(collector.endpoint(), true, TestCollector.certificate(), token(token));
        send(channel);
        send(channel);
        assertNull(HealthCheck.problem(channel, 5_000, 5_000));

        assertEquals(Collections.nCopies(3, "Bearer " + token), collector.authorizations());
        assertEquals(0, collector.callsWithoutAuthorization());
    }

    @Test
    void theTokenArrivesOverPlaintextToo() throws Exception {
        TestCollector collector = TestCollector.start();
        cleanup.add(collector);

        CollectorChannel channel = channel(collector.endpoint(), false, null, token(token));
        send(channel);

        assertEquals(List.of("Bearer " + token), collector.authorizations());
    }

    @Test
    void noTokenNoHeader() throws Exception {
        TestCollector collector = tlsCollector();

        CollectorChannel channel = channel(collector.endpoint(), true, TestCollector.certificate(), null);
        send(channel);
        assertNull(HealthCheck.problem(channel, 5_000, 5_000));

        assertEquals(List.of(), collector.authorizations());
        assertEquals(2, collector.callsWithoutAuthorization());
    }

    @Test
    void theChannelNeverShowsTheToken() throws Exception {
        TestCollector collector = tlsCollector();

        CollectorChannel channel = channel(collector.endpoint(), true, TestCollector.certificate(), token(token));

        assertFalse(channel.channel().toString().contains(token), channel.channel().toString());
        assertFalse(token(token).toString().contains(token));
    }

    private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private TestCollector tlsCollector() throws Exception {
        TestCollector collector = TestCollector.startTls();
        cleanup.add(collector);
        assertTrue(collector.tls());
        return collector;
    }

    /**
     * A JVM that exits while one of its threads waits in native code, as an event loop's thread
     * waits on its selector, waits 0.3 s more: a build ended that much later when gRPC's shared
     * event loop outlived the channel. The channel's own loop ends when it closes.
     */
    @Test
    void closingEndsTheThreadThatServedTheCalls() throws Exception {
        TestCollector collector = TestCollector.start();
        cleanup.add(collector);
        CollectorChannel channel = new CollectorChannel(Endpoint.parse(collector.endpoint()));
        List<Thread> loop;
        try {
            assertTrue(send(channel).getSuccess());
            loop = threadsNamed("stanterprise-grpc");
            assertFalse(loop.isEmpty(), "the channel's calls ran on its own event loop");
        } finally {
            channel.close();
        }
        for (Thread thread : loop) {
            // Its loop has terminated when close returns; the thread may take a moment to leave run().
            thread.join(2_000);
            assertFalse(thread.isAlive(), "no thread of the channel is left: " + thread.getName());
        }
    }

    private static List<Thread> threadsNamed(String prefix) {
        List<Thread> named = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(prefix) && thread.isAlive()) {
                named.add(thread);
            }
        }
        return named;
    }

    private CollectorChannel channel(String endpoint, boolean tls, Path trust, Token token) throws Exception {
        CollectorChannel channel = new CollectorChannel(Endpoint.parse(endpoint), tls, trust, token);
        cleanup.add(channel);
        return channel;
    }

    private static BatchAck send(CollectorChannel channel) {
        EventBatch batch = EventBatch.newBuilder()
                .setSourceId(UUID.randomUUID().toString())
                .addEvents(Event.newBuilder().setSequence(1).setHeartbeat(HeartbeatEventRequest.getDefaultInstance()))
                .build();
        return TestEventBatchCollectorGrpc.newBlockingStub(channel.channel())
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .reportEventBatch(batch);
    }

    /** A token as the configuration makes it, from STANTERPRISE_TOKEN. */
    private static Token token(String value) throws Exception {
        Configuration configuration = new ConfigurationReader(name -> null, new Properties(),
                Map.of("STANTERPRISE_TOKEN", value), Path.of("/build/project/target/stanterprise")).read();
        return configuration.token;
    }
}
