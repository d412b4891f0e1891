package com.stanterprise.maven.export;

import com.stanterprise.maven.configuration.Endpoint;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.util.concurrent.TimeUnit;

/** The build's one gRPC channel to the collector, reused by every call. */
public final class CollectorChannel implements AutoCloseable {

    /** The observer's inbound limit (gRPC's default); nothing larger is ever sent. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private final Endpoint endpoint;
    private final ManagedChannel channel;

    public CollectorChannel(Endpoint endpoint) {
        this.endpoint = endpoint;
        // No keepalive pings: the observer answers pings more often than every 5 minutes with GOAWAY.
        this.channel = NettyChannelBuilder.forAddress(endpoint.host, endpoint.port)
                .usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
    }

    public ManagedChannel channel() {
        return channel;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
