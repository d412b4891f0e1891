package com.stanterprise.maven.export;

import java.util.function.Supplier;

/**
 * Keeps gRPC's shaded Netty from looking for its native libraries (the epoll transport and
 * OpenSSL) while it sets up. The plugin's jar leaves them out, the channel uses NIO and the JDK's
 * TLS, so the lookup can only fail; but it calls {@code System.loadLibrary}, and from Java 24 on
 * the JVM then prints four lines of warning about restricted methods in every build whose launcher
 * does not pass {@code --enable-native-access} (Maven's does from 3.9.10 on, not before).
 *
 * <p>Netty reads these properties once, when the classes that load the libraries initialize.
 * They are the shaded names, which only gRPC's shaded copy of Netty reads, set only while the
 * channel is built and only when nobody set them: the JVM's system properties are left as found.
 */
final class ShadedNettyNatives {

    static final String NO_NATIVE_TRANSPORT = "io.grpc.netty.shaded.io.netty.transport.noNative";
    static final String NO_OPENSSL = "io.grpc.netty.shaded.io.netty.handler.ssl.noOpenSsl";

    private ShadedNettyNatives() {
    }

    /** What {@code setUp} returns, with Netty's lookup of native libraries turned off meanwhile. */
    static synchronized <T> T withoutLookup(Supplier<T> setUp) {
        boolean transportSet = setIfAbsent(NO_NATIVE_TRANSPORT);
        boolean openSslSet = setIfAbsent(NO_OPENSSL);
        try {
            return setUp.get();
        } finally {
            if (transportSet) {
                System.clearProperty(NO_NATIVE_TRANSPORT);
            }
            if (openSslSet) {
                System.clearProperty(NO_OPENSSL);
            }
        }
    }

    private static boolean setIfAbsent(String property) {
        if (System.getProperty(property) != null) {
            return false;
        }
        System.setProperty(property, "true");
        return true;
    }
}
