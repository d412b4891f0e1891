package com.stanterprise.maven.collector;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Records the {@code authorization} header of every call to a service the server has, health checks included. */
final class AuthorizationLog implements ServerInterceptor {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    // guarded by this
    private final List<String> headers = new ArrayList<>();
    private final AtomicLong without = new AtomicLong();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata metadata,
                                                       ServerCallHandler<Q, R> next) {
        String header = metadata.get(AUTHORIZATION);
        if (header == null) {
            without.incrementAndGet();
        } else {
            synchronized (this) {
                headers.add(header);
            }
        }
        return next.startCall(call, metadata);
    }

    synchronized List<String> headers() {
        return new ArrayList<>(headers);
    }

    long callsWithout() {
        return without.get();
    }
}
