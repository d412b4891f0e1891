package com.stanterprise.maven.injection;

import org.codehaus.plexus.component.configurator.ComponentConfigurationException;
import org.codehaus.plexus.component.configurator.converters.composite.PropertiesConverter;
import org.codehaus.plexus.component.configurator.converters.lookup.DefaultConverterLookup;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluator;
import org.codehaus.plexus.configuration.xml.XmlPlexusConfiguration;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SurefireConfigurationTest {

    private static final String JAR = "/repo/com/stanterprise/stanterprise-surefire-listener-1.0.jar";
    private static final UnaryOperator<String> NO_EXPRESSIONS = expression -> {
        throw new AssertionError("nothing to evaluate, but was asked for " + expression);
    };

    private final Map<String, String> channel = new LinkedHashMap<>();

    SurefireConfigurationTest() {
        channel.put("stanterprise.channel", "127.0.0.1:40123");
        channel.put("stanterprise.secret", "s3cret");
        channel.put("stanterprise.execution", "com.example:ledger-api:maven-surefire-plugin:test:default-test");
    }

    private static Xpp3Dom xml(String text) {
        try {
            return Xpp3DomBuilder.build(new StringReader(text));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> classpath(Xpp3Dom configuration) {
        Xpp3Dom list = configuration.getChild("additionalClasspathElements");
        assertNotNull(list, "additionalClasspathElements");
        List<String> elements = new ArrayList<>();
        for (Xpp3Dom element : list.getChildren()) {
            assertEquals("additionalClasspathElement", element.getName());
            elements.add(element.getValue());
        }
        return elements;
    }

    private static Map<String, String> systemProperties(Xpp3Dom configuration) {
        Xpp3Dom properties = configuration.getChild("systemPropertyVariables");
        assertNotNull(properties, "systemPropertyVariables");
        Map<String, String> values = new LinkedHashMap<>();
        for (Xpp3Dom property : properties.getChildren()) {
            if (values.put(property.getName(), property.getValue()) != null) {
                fail("property " + property.getName() + " appears twice");
            }
        }
        return values;
    }

    @Test
    void createsTheElementsWhenAbsent() {
        Xpp3Dom configuration = new Xpp3Dom("configuration");

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);

        assertEquals(Collections.singletonList(JAR), classpath(configuration));
        assertEquals(channel, systemProperties(configuration));
    }

    @Test
    void mergesIntoTheUsersSystemPropertyVariables() {
        Xpp3Dom configuration = xml("<configuration><systemPropertyVariables>"
                + "<db.url>jdbc:h2:mem:test</db.url><user.timezone>UTC</user.timezone>"
                + "</systemPropertyVariables></configuration>");

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("db.url", "jdbc:h2:mem:test");
        expected.put("user.timezone", "UTC");
        expected.putAll(channel);
        assertEquals(expected, systemProperties(configuration));
        assertEquals(1, configuration.getChildren("systemPropertyVariables").length);
    }

    @Test
    void doesNotTouchArgLine() {
        String argLine = "-Xmx1g @{argLine} -Dfile.encoding=UTF-8";
        Xpp3Dom configuration = xml("<configuration><argLine>" + argLine + "</argLine></configuration>");

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);

        assertEquals(argLine, configuration.getChild("argLine").getValue());
        assertEquals(1, configuration.getChildren("argLine").length);
    }

    @Test
    void doesNotCreateAnArgLine() {
        Xpp3Dom configuration = new Xpp3Dom("configuration");

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);

        assertNull(configuration.getChild("argLine"));
    }

    @Test
    void leavesTheRestOfTheConfigurationAlone() {
        Xpp3Dom configuration = xml("<configuration><forkCount>2</forkCount><reuseForks>false</reuseForks>"
                + "<includes><include>**/*Test.java</include></includes></configuration>");
        Xpp3Dom before = new Xpp3Dom(configuration);

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);

        for (Xpp3Dom child : before.getChildren()) {
            assertEquals(child, configuration.getChild(child.getName()), child.getName());
        }
    }

    @Test
    void addsTheJarAfterTheUsersClasspathElements() {
        Xpp3Dom configuration = xml("<configuration><additionalClasspathElements>"
                + "<additionalClasspathElement>/opt/lib/a.jar</additionalClasspathElement>"
                + "<additionalClasspathElement>/opt/lib/b.jar</additionalClasspathElement>"
                + "</additionalClasspathElements></configuration>");

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);

        assertEquals(Arrays.asList("/opt/lib/a.jar", "/opt/lib/b.jar", JAR), classpath(configuration));
    }

    @Test
    void evaluatesAnExpressionAndSplitsItOnCommas() {
        Xpp3Dom configuration = xml("<configuration><additionalClasspathElements>"
                + "${maven.test.additionalClasspath}</additionalClasspathElements></configuration>");
        List<String> asked = new ArrayList<>();

        SurefireConfiguration.inject(configuration, JAR, channel, expression -> {
            asked.add(expression);
            return "/opt/lib/a.jar, /opt/lib/b.jar,,";
        });

        assertEquals(Collections.singletonList("${maven.test.additionalClasspath}"), asked);
        assertEquals(Arrays.asList("/opt/lib/a.jar", "/opt/lib/b.jar", JAR), classpath(configuration));
        assertNull(configuration.getChild("additionalClasspathElements").getValue(),
                "the expression is replaced by its elements");
    }

    @Test
    void dropsAnExpressionThatEvaluatesToNull() {
        Xpp3Dom configuration = xml("<configuration><additionalClasspathElements>"
                + "${maven.test.additionalClasspath}</additionalClasspathElements></configuration>");

        SurefireConfiguration.inject(configuration, JAR, channel, expression -> null);

        assertEquals(Collections.singletonList(JAR), classpath(configuration));
        assertNull(configuration.getChild("additionalClasspathElements").getValue());
    }

    @Test
    void aPlainValueIsSplitWithoutEvaluation() {
        Xpp3Dom configuration = xml("<configuration><additionalClasspathElements>"
                + "/opt/lib/a.jar,/opt/lib/b.jar</additionalClasspathElements></configuration>");

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);

        assertEquals(Arrays.asList("/opt/lib/a.jar", "/opt/lib/b.jar", JAR), classpath(configuration));
    }

    @Test
    void injectingTwiceAddsTheJarAndThePropertiesOnce() {
        Xpp3Dom configuration = xml("<configuration><additionalClasspathElements>"
                + "${maven.test.additionalClasspath}</additionalClasspathElements>"
                + "<systemPropertyVariables><db.url>jdbc:h2:mem:test</db.url></systemPropertyVariables>"
                + "</configuration>");
        UnaryOperator<String> evaluate = expression -> "/opt/lib/a.jar";

        SurefireConfiguration.inject(configuration, JAR, channel, evaluate);
        Xpp3Dom once = new Xpp3Dom(configuration);
        SurefireConfiguration.inject(configuration, JAR, channel, evaluate);

        assertEquals(once, configuration);
        assertEquals(Arrays.asList("/opt/lib/a.jar", JAR), classpath(configuration));
        assertEquals(1 + channel.size(), systemProperties(configuration).size());
    }

    @Test
    void aSecondInjectionUpdatesThePropertiesInPlace() {
        Xpp3Dom configuration = new Xpp3Dom("configuration");
        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);

        Map<String, String> next = new LinkedHashMap<>(channel);
        next.put("stanterprise.channel", "127.0.0.1:40999");
        SurefireConfiguration.inject(configuration, JAR, next, NO_EXPRESSIONS);

        assertEquals(next, systemProperties(configuration));
    }

    @Test
    void theJarIsNotAddedWhenTheUserAlreadyListsIt() {
        Xpp3Dom configuration = xml("<configuration><additionalClasspathElements>"
                + "<additionalClasspathElement>" + JAR + "</additionalClasspathElement>"
                + "</additionalClasspathElements></configuration>");

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);

        assertEquals(Collections.singletonList(JAR), classpath(configuration));
    }

    @Test
    void withoutAListenerJarTheClasspathIsUntouched() {
        Xpp3Dom configuration = xml("<configuration><additionalClasspathElements>"
                + "${maven.test.additionalClasspath}</additionalClasspathElements></configuration>");
        Xpp3Dom before = new Xpp3Dom(configuration.getChild("additionalClasspathElements"));

        SurefireConfiguration.inject(configuration, null, channel, NO_EXPRESSIONS);

        assertEquals(before, configuration.getChild("additionalClasspathElements"));
        assertEquals(channel, systemProperties(configuration));
    }

    @Test
    void withoutAListenerJarNoClasspathElementIsCreated() {
        Xpp3Dom configuration = new Xpp3Dom("configuration");

        SurefireConfiguration.inject(configuration, null, channel, NO_EXPRESSIONS);

        assertNull(configuration.getChild("additionalClasspathElements"));
        assertTrue(configuration.getChild("systemPropertyVariables").getChildCount() > 0);
    }

    /** The provider properties as Surefire receives them: read by Maven's own converter. */
    private static Map<String, String> providerProperties(Xpp3Dom configuration) {
        Xpp3Dom properties = configuration.getChild("properties");
        assertNotNull(properties, "properties");
        ExpressionEvaluator literal = new ExpressionEvaluator() {
            @Override
            public Object evaluate(String expression) {
                return expression;
            }

            @Override
            public File alignToBaseDirectory(File file) {
                return file;
            }
        };
        try {
            Properties read = (Properties) new PropertiesConverter().fromConfiguration(new DefaultConverterLookup(),
                    new XmlPlexusConfiguration(properties), Properties.class, null,
                    SurefireConfigurationTest.class.getClassLoader(), literal, null);
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : read.stringPropertyNames()) {
                values.put(name, read.getProperty(name));
            }
            return values;
        } catch (ComponentConfigurationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theJUnit4ListenerIsNamedInTheListenerProperty() {
        Xpp3Dom configuration = new Xpp3Dom("configuration");

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);

        assertEquals(Collections.singletonMap("listener", SurefireConfiguration.JUNIT4_LISTENER),
                providerProperties(configuration));
    }

    @Test
    void theUsersListenersAndPropertiesAreKeptAndOursComesLastOnce() {
        Xpp3Dom configuration = xml("<configuration><properties>"
                + "<property><name>usedefaultlisteners</name><value>false</value></property>"
                + "<property><name>listener</name><value>com.example.Mine, com.example.Theirs</value></property>"
                + "</properties></configuration>");

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);
        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("usedefaultlisteners", "false");
        expected.put("listener", "com.example.Mine, com.example.Theirs," + SurefireConfiguration.JUNIT4_LISTENER);
        assertEquals(expected, providerProperties(configuration));
    }

    @Test
    void theUsersListenerInTheShortFormIsKeptAndOursComesLastOnce() {
        Xpp3Dom configuration = xml("<configuration><properties>"
                + "<usedefaultlisteners>false</usedefaultlisteners>"
                + "<listener>com.example.Mine</listener>"
                + "</properties></configuration>");

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);
        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("usedefaultlisteners", "false");
        expected.put("listener", "com.example.Mine," + SurefireConfiguration.JUNIT4_LISTENER);
        assertEquals(expected, providerProperties(configuration));
    }

    @Test
    void whenTheUserNamesListenerTwiceOursJoinsTheEntryMavenKeeps() {
        Xpp3Dom configuration = xml("<configuration><properties>"
                + "<listener>com.example.Overridden</listener>"
                + "<property><name>listener</name><value>com.example.Mine</value></property>"
                + "</properties></configuration>");

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS, TestProvider.TESTNG);

        assertEquals(Collections.singletonMap("listener", "com.example.Mine," + SurefireConfiguration.TESTNG_LISTENER),
                providerProperties(configuration));

        Xpp3Dom shortLast = xml("<configuration><properties>"
                + "<property><name>listener</name><value>com.example.Overridden</value></property>"
                + "<listener>com.example.Mine</listener>"
                + "</properties></configuration>");

        SurefireConfiguration.inject(shortLast, JAR, channel, NO_EXPRESSIONS, TestProvider.TESTNG);

        assertEquals(Collections.singletonMap("listener", "com.example.Mine," + SurefireConfiguration.TESTNG_LISTENER),
                providerProperties(shortLast));
    }

    @Test
    void theJUnit4ListenerIsNamedOnlyForTheJUnit4Provider() {
        Xpp3Dom configuration = new Xpp3Dom("configuration");
        SurefireConfiguration.inject(configuration, JAR, Collections.singletonMap("stanterprise.channel", "x"),
                NO_EXPRESSIONS, false);
        assertNull(configuration.getChild("properties"), "the platform provider (3.6+) would load it");
    }

    @Test
    void theTestNgListenerIsNamedForTheTestNgProviderAfterTheUsersOwn() {
        Xpp3Dom configuration = xml("<configuration><properties>"
                + "<property><name>listener</name><value>com.example.MyTestNGListener</value></property>"
                + "</properties></configuration>");

        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS, TestProvider.TESTNG);
        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS, TestProvider.TESTNG);

        assertEquals(Collections.singletonMap("listener",
                        "com.example.MyTestNGListener," + SurefireConfiguration.TESTNG_LISTENER),
                providerProperties(configuration));
    }

    @Test
    void noListenerIsNamedForThePlatformProvider() {
        Xpp3Dom configuration = new Xpp3Dom("configuration");
        SurefireConfiguration.inject(configuration, JAR, channel, NO_EXPRESSIONS, TestProvider.PLATFORM);
        assertNull(configuration.getChild("properties"));
    }
}
