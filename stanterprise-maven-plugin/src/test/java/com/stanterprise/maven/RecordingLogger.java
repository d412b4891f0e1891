package com.stanterprise.maven;

import org.slf4j.Logger;

import java.util.List;

/** For tests: what is logged, as lines. */
public final class RecordingLogger {

    private RecordingLogger() {
    }

    /** A logger that keeps "LEVEL message" lines, as Maven's would print them, and " | exception" after one logged with it. */
    public static Logger of(List<String> lines) {
        return (Logger) java.lang.reflect.Proxy.newProxyInstance(RecordingLogger.class.getClassLoader(),
                new Class<?>[]{Logger.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("is")) {
                        return true;
                    }
                    if (method.getReturnType() != void.class || args == null || !(args[0] instanceof String)) {
                        return method.getName().equals("getName") ? "recording" : null;
                    }
                    Object[] arguments = args.length == 2 && args[1] instanceof Object[] ? (Object[]) args[1]
                            : java.util.Arrays.copyOfRange(args, 1, args.length);
                    org.slf4j.helpers.FormattingTuple line = org.slf4j.helpers.MessageFormatter.arrayFormat(
                            (String) args[0], arguments);
                    // An exception logged with the line (its stack trace, in Maven's log) follows it after " | ".
                    lines.add(method.getName().toUpperCase(java.util.Locale.ROOT) + " " + line.getMessage()
                            + (line.getThrowable() == null ? "" : " | " + line.getThrowable()));
                    return null;
                });
    }
}
