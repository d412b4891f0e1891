package com.stanterprise.maven.aggregation;

import com.stanterprise.testsystem.v1.common.TestStatus;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A Surefire or Failsafe execution's {@code reportsDirectory}: the test cases of the
 * {@code TEST-*.xml} reports it wrote. Surefire gets its forks' results over its own channel and
 * writes a report for every test set that completed, so a report can hold tests whose events
 * died with their JVM, still in its buffer. Read with StAX, without DTDs or external entities:
 * tests write what they like into these files.
 */
public final class ReportsDirectory {

    /** Like the listener's own limits, so that a test from a report is no larger than one from a fork. */
    static final int MAX_MESSAGE_CHARS = 64 * 1024;
    static final int MAX_STACK_TRACE_CHARS = 256 * 1024;

    private final Path directory;
    /**
     * The reports there were before the execution began, with their modification time and size:
     * another execution may share the directory (a second Surefire execution of the module, or
     * another module under {@code -T}) and write its last report in the very second this one
     * begins, so a time alone cannot tell them apart.
     */
    private final Map<String, Written> before;

    /** A report as the file system saw it. */
    private static final class Written {
        final FileTime modified;
        final long size;

        Written(FileTime modified, long size) {
            this.modified = modified;
            this.size = size;
        }

        static Written of(Path file) throws IOException {
            return new Written(Files.getLastModifiedTime(file), Files.size(file));
        }

        boolean same(Written other) {
            return other != null && modified.equals(other.modified) && size == other.size;
        }
    }

    private ReportsDirectory(Path directory, Map<String, Written> before) {
        this.directory = directory;
        this.before = before;
    }

    /** The directory with every report in it counted as written by the execution. */
    public ReportsDirectory(Path directory) {
        this(directory, Collections.emptyMap());
    }

    /**
     * The directory as an execution begins: only reports it then writes, new ones or ones it
     * rewrites, count as its own. A directory that cannot be listed counts as empty.
     */
    public static ReportsDirectory atStart(Path directory) {
        Map<String, Written> before = new HashMap<>();
        forEachReport(directory, (name, file) -> before.put(name, Written.of(file)), problem -> { });
        return new ReportsDirectory(directory, before);
    }

    public Path path() {
        return directory;
    }

    /**
     * The test cases of every report written since {@link #atStart} (a report that was not there
     * then, or has since changed), in file name order; a report that cannot be read is left out,
     * its problem given to {@code problems}.
     */
    public List<ReportedTest> testsWritten(Consumer<String> problems) {
        TreeMap<String, Path> reports = new TreeMap<>();
        forEachReport(directory, (name, file) -> {
            if (!Written.of(file).same(before.get(name))) {
                reports.put(name, file);
            }
        }, problems);
        List<ReportedTest> tests = new ArrayList<>();
        for (Path report : reports.values()) {
            try (InputStream in = Files.newInputStream(report)) {
                tests.addAll(read(in));
            } catch (IOException | XMLStreamException e) {
                problems.accept("cannot read " + report + ": " + e.getMessage());
            }
        }
        return tests;
    }

    private interface ReportFile {
        void accept(String name, Path file) throws IOException;
    }

    private static void forEachReport(Path directory, ReportFile action, Consumer<String> problems) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "TEST-*.xml")) {
            for (Path file : files) {
                try {
                    if (Files.isRegularFile(file)) {
                        action.accept(file.getFileName().toString(), file);
                    }
                } catch (IOException e) {
                    problems.accept("cannot read " + file + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            problems.accept("cannot list " + directory + ": " + e.getMessage());
        }
    }

    /** The test cases of one report. */
    static List<ReportedTest> read(InputStream in) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader xml = factory.createXMLStreamReader(in);
        List<ReportedTest> tests = new ArrayList<>();
        try {
            String suite = "";
            TestCase current = null;
            int depth = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String element = xml.getLocalName();
                    if ("testsuite".equals(element) && current == null) {
                        suite = attribute(xml, "name");
                    } else if ("testcase".equals(element) && current == null) {
                        current = new TestCase(depth, attribute(xml, "classname"), attribute(xml, "name"),
                                seconds(attribute(xml, "time")));
                    } else if (current != null && depth == current.depth + 1) {
                        current.outcome(element, attribute(xml, "message"), attribute(xml, "type"));
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    if (current != null && current.readingStackTrace && depth == current.depth + 1) {
                        current.stackTrace(xml.getText());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (current != null && depth == current.depth + 1) {
                        current.readingStackTrace = false;
                    }
                    if (current != null && depth == current.depth) {
                        tests.add(current.reported(suite));
                        current = null;
                    }
                    depth--;
                }
            }
        } finally {
            xml.close();
        }
        return tests;
    }

    /** A {@code <testcase>} being read. */
    private static final class TestCase {
        final int depth;
        final String className;
        final String name;
        final double seconds;
        TestStatus status = TestStatus.PASSED;
        boolean flaky;
        String message = "";
        final StringBuilder stackTrace = new StringBuilder();
        boolean readingStackTrace;

        TestCase(int depth, String className, String name, double seconds) {
            this.depth = depth;
            this.className = className;
            this.name = name;
            this.seconds = seconds;
        }

        /**
         * A failure, error or skip decides the outcome; a rerun's failure after it changes
         * nothing; only flaky failures (and no failure) mean a rerun passed.
         */
        void outcome(String element, String message, String type) {
            switch (element) {
                case "failure":
                    first(TestStatus.FAILED, message, type);
                    break;
                case "error":
                    first(TestStatus.BROKEN, message, type);
                    break;
                case "skipped":
                    if (status == TestStatus.PASSED) {
                        status = TestStatus.SKIPPED;
                        this.message = limit(message, MAX_MESSAGE_CHARS);
                    }
                    break;
                case "flakyFailure":
                case "flakyError":
                    flaky = true;
                    break;
                default:
                    break;
            }
        }

        private void first(TestStatus failed, String message, String type) {
            if (status == TestStatus.FAILED || status == TestStatus.BROKEN) {
                return;
            }
            status = failed;
            this.message = limit(message.isEmpty() ? type : message, MAX_MESSAGE_CHARS);
            readingStackTrace = true;
        }

        void stackTrace(String text) {
            if (stackTrace.length() < MAX_STACK_TRACE_CHARS) {
                stackTrace.append(text, 0, Math.min(text.length(), MAX_STACK_TRACE_CHARS - stackTrace.length()));
            }
        }

        ReportedTest reported(String suite) {
            // With the TestNG engine on the JUnit Platform, Surefire 3.5 writes the method where
            // the class belongs; the report's suite is the class then.
            String owner = className.isEmpty() || className.equals(name) ? suite : className;
            return new ReportedTest(owner, name, status, (long) (seconds * 1e9), message,
                    stackTrace.toString().trim(), flaky && status == TestStatus.PASSED);
        }
    }

    private static String attribute(XMLStreamReader xml, String name) {
        String value = xml.getAttributeValue(null, name);
        return value == null ? "" : value;
    }

    /** Surefire writes {@code 0.013}, and {@code 1,234.5} past a thousand seconds. */
    static double seconds(String time) {
        try {
            double seconds = Double.parseDouble(time.replace(",", "").trim().toLowerCase(Locale.ROOT));
            return Double.isFinite(seconds) && seconds > 0 ? seconds : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
