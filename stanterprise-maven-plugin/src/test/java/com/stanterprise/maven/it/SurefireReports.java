package com.stanterprise.maven.it;

import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.observer.Event;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Surefire's and Failsafe's own XML reports, counted per class and outcome, to compare with
 * what the collector got: the collector must show the same tests with the same outcomes.
 */
final class SurefireReports {

    private SurefireReports() {
    }

    /**
     * "class → passed/failed/errored/skipped counts", from every TEST-*.xml under the project
     * that Surefire or Failsafe wrote (with its testng provider, one TEST-TestSuite.xml). A
     * test that Surefire ran again (rerunFailingTestsCount) is one testcase whose outcome is its
     * last attempt's: a flaky one holds only flakyFailure or flakyError elements (passed), one
     * that always failed a failure or error followed by rerunFailure or rerunError elements.
     */
    static Map<String, Map<String, Integer>> countsByClass(Path project) throws Exception {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        List<Path> reports;
        try (Stream<Path> files = Files.walk(project)) {
            reports = files.filter(p -> p.getFileName().toString().startsWith("TEST-")
                            && p.getFileName().toString().endsWith(".xml")
                            && (p.toString().contains("surefire-reports") || p.toString().contains("failsafe-reports"))
                            && !fromTestNG(p))
                    .collect(Collectors.toList());
        }
        for (Path report : reports) {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
            NodeList cases = document.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                String outcome = testCase.getElementsByTagName("failure").getLength() > 0 ? "failed"
                        : testCase.getElementsByTagName("error").getLength() > 0 ? "errored"
                        : testCase.getElementsByTagName("skipped").getLength() > 0 ? "skipped" : "passed";
                counts.computeIfAbsent(testCase.getAttribute("classname"), c -> new TreeMap<>())
                        .merge(outcome, 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * The same counts keyed by each report's {@code <testsuite name>}, the class Surefire ran. With
     * the TestNG engine on the JUnit Platform, Surefire 3.5 writes each test method's name where
     * its testcase's classname belongs; the report it is in still names the class.
     */
    static Map<String, Map<String, Integer>> countsBySuite(Path project) throws Exception {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (Path report : reports(project)) {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
            String suite = document.getDocumentElement().getAttribute("name");
            NodeList cases = document.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                counts.computeIfAbsent(suite, c -> new TreeMap<>()).merge(outcome((Element) cases.item(i)), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The names of the testcases of one class in Surefire's and Failsafe's reports, sorted. */
    static List<String> testcaseNames(Path project, String className) throws Exception {
        List<String> names = new ArrayList<>();
        for (Path report : reports(project)) {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
            NodeList cases = document.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                if (className.equals(testCase.getAttribute("classname"))) {
                    names.add(testCase.getAttribute("name"));
                }
            }
        }
        names.sort(String::compareTo);
        return names;
    }

    private static List<Path> reports(Path project) throws Exception {
        try (Stream<Path> files = Files.walk(project)) {
            return files.filter(p -> p.getFileName().toString().startsWith("TEST-")
                            && p.getFileName().toString().endsWith(".xml")
                            && (p.toString().contains("surefire-reports") || p.toString().contains("failsafe-reports"))
                            && !fromTestNG(p))
                    .collect(Collectors.toList());
        }
    }

    /**
     * TestNG's own JUnit-style reporter also writes TEST-*.xml files, under
     * {@code surefire-reports/junitreports/}, when Surefire's testng provider runs it: not Surefire's.
     */
    private static boolean fromTestNG(Path report) {
        Path parent = report.getParent();
        return parent != null && parent.getFileName() != null && "junitreports".equals(parent.getFileName().toString());
    }

    private static String outcome(Element testCase) {
        return testCase.getElementsByTagName("failure").getLength() > 0 ? "failed"
                : testCase.getElementsByTagName("error").getLength() > 0 ? "errored"
                : testCase.getElementsByTagName("skipped").getLength() > 0 ? "skipped" : "passed";
    }

    /** The same counts from what the collector got (the last attempt of each test). */
    static Map<String, Map<String, Integer>> countsByClass(List<Event> events) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (TestCaseRun test : RunChecks.lastAttempts(events)) {
            counts.computeIfAbsent(test.getMetadataOrDefault("class", "?"), c -> new TreeMap<>())
                    .merge(outcome(test.getStatus()), 1, Integer::sum);
        }
        return counts;
    }

    private static String outcome(TestStatus status) {
        switch (status) {
            case PASSED:
                return "passed";
            case FAILED:
                return "failed";
            case SKIPPED:
                return "skipped";
            default:
                return "errored";
        }
    }
}
