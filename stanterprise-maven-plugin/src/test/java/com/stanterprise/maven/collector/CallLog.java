package com.stanterprise.maven.collector;

import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every call that reaches the server, by full method name, whatever becomes of it: also
 * calls that fail by injection, calls to methods the server lacks (UNIMPLEMENTED) and health checks.
 * A stream tracer sees a call before the method lookup, which is why this is not an interceptor.
 */
final class CallLog extends ServerStreamTracer.Factory {

    private final ConcurrentMap<String, AtomicLong> calls = new ConcurrentHashMap<>();

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        calls.computeIfAbsent(fullMethodName, name -> new AtomicLong()).incrementAndGet();
        return new ServerStreamTracer() {
        };
    }

    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        calls.forEach((name, count) -> copy.put(name, count.get()));
        return copy;
    }

    long count(String fullMethodName) {
        AtomicLong count = calls.get(fullMethodName);
        return count == null ? 0 : count.get();
    }
}
