package com.stanterprise.maven.export;

import io.grpc.Status;

/**
 * A batch was not (wholly) delivered. It says how far the transport got, so that a retry
 * resends only what the collector does not have, and whether trying again can help.
 */
public final class ExportException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Status.Code code;
    private final int delivered;
    private final int rejected;
    private final int calls;

    /**
     * @param code the gRPC status of the failed call (UNKNOWN for a local failure)
     * @param delivered events from the start of the batch the collector acknowledged before the failure
     * @param rejected events the failed call carried (the whole rest for a batch call, 1 for a v1 call)
     * @param calls remote calls made, the failed one included
     */
    public ExportException(String message, Throwable cause, Status.Code code, int delivered, int rejected, int calls) {
        super(message, cause);
        this.code = code;
        this.delivered = delivered;
        this.rejected = rejected;
        this.calls = calls;
    }

    public Status.Code code() {
        return code;
    }

    public int delivered() {
        return delivered;
    }

    public int rejected() {
        return rejected;
    }

    public int calls() {
        return calls;
    }
}
