package com.stanterprise.maven.configuration;

/** The passwords of the {@code <server>} entries in the user's settings.xml, by server id. */
@FunctionalInterface
public interface ServerPasswords {

    /** No settings.xml: every lookup finds nothing. */
    ServerPasswords NONE = serverId -> null;

    /**
     * The server's password, decrypted; null when there is no such server or it has no password.
     * A password that cannot be decrypted is a configuration error, whose message names the
     * server but never the password.
     */
    String password(String serverId) throws ConfigurationException;
}
