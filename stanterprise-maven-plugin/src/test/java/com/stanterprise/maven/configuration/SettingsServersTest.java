package com.stanterprise.maven.configuration;

import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsProblem;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsServersTest {

    private static final String ENCRYPTED = "{COQLCE6DU6GtcS5P=}";

    private final Settings settings = new Settings();

    private static Server server(String id, String password) {
        Server server = new Server();
        server.setId(id);
        server.setPassword(password);
        return server;
    }

    /** Decrypts {@link #ENCRYPTED} to "stp_decrypted" and leaves other passwords as they are, as Maven does. */
    private static SettingsDecrypter decrypter(List<SettingsProblem> problems) {
        return request -> {
            Server server = request.getServers().get(0).clone();
            if (ENCRYPTED.equals(server.getPassword())) {
                server.setPassword("stp_decrypted");
            }
            return result(server, problems);
        };
    }

    @Test
    void thePasswordOfTheServerWithTheId() throws ConfigurationException {
        settings.addServer(server("other", "not-this"));
        settings.addServer(server("stanterprise", "stp_plain"));

        assertEquals("stp_plain", new SettingsServers(settings, decrypter(List.of())).password("stanterprise"));
    }

    @Test
    void anEncryptedPasswordIsDecrypted() throws ConfigurationException {
        settings.addServer(server("stanterprise", ENCRYPTED));

        assertEquals("stp_decrypted", new SettingsServers(settings, decrypter(List.of())).password("stanterprise"));
    }

    @Test
    void noServerOrNoPasswordOrNoSettingsIsNoToken() throws ConfigurationException {
        settings.addServer(server("stanterprise", null));

        assertNull(new SettingsServers(settings, decrypter(List.of())).password("stanterprise"));
        assertNull(new SettingsServers(settings, decrypter(List.of())).password("elsewhere"));
        assertNull(new SettingsServers(null, decrypter(List.of())).password("stanterprise"));
    }

    @Test
    void aPasswordThatCannotBeDecryptedStopsTheBuildNamingTheServerOnly() {
        settings.addServer(server("stanterprise", ENCRYPTED));
        SettingsProblem problem = new DefaultSettingsProblem("master password not found", SettingsProblem.Severity.ERROR,
                "server: stanterprise", -1, -1, null);

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new SettingsServers(settings, decrypter(List.of(problem))).password("stanterprise"));

        assertTrue(e.getMessage().contains("'stanterprise'") && e.getMessage().contains("master password not found"),
                e.getMessage());
        assertFalse(e.getMessage().contains(ENCRYPTED), e.getMessage());
        assertTrue(e.getMessage().contains("settings-security.xml") && e.getMessage().contains("-Dstanterprise.serverId")
                && e.getMessage().contains("STANTERPRISE_TOKEN"), "says how to mend it: " + e.getMessage());
    }

    private static SettingsDecryptionResult result(Server server, List<SettingsProblem> problems) {
        return new SettingsDecryptionResult() {
            @Override
            public Server getServer() {
                return server;
            }

            @Override
            public List<Server> getServers() {
                return List.of(server);
            }

            @Override
            public Proxy getProxy() {
                return null;
            }

            @Override
            public List<Proxy> getProxies() {
                return List.of();
            }

            @Override
            public List<SettingsProblem> getProblems() {
                return problems;
            }
        };
    }
}
