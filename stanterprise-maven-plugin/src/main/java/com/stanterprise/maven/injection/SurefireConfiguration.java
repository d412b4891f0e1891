package com.stanterprise.maven.injection;

import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Edits one Surefire/Failsafe execution's configuration just before it runs: adds the listener
 * jar to {@code additionalClasspathElements} and the fork channel's settings to
 * {@code systemPropertyVariables} and the JUnit 4 or TestNG listener to the provider property
 * {@code listener}, merged with what the user configured, never replacing it.
 * {@code argLine} is never touched, and nothing lands on a command line: Surefire hands system
 * property variables to its forks in a properties file that it deletes once they start.
 */
public final class SurefireConfiguration {

    static final String CLASSPATH = "additionalClasspathElements";
    static final String CLASSPATH_ELEMENT = "additionalClasspathElement";
    static final String SYSTEM_PROPERTIES = "systemPropertyVariables";
    /**
     * Surefire's provider properties: its junit4 and junit47 providers instantiate the JUnit
     * {@code RunListener}s named, comma-separated, in the {@code listener} property, its testng
     * provider the TestNG listeners named there. Only set for those providers
     * ({@link TestProvider}): from 3.6 the JUnit Platform provider reads it too.
     */
    static final String PROVIDER_PROPERTIES = "properties";
    static final String LISTENER_PROPERTY = "listener";
    static final String JUNIT4_LISTENER = TestProvider.JUNIT4.listener;
    static final String TESTNG_LISTENER = TestProvider.TESTNG.listener;

    private SurefireConfiguration() {
    }

    /**
     * @param configuration the execution's configuration, changed in place
     * @param listenerJar null when the project already has the listener on its test classpath
     * @param evaluate turns a parameter expression such as {@code ${maven.test.additionalClasspath}}
     *                 into its value (null when unset)
     */
    public static void inject(Xpp3Dom configuration, String listenerJar, Map<String, String> systemProperties,
                              UnaryOperator<String> evaluate) {
        inject(configuration, listenerJar, systemProperties, evaluate, true);
    }

    /**
     * @param junit4Provider true when Surefire will run the tests with its junit4 or junit47
     *                       provider, which needs our JUnit 4 listener named in {@code listener}
     */
    public static void inject(Xpp3Dom configuration, String listenerJar, Map<String, String> systemProperties,
                              UnaryOperator<String> evaluate, boolean junit4Provider) {
        inject(configuration, listenerJar, systemProperties, evaluate,
                junit4Provider ? TestProvider.JUNIT4 : TestProvider.PLATFORM);
    }

    /**
     * @param provider the Surefire provider that will run the tests: for the junit4/junit47 and
     *                 testng ones, our listener for that framework is named in {@code listener}
     */
    public static void inject(Xpp3Dom configuration, String listenerJar, Map<String, String> systemProperties,
                              UnaryOperator<String> evaluate, TestProvider provider) {
        if (listenerJar != null) {
            Xpp3Dom classpath = child(configuration, CLASSPATH);
            expandExpression(classpath, evaluate);
            if (!contains(classpath, listenerJar)) {
                addChild(classpath, CLASSPATH_ELEMENT, listenerJar);
            }
        }
        Xpp3Dom properties = child(configuration, SYSTEM_PROPERTIES);
        for (Map.Entry<String, String> property : systemProperties.entrySet()) {
            Xpp3Dom existing = properties.getChild(property.getKey());
            if (existing != null) {
                existing.setValue(property.getValue());
            } else {
                addChild(properties, property.getKey(), property.getValue());
            }
        }
        if (provider != null && provider.listener != null) {
            addListener(child(configuration, PROVIDER_PROPERTIES), provider.listener);
        }
    }

    /**
     * Ours after the user's own listeners, once, whatever the user named already. Maven reads
     * {@code <properties>} in document order, the later entry for a key winning, and takes both
     * {@code <property><name>listener</name><value>...</value></property>} and the short
     * {@code <listener>...</listener>}: so ours joins the last entry naming {@code listener} in
     * either form, the one Maven keeps, and only when there is none is an entry added.
     */
    private static void addListener(Xpp3Dom providerProperties, String ours) {
        Xpp3Dom value = null;
        for (Xpp3Dom entry : providerProperties.getChildren()) {
            if (entry.getChildCount() == 0) {
                if (LISTENER_PROPERTY.equals(entry.getName())) {
                    value = entry;
                }
            } else if ("property".equals(entry.getName())) {
                Xpp3Dom name = entry.getChild("name");
                if (name != null && LISTENER_PROPERTY.equals(trim(name.getValue()))) {
                    value = entry.getChild("value");
                    if (value == null) {
                        value = new Xpp3Dom("value");
                        entry.addChild(value);
                    }
                }
            }
        }
        if (value == null) {
            Xpp3Dom property = new Xpp3Dom("property");
            addChild(property, "name", LISTENER_PROPERTY);
            addChild(property, "value", ours);
            providerProperties.addChild(property);
            return;
        }
        String listeners = trim(value.getValue());
        for (String listener : listeners.split(",")) {
            if (ours.equals(listener.trim())) {
                return;
            }
        }
        value.setValue(listeners.isEmpty() ? ours : listeners + "," + ours);
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    /**
     * A list parameter the user did not configure still carries its property expression, which
     * Maven only evaluates when the element has no children: keep its value by evaluating it now.
     */
    private static void expandExpression(Xpp3Dom list, UnaryOperator<String> evaluate) {
        String expression = list.getValue();
        if (list.getChildCount() > 0 || expression == null) {
            return;
        }
        list.setValue(null);
        String value = expression.contains("${") ? evaluate.apply(expression) : expression;
        if (value == null) {
            return;
        }
        for (String element : value.split(",")) {
            if (!element.trim().isEmpty()) {
                addChild(list, CLASSPATH_ELEMENT, element.trim());
            }
        }
    }

    private static boolean contains(Xpp3Dom list, String value) {
        for (Xpp3Dom element : list.getChildren()) {
            if (value.equals(element.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static Xpp3Dom child(Xpp3Dom parent, String name) {
        Xpp3Dom child = parent.getChild(name);
        if (child == null) {
            child = new Xpp3Dom(name);
            parent.addChild(child);
        }
        return child;
    }

    private static void addChild(Xpp3Dom parent, String name, String value) {
        Xpp3Dom child = new Xpp3Dom(name);
        child.setValue(value);
        parent.addChild(child);
    }
}
