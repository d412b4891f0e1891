package com.stanterprise.maven.export;

import com.stanterprise.maven.configuration.Configuration;
import com.stanterprise.maven.configuration.Endpoint;
import com.stanterprise.maven.configuration.Token;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ConnectivityState;
import io.grpc.ForwardingClientCall;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.JdkLoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The build's one gRPC channel to the collector, reused by every call: plaintext or TLS, and with
 * a token, an {@code authorization: Bearer} header on every call.
 */
public final class CollectorChannel implements AutoCloseable {

    /** The observer's inbound limit (gRPC's default); nothing larger is ever sent. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    static {
        // Netty's HTTP/2 frame logger writes every header, the token's too, at debug level, and
        // Netty logs through slf4j when it finds it: into Maven's log, where -X turns debug on. The
        // shaded Netty is this plugin's alone; it logs to java.util.logging, as gRPC itself does,
        // which Maven leaves at INFO.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    }

    private final Endpoint endpoint;
    private final boolean tls;
    private final ChannelCredentials credentials;
    private final Token token;
    /** Built at the first call: Netty and gRPC take a while to load, and the build need not wait for them. */
    private ManagedChannel managed;
    /**
     * The channel's own event loop, ended with it. gRPC's shared one outlives a channel by a
     * second, its thread waiting in native code, and a JVM that exits while a thread waits there
     * waits 0.3 s more: every build ended that much later (BENCHMARKS.md, Change 17).
     */
    private EventLoopGroup eventLoop;
    private boolean closed;
    /** What the stubs call: the channel, built when the first call starts. */
    private final Channel channel = new Channel() {
        @Override
        public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
            return managed().newCall(method, options);
        }

        @Override
        public String authority() {
            return managed().authority();
        }
    };

    /** Plaintext, without a token. */
    public CollectorChannel(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.tls = false;
        this.credentials = InsecureChannelCredentials.create();
        this.token = null;
    }

    /** To {@code configuration.endpoint}, with its TLS settings and token. */
    public CollectorChannel(Configuration configuration) throws IOException {
        this(configuration.endpoint, configuration.tls, configuration.trustCertCollectionFile, configuration.token);
    }

    /**
     * @param trustCertCollectionFile with TLS, the PEM certificates to trust; null: the JVM's trust store
     * @param token null: no {@code authorization} header
     * @throws IOException the certificate file cannot be read or holds no certificate
     */
    public CollectorChannel(Endpoint endpoint, boolean tls, Path trustCertCollectionFile, Token token)
            throws IOException {
        this.endpoint = endpoint;
        this.tls = tls;
        this.token = token;
        if (!tls) {
            credentials = InsecureChannelCredentials.create();
        } else if (trustCertCollectionFile == null) {
            credentials = TlsChannelCredentials.create();
        } else {
            credentials = TlsChannelCredentials.newBuilder().trustManager(trustCertCollectionFile.toFile()).build();
        }
    }

    private synchronized ManagedChannel managed() {
        if (managed == null) {
            managed = ShadedNettyNatives.withoutLookup(this::build);
            if (closed) {
                managed.shutdownNow();
            }
        }
        return managed;
    }

    private ManagedChannel build() {
        // No keepalive pings: the observer answers pings more often than every 5 minutes with GOAWAY.
        eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("stanterprise-grpc", true));
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(endpoint.host, endpoint.port, credentials)
                .eventLoopGroup(eventLoop)
                .channelType(NioSocketChannel.class)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES);
        if (token != null) {
            // An interceptor, not CallCredentials: it works the same on plaintext, where a
            // loopback collector in a test or a sidecar proxy may still want the token.
            builder.intercept(new BearerToken("Bearer " + token.value()));
        }
        return builder.build();
    }

    public Channel channel() {
        return channel;
    }

    /**
     * Builds the channel and waits, at most {@code timeoutMs}, until it has connected or failed
     * to: loading gRPC and Netty and connecting take a busy machine a second or more, which a
     * call's deadline should not count.
     */
    public void awaitConnection(long timeoutMs) throws InterruptedException {
        ManagedChannel managed = managed();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        ConnectivityState state = managed.getState(true);
        while (state == ConnectivityState.IDLE || state == ConnectivityState.CONNECTING) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            CountDownLatch changed = new CountDownLatch(1);
            managed.notifyWhenStateChanged(state, changed::countDown);
            changed.await(left, TimeUnit.NANOSECONDS);
            state = managed.getState(true);
        }
    }

    /**
     * After failed connection attempts gRPC waits out a growing backoff (1 s, then up to 2
     * minutes) and fails every call at once meanwhile. This ends the wait and makes one attempt
     * now, waiting at most {@code timeoutMs} for it to connect or fail, so that the next call
     * finds a collector that has come back. Nothing when the channel is not built yet; an
     * interrupted wait returns at once, with the thread's interrupt flag set again.
     */
    public void reconnect(long timeoutMs) {
        ManagedChannel built;
        synchronized (this) {
            built = managed;
        }
        if (built == null) {
            return;
        }
        built.resetConnectBackoff();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        ConnectivityState state = built.getState(true);
        while (state != ConnectivityState.READY && state != ConnectivityState.SHUTDOWN) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            CountDownLatch changed = new CountDownLatch(1);
            built.notifyWhenStateChanged(state, changed::countDown);
            try {
                changed.await(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            ConnectivityState next = built.getState(true);
            if (state == ConnectivityState.CONNECTING && next == ConnectivityState.TRANSIENT_FAILURE) {
                return; // the attempt failed: the collector is still away
            }
            state = next;
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public boolean tls() {
        return tls;
    }

    @Override
    public void close() {
        ManagedChannel channel;
        EventLoopGroup loop;
        synchronized (this) {
            closed = true;
            channel = managed;
            loop = eventLoop;
        }
        if (channel == null) {
            return;
        }
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            // No quiet period: the channel, its only user, has terminated.
            loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            channel.shutdownNow();
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            Thread.currentThread().interrupt();
        }
    }

    /** Puts the {@code authorization} header on every call. Its value never leaves this class but on the wire. */
    private static final class BearerToken implements ClientInterceptor {

        private final String authorization;

        BearerToken(String authorization) {
            this.authorization = authorization;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<Q, R>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    headers.put(AUTHORIZATION, authorization);
                    super.start(listener, headers);
                }
            };
        }

        @Override
        public String toString() {
            return "BearerToken";
        }
    }
}
