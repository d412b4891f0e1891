package com.stanterprise.maven.configuration;

/** A parameter has a value the extension cannot use; the message names it, the value and the fix. */
public final class ConfigurationException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }
}
