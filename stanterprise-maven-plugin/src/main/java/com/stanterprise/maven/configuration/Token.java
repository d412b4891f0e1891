package com.stanterprise.maven.configuration;

/**
 * The bearer token the collector is called with. Its value goes into the {@code authorization}
 * header of each call and nowhere else: {@link #toString()} and every message name only where it
 * came from.
 */
public final class Token {

    /** For a message that asks for another token: where the build takes it from. */
    public static final String WHERE_IT_COMES_FROM = "the <password> of the <server> in settings.xml whose <id> is"
            + " " + Parameters.SERVER_ID + " (-D" + Parameters.PREFIX + Parameters.SERVER_ID + ", default '"
            + Parameters.SERVER_ID_DEFAULT + "'), or else the " + Parameters.TOKEN_ENV + " environment variable";

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
