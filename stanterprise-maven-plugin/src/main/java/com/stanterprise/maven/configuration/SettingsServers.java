package com.stanterprise.maven.configuration;

import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The {@code <server>} entries of the build's settings.xml, with their passwords decrypted the way
 * Maven decrypts a deploy's ({@code mvn --encrypt-password}).
 */
public final class SettingsServers implements ServerPasswords {

    private final Settings settings;
    private final SettingsDecrypter decrypter;

    public SettingsServers(Settings settings, SettingsDecrypter decrypter) {
        this.settings = settings;
        this.decrypter = decrypter;
    }

    @Override
    public String password(String serverId) throws ConfigurationException {
        Server server = settings == null ? null : settings.getServer(serverId);
        if (server == null || server.getPassword() == null) {
            return null;
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new ConfigurationException("Stanterprise: cannot decrypt the password of settings.xml server '"
                        + serverId + "', the token: " + problem.getMessage() + ". Check the master password in"
                        + " ~/.m2/settings-security.xml (mvn --encrypt-master-password, then --encrypt-password),"
                        + " or name another <server> with serverId (-D" + Parameters.PREFIX + Parameters.SERVER_ID
                        + "), or give the token in the " + Parameters.TOKEN_ENV + " environment variable.");
            }
        }
        return result.getServer().getPassword();
    }
}
