package com.stanterprise.maven.configuration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Where the collector listens: {@code host:port}, with an IPv6 host in brackets. */
public final class Endpoint {

    public final String host;
    public final int port;

    private Endpoint(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Parses {@code host:port}; the message of the exception says what is wrong with it. */
    public static Endpoint parse(String text) {
        String value = text.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.contains("/")) {
            throw new IllegalArgumentException("it must be host:port, without a scheme or a path");
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("it must be host:port, for example observer.example.com:50051");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") != host.endsWith("]") || (host.contains(":") && !host.startsWith("["))) {
            throw new IllegalArgumentException("an IPv6 host goes in brackets, for example [::1]:50051");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port must be a number from 1 to 65535");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port must be a number from 1 to 65535");
        }
        return new Endpoint(host, port);
    }

    /**
     * {@code localhost}, or a loopback address written as one (127.0.0.0/8, [::1]). Other names
     * are not looked up: a name that merely resolves to loopback counts as remote.
     */
    public boolean isLoopback() {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost")) {
            return true;
        }
        boolean literal = lower.startsWith("[") || lower.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!literal) {
            return false;
        }
        try {
            // an address literal is parsed, never looked up
            return InetAddress.getByName(lower.startsWith("[") ? lower.substring(1, lower.length() - 1) : lower)
                    .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The target string gRPC's channel builder takes. */
    public String target() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return target();
    }
}
