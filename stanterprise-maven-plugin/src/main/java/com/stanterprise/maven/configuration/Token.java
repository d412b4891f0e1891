package com.stanterprise.maven.configuration;

/**
 * The bearer token the collector is called with. Its value goes into the {@code authorization}
 * header of each call and nowhere else: {@link #toString()} and every message name only where it
 * came from.
 */
public final class Token {

    private final String value;
    private final String source;

    Token(String value, String source) {
        this.value = value;
        this.source = source;
    }

    /** For the {@code authorization} header only. */
    public String value() {
        return value;
    }

    /** Where the token came from, for the log: {@code from settings.xml server 'stanterprise'}, say. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "token " + source;
    }
}
