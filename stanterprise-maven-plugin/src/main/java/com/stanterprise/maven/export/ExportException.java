package com.stanterprise.maven.export;

/** A batch was not delivered. */
public final class ExportException extends Exception {

    private static final long serialVersionUID = 1L;

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
