package com.stanterprise.maven.injection;

import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Edits one Surefire/Failsafe execution's configuration just before it runs: adds the listener
 * jar to {@code additionalClasspathElements} and the fork channel's settings to
 * {@code systemPropertyVariables}, merged with what the user configured, never replacing it.
 * {@code argLine} is never touched, and nothing lands on a command line: Surefire hands system
 * property variables to its forks in a properties file that it deletes once they start.
 */
public final class SurefireConfiguration {

    static final String CLASSPATH = "additionalClasspathElements";
    static final String CLASSPATH_ELEMENT = "additionalClasspathElement";
    static final String SYSTEM_PROPERTIES = "systemPropertyVariables";

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
