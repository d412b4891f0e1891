package com.stanterprise.maven.aggregation;

import com.stanterprise.testsystem.v1.common.TestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportsDirectoryTest {

    @TempDir
    Path directory;

    /** As Surefire 3.5 writes it for the JUnit Platform, output and properties included. */
    private static final String JUPITER_REPORT = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuite xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"3.0.2\""
            + " name=\"com.example.kinds.KindsTest\" time=\"0.178\" tests=\"9\" errors=\"1\" skipped=\"1\" failures=\"2\">\n"
            + "  <properties><property name=\"java.version\" value=\"17\"/></properties>\n"
            + "  <testcase name=\"passes\" classname=\"com.example.kinds.KindsTest\" time=\"0.005\"/>\n"
            + "  <testcase name=\"fails\" classname=\"com.example.kinds.KindsTest\" time=\"0.25\">\n"
            + "    <failure message=\"expected: &lt;2&gt; but was: &lt;3&gt;\" type=\"org.opentest4j.AssertionFailedError\">"
            + "<![CDATA[org.opentest4j.AssertionFailedError: expected: <2> but was: <3>\n"
            + "\tat com.example.kinds.KindsTest.fails(KindsTest.java:20)\n]]></failure>\n"
            + "    <system-out><![CDATA[printed while failing]]></system-out>\n"
            + "  </testcase>\n"
            + "  <testcase name=\"errors\" classname=\"com.example.kinds.KindsTest\" time=\"0.009\">\n"
            + "    <error type=\"java.lang.IllegalStateException\">java.lang.IllegalStateException\n"
            + "\tat com.example.kinds.KindsTest.errors(KindsTest.java:25)</error>\n"
            + "  </testcase>\n"
            + "  <testcase name=\"disabled\" classname=\"com.example.kinds.KindsTest\" time=\"0.0\">\n"
            + "    <skipped message=\"not today\"/>\n"
            + "  </testcase>\n"
            + "  <testcase name=\"parameterized(int)[2]\" classname=\"com.example.kinds.KindsTest\" time=\"1,234.5\"/>\n"
            + "  <testcase name=\"nestedPasses\" classname=\"com.example.kinds.KindsTest$Inner\" time=\"0.003\"/>\n"
            + "  <testcase name=\"flaky\" classname=\"com.example.kinds.KindsTest\" time=\"0.01\">\n"
            + "    <flakyFailure message=\"first time\" type=\"java.lang.AssertionError\">"
            + "<stackTrace>java.lang.AssertionError: first time</stackTrace></flakyFailure>\n"
            + "  </testcase>\n"
            + "  <testcase name=\"alwaysFails\" classname=\"com.example.kinds.KindsTest\" time=\"0.01\">\n"
            + "    <failure message=\"first\" type=\"java.lang.AssertionError\">java.lang.AssertionError: first</failure>\n"
            + "    <rerunFailure message=\"second\" type=\"java.lang.AssertionError\">"
            + "<stackTrace>java.lang.AssertionError: second</stackTrace></rerunFailure>\n"
            + "  </testcase>\n"
            + "  <testcase name=\"\" classname=\"com.example.kinds.BrokenSetupTest\" time=\"0.0\">\n"
            + "    <error message=\"setup\" type=\"java.lang.IllegalStateException\">java.lang.IllegalStateException: setup</error>\n"
            + "  </testcase>\n"
            + "</testsuite>\n";

    private static List<ReportedTest> read(String xml) throws Exception {
        return ReportsDirectory.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsEveryOutcomeSurefireWrites() throws Exception {
        List<ReportedTest> tests = read(JUPITER_REPORT);

        assertEquals(9, tests.size(), tests.toString());
        ReportedTest passes = tests.get(0);
        assertEquals("com.example.kinds.KindsTest", passes.className);
        assertEquals("passes", passes.name);
        assertEquals(TestStatus.PASSED, passes.status);
        assertEquals(5_000_000L, passes.durationNanos);
        assertEquals("", passes.message);
        assertFalse(passes.flaky);

        ReportedTest fails = tests.get(1);
        assertEquals(TestStatus.FAILED, fails.status);
        assertEquals("expected: <2> but was: <3>", fails.message);
        assertEquals("org.opentest4j.AssertionFailedError: expected: <2> but was: <3>\n"
                + "\tat com.example.kinds.KindsTest.fails(KindsTest.java:20)", fails.stackTrace,
                "the failure's text, not the output after it");
        assertEquals(250_000_000L, fails.durationNanos);

        ReportedTest errors = tests.get(2);
        assertEquals(TestStatus.BROKEN, errors.status);
        assertEquals("java.lang.IllegalStateException", errors.message, "no message: the type");
        assertTrue(errors.stackTrace.endsWith("KindsTest.java:25)"), errors.stackTrace);

        ReportedTest disabled = tests.get(3);
        assertEquals(TestStatus.SKIPPED, disabled.status);
        assertEquals("not today", disabled.message);

        ReportedTest invocation = tests.get(4);
        assertEquals("parameterized", invocation.method());
        assertEquals(1_234_500_000_000L, invocation.durationNanos, "a thousand seconds and more");

        assertEquals("com.example.kinds.KindsTest$Inner", tests.get(5).className, "a nested class by its binary name");

        ReportedTest flaky = tests.get(6);
        assertEquals(TestStatus.PASSED, flaky.status, "passed on its rerun");
        assertTrue(flaky.flaky);
        assertEquals("", flaky.stackTrace);

        ReportedTest alwaysFails = tests.get(7);
        assertEquals(TestStatus.FAILED, alwaysFails.status);
        assertEquals("first", alwaysFails.message, "the first failure, not the rerun's");
        assertFalse(alwaysFails.flaky);

        ReportedTest classFailure = tests.get(8);
        assertEquals("com.example.kinds.BrokenSetupTest", classFailure.className);
        assertEquals("", classFailure.method());
        assertEquals(TestStatus.BROKEN, classFailure.status);
    }

    @Test
    void withTheTestNGEngineTheReportNamesTheClassWhereSurefireWroteTheMethod() throws Exception {
        List<ReportedTest> tests = read("<testsuite name=\"com.example.testng.LedgerTest\">"
                + "<testcase name=\"isPositive(int)[1]\" classname=\"isPositive(int)[1]\" time=\"0.001\"/>"
                + "<testcase name=\"passes\" classname=\"passes\" time=\"0.001\"/></testsuite>");

        assertEquals("com.example.testng.LedgerTest", tests.get(0).className);
        assertEquals("isPositive", tests.get(0).method());
        assertEquals("com.example.testng.LedgerTest#passes", tests.get(1).key());
    }

    @Test
    void aDocumentTypeOrExternalEntityIsNeverFollowed(@TempDir Path elsewhere) throws Exception {
        Path secret = Files.write(elsewhere.resolve("secret.txt"), "do-not-read".getBytes(StandardCharsets.UTF_8));
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<testsuite name=\"A\"><testcase name=\"t\" classname=\"A\"><failure message=\"&leak;\">&leak;</failure>"
                + "</testcase></testsuite>";
        Files.write(directory.resolve("TEST-A.xml"), xml.getBytes(StandardCharsets.UTF_8));
        List<String> problems = new ArrayList<>();

        List<ReportedTest> tests = new ReportsDirectory(directory).testsWritten(problems::add);

        for (ReportedTest test : tests) {
            assertFalse(test.message.contains("do-not-read") || test.stackTrace.contains("do-not-read"), test.message);
        }
        assertTrue(!tests.isEmpty() || !problems.isEmpty(), "either read without the entity, or refused and said so");
    }

    /**
     * Reports there before the execution began are another execution's (an earlier one of the
     * module sharing the directory), even when written in the very second this one began; a
     * report the execution writes, new or over an old one, is its own.
     */
    @Test
    void onlyReportsTheExecutionWroteAreRead() throws Exception {
        write("TEST-com.example.Old.xml", "com.example.Old", "old");
        write("TEST-com.example.Rerun.xml", "com.example.Rerun", "before");
        ReportsDirectory reports = ReportsDirectory.atStart(directory);
        write("TEST-com.example.Rerun.xml", "com.example.Rerun", "rewritten");
        write("TEST-com.example.New.xml", "com.example.New", "fresh");
        Files.write(directory.resolve("com.example.New.txt"), "Tests run: 1".getBytes(StandardCharsets.UTF_8));
        Files.write(directory.resolve("TEST-com.example.Broken.xml"),
                "<testsuite name=\"com.example.Broken\"><testcase".getBytes(StandardCharsets.UTF_8));
        List<String> problems = new ArrayList<>();

        List<ReportedTest> tests = reports.testsWritten(problems::add);

        assertEquals(2, tests.size(), tests.toString());
        assertEquals("com.example.New#fresh", tests.get(0).key());
        assertEquals("com.example.Rerun#rewritten", tests.get(1).key());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("TEST-com.example.Broken.xml"), problems.get(0));
    }

    private void write(String file, String className, String test) throws Exception {
        Files.write(directory.resolve(file), ("<testsuite name=\"" + className + "\"><testcase name=\"" + test
                + "\" classname=\"" + className + "\"/></testsuite>").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDirectoryThatWasNeverWrittenHoldsNoTests() {
        List<String> problems = new ArrayList<>();
        assertTrue(new ReportsDirectory(directory.resolve("surefire-reports")).testsWritten(problems::add).isEmpty());
        assertTrue(problems.isEmpty());
    }
}
