package com.stanterprise.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a Maven project of {@code tests} JUnit Jupiter tests in {@code classes} classes, run by
 * Surefire in {@code forks} forks ({@code reuseForks=true}), for {@link WholeBuildBenchmark}.
 *
 * <p>Two poms side by side, the same project otherwise: {@code pom.xml} without the extension (the
 * build Maven would run without Stanterprise: the extension is not even loaded) and
 * {@code pom-stanterprise.xml}, the same plus the stanterprise-maven-plugin with
 * {@code <extensions>true</extensions>} and no configuration (the endpoint and the rest come as
 * {@code -Dstanterprise.*}). Both pin every plugin the build runs to the root pom's versions.
 *
 * <p>Every test does a small realistic amount of work on the project's main code: it makes 256
 * values from its seed, sums them, sorts them and asserts that they are sorted with the same sum
 * (a few microseconds once compiled). One test in {@code outputEvery} also prints a line to
 * System.out, which the listener reports as the test's output (one more event).
 *
 * <pre>
 * java ... GeneratedProject dir=/tmp/p tests=5000 classes=100 forks=2 outputEvery=5
 * </pre>
 */
public final class GeneratedProject {

    static final String PLAIN_POM = "pom.xml";
    static final String STANTERPRISE_POM = "pom-stanterprise.xml";

    final Path directory;
    final int tests;
    final int classes;
    final int forks;
    final int outputEvery;
    final String stanterpriseVersion;

    GeneratedProject(Path directory, int tests, int classes, int forks, int outputEvery, String stanterpriseVersion) {
        if (tests < 1 || classes < 1 || classes > tests || forks < 1 || outputEvery < 0) {
            throw new IllegalArgumentException("tests " + tests + ", classes " + classes + ", forks " + forks
                    + ", outputEvery " + outputEvery);
        }
        this.directory = directory;
        this.tests = tests;
        this.classes = classes;
        this.forks = forks;
        this.outputEvery = outputEvery;
        this.stanterpriseVersion = stanterpriseVersion;
    }

    static GeneratedProject from(Map<String, String> options, Path defaultDirectory) {
        return new GeneratedProject(
                Path.of(options.getOrDefault("dir", defaultDirectory.toString())).toAbsolutePath(),
                Integer.parseInt(options.getOrDefault("tests", "5000")),
                Integer.parseInt(options.getOrDefault("classes", "100")),
                Integer.parseInt(options.getOrDefault("forks", "2")),
                Integer.parseInt(options.getOrDefault("outputEvery", "5")),
                options.getOrDefault("stanterpriseVersion", Versions.STANTERPRISE));
    }

    public static void main(String[] args) throws IOException {
        GeneratedProject project = from(Options.parse(args), Path.of("target", "generated-project"));
        project.write();
        System.out.println(project);
    }

    /** Writes the project, replacing the sources and poms of an earlier one in the same directory. */
    void write() throws IOException {
        Path testSources = directory.resolve("src/test/java/generated");
        Path main = directory.resolve("src/main/java/generated");
        deleteRecursively(directory.resolve("src"));
        deleteRecursively(directory.resolve("target"));
        Files.createDirectories(testSources);
        Files.createDirectories(main);
        Files.writeString(directory.resolve(PLAIN_POM), pom(false), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(STANTERPRISE_POM), pom(true), StandardCharsets.UTF_8);
        Files.writeString(main.resolve("Values.java"), VALUES, StandardCharsets.UTF_8);
        int written = 0;
        for (int c = 0; c < classes; c++) {
            // spread the remainder over the first classes: tests=5001, classes=100 gives one class of 51
            int inClass = tests / classes + (c < tests % classes ? 1 : 0);
            Files.writeString(testSources.resolve(className(c) + ".java"), testClass(c, inClass, written),
                    StandardCharsets.UTF_8);
            written += inClass;
        }
    }

    private String className(int c) {
        return String.format(Locale.ROOT, "Ledger%03dTest", c);
    }

    private String testClass(int c, int inClass, int firstTest) {
        StringBuilder java = new StringBuilder();
        java.append("package generated;\n\n")
                .append("import org.junit.jupiter.api.Test;\n\n")
                .append("import java.util.Arrays;\n\n")
                .append("import static org.junit.jupiter.api.Assertions.assertEquals;\n")
                .append("import static org.junit.jupiter.api.Assertions.assertTrue;\n\n")
                .append("class ").append(className(c)).append(" {\n");
        for (int t = 0; t < inClass; t++) {
            int number = firstTest + t;
            boolean prints = outputEvery > 0 && number % outputEvery == 0;
            java.append("\n    @Test\n")
                    .append(String.format(Locale.ROOT, "    void entry%03dBalances() {%n", t))
                    .append("        int[] values = Values.of(").append(number).append("L, 256);\n")
                    .append("        long sum = Values.sum(values);\n")
                    .append("        Arrays.sort(values);\n")
                    .append(prints ? "        System.out.println(\"entry " + number
                            + ": \" + values.length + \" values, sum \" + sum);\n" : "")
                    .append("        assertTrue(Values.sorted(values), \"sorted\");\n")
                    .append("        assertEquals(sum, Values.sum(values));\n")
                    .append("    }\n");
        }
        return java.append("}\n").toString();
    }

    private static final String VALUES = String.join("\n",
            "package generated;",
            "",
            "/** The code under test: values from a seed (a linear congruential generator), and checks on them. */",
            "public final class Values {",
            "",
            "    private Values() {",
            "    }",
            "",
            "    public static int[] of(long seed, int count) {",
            "        int[] values = new int[count];",
            "        long x = seed * 0x9E3779B97F4A7C15L + 1;",
            "        for (int i = 0; i < count; i++) {",
            "            x = x * 6364136223846793005L + 1442695040888963407L;",
            "            values[i] = (int) (x >>> 33);",
            "        }",
            "        return values;",
            "    }",
            "",
            "    public static long sum(int[] values) {",
            "        long sum = 0;",
            "        for (int value : values) {",
            "            sum += value;",
            "        }",
            "        return sum;",
            "    }",
            "",
            "    public static boolean sorted(int[] values) {",
            "        for (int i = 1; i < values.length; i++) {",
            "            if (values[i - 1] > values[i]) {",
            "                return false;",
            "            }",
            "        }",
            "        return true;",
            "    }",
            "}",
            "");

    private String pom(boolean stanterprise) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!-- Generated by com.stanterprise.benchmarks.GeneratedProject: ").append(tests)
                .append(" tests in ").append(classes).append(" classes, ").append(forks).append(" forks")
                .append(stanterprise ? ", with the Stanterprise extension" : ", without the Stanterprise extension")
                .append(". -->\n")
                .append("<project xmlns=\"http://maven.apache.org/POM/4.0.0\"\n")
                .append("         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
                .append("         xsi:schemaLocation=\"http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd\">\n")
                .append("  <modelVersion>4.0.0</modelVersion>\n")
                .append("  <groupId>com.example.generated</groupId>\n")
                .append("  <artifactId>ledger</artifactId>\n")
                .append("  <version>1.0</version>\n\n")
                .append("  <properties>\n")
                .append("    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>\n")
                .append("    <maven.compiler.release>17</maven.compiler.release>\n")
                .append("  </properties>\n\n")
                .append("  <dependencyManagement>\n")
                .append("    <dependencies>\n")
                .append("      <dependency>\n")
                .append("        <groupId>org.junit</groupId>\n")
                .append("        <artifactId>junit-bom</artifactId>\n")
                .append("        <version>").append(Versions.JUNIT).append("</version>\n")
                .append("        <type>pom</type>\n")
                .append("        <scope>import</scope>\n")
                .append("      </dependency>\n")
                .append("    </dependencies>\n")
                .append("  </dependencyManagement>\n\n")
                .append("  <dependencies>\n")
                .append("    <dependency>\n")
                .append("      <groupId>org.junit.jupiter</groupId>\n")
                .append("      <artifactId>junit-jupiter</artifactId>\n")
                .append("      <scope>test</scope>\n")
                .append("    </dependency>\n")
                .append("  </dependencies>\n\n")
                .append("  <build>\n")
                .append("    <plugins>\n");
        if (stanterprise) {
            xml.append("      <plugin>\n")
                    .append("        <groupId>com.stanterprise</groupId>\n")
                    .append("        <artifactId>stanterprise-maven-plugin</artifactId>\n")
                    .append("        <version>").append(stanterpriseVersion).append("</version>\n")
                    .append("        <extensions>true</extensions>\n")
                    .append("      </plugin>\n");
        }
        plugin(xml, "maven-clean-plugin", Versions.CLEAN, "");
        plugin(xml, "maven-resources-plugin", Versions.RESOURCES, "");
        plugin(xml, "maven-compiler-plugin", Versions.COMPILER, "");
        plugin(xml, "maven-surefire-plugin", Versions.SUREFIRE,
                "        <configuration>\n"
                        + "          <forkCount>" + forks + "</forkCount>\n"
                        + "          <reuseForks>true</reuseForks>\n"
                        + "        </configuration>\n");
        plugin(xml, "maven-jar-plugin", Versions.JAR, "");
        plugin(xml, "maven-install-plugin", Versions.INSTALL, "");
        return xml.append("    </plugins>\n")
                .append("  </build>\n")
                .append("</project>\n")
                .toString();
    }

    private static void plugin(StringBuilder xml, String artifactId, String version, String configuration) {
        xml.append("      <plugin>\n")
                .append("        <groupId>org.apache.maven.plugins</groupId>\n")
                .append("        <artifactId>").append(artifactId).append("</artifactId>\n")
                .append("        <version>").append(version).append("</version>\n")
                .append(configuration)
                .append("      </plugin>\n");
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d tests in %d classes, %d forks, output every %d tests, stanterprise %s",
                directory, tests, classes, forks, outputEvery, stanterpriseVersion);
    }
}
