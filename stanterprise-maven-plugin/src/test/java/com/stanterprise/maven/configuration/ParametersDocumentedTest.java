package com.stanterprise.maven.configuration;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every parameter the reader knows is documented, with the reader's default and its {@code -D}
 * property, in README.md's table and in the goals' generated help (the plugin descriptor,
 * which {@code stanterprise:help} prints): the three are written by hand and drift otherwise.
 */
class ParametersDocumentedTest {

    private static final List<String> GOALS = List.of("config", "replay");

    @Test
    void readmeHasEveryParameterWithItsPropertyAndDefault() throws Exception {
        Path readme = Paths.get("..", "README.md");
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        for (String name : Parameters.ALL) {
            String row = lines.stream()
                    .filter(line -> line.startsWith("| `" + name + "` | `" + Parameters.PREFIX + name + "` |"))
                    .findFirst().orElse(null);
            String defaultValue = defaults().get(name);
            if (row == null) {
                problems.add(name + ": no row | `" + name + "` | `" + Parameters.PREFIX + name + "` |");
            } else if (defaultValue != null && !row.contains("`" + defaultValue + "`")) {
                problems.add(name + ": the row does not give the default `" + defaultValue + "`");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void generatedHelpHasEveryParameterWithItsPropertyAndDefault() throws Exception {
        Document descriptor;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/maven/plugin.xml")) {
            assertNotNull(in, "the plugin descriptor is generated before the tests run");
            descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        List<String> problems = new ArrayList<>();
        NodeList mojos = descriptor.getElementsByTagName("mojo");
        int checked = 0;
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = text(mojo, "goal");
            if (!GOALS.contains(goal)) {
                continue;
            }
            checked++;
            Map<String, String> descriptions = new LinkedHashMap<>();
            NodeList parameters = ((Element) mojo.getElementsByTagName("parameters").item(0))
                    .getElementsByTagName("parameter");
            for (int p = 0; p < parameters.getLength(); p++) {
                Element parameter = (Element) parameters.item(p);
                descriptions.put(text(parameter, "name"), text(parameter, "description"));
            }
            Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
            for (String name : Parameters.ALL) {
                String description = descriptions.get(name);
                String defaultValue = defaults().get(name);
                NodeList property = configuration.getElementsByTagName(name);
                if (description == null) {
                    problems.add(goal + ": no parameter " + name);
                } else if (defaultValue != null && !description.contains("Default: " + defaultValue)) {
                    problems.add(goal + ": " + name + " does not say 'Default: " + defaultValue + "'");
                }
                if (property.getLength() != 1
                        || !property.item(0).getTextContent().equals("${" + Parameters.PREFIX + name + "}")) {
                    problems.add(goal + ": " + name + " is not read from -D" + Parameters.PREFIX + name);
                }
            }
        }
        assertEquals(GOALS.size(), checked, "the goals are in the descriptor");
        assertEquals(List.of(), problems);
    }

    /** Each parameter's default, from the {@code <NAME>_DEFAULT} constants beside its {@code <NAME>}. */
    private static Map<String, String> defaults() throws IllegalAccessException {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Field field : Parameters.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_DEFAULT")) {
                String nameField = field.getName().substring(0, field.getName().length() - "_DEFAULT".length());
                try {
                    defaults.put((String) Parameters.class.getField(nameField).get(null), (String) field.get(null));
                } catch (NoSuchFieldException e) {
                    throw new AssertionError(field.getName() + " has no parameter " + nameField, e);
                }
            }
        }
        return defaults;
    }

    private static String text(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagName(child);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }
}
