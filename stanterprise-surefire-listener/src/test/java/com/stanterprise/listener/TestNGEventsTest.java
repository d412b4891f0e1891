package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.testsystem.v1.observer.Event.PayloadCase;
import org.junit.jupiter.api.Test;
import org.testng.Assert;
import org.testng.IClassListener;
import org.testng.IConfigurationListener;
import org.testng.IRetryAnalyzer;
import org.testng.ISuite;
import org.testng.ISuiteListener;
import org.testng.ITestClass;
import org.testng.ITestContext;
import org.testng.ITestListener;
import org.testng.ITestResult;
import org.testng.TestNG;
import org.testng.annotations.AfterClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Factory;
import org.testng.xml.XmlSuite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs small fixture classes through a real TestNG, in this JVM, and checks the events that
 * {@link TestNGEvents} makes of what TestNG reports. The fixtures are static nested classes,
 * which Surefire does not run, and JUnit's engine does not know TestNG's annotations.
 */
class TestNGEventsTest {

    private static final String KEY = "com.example:sample:surefire:default-test";

    /** Its second test waits for a group of another class: TestNG runs that class in between. */
    public static class Interleaved {
        @org.testng.annotations.Test
        public void first() {
        }

        @org.testng.annotations.Test(dependsOnGroups = "later")
        public void afterTheGroup() {
        }
    }

    public static class Grouped {
        @org.testng.annotations.Test(groups = "later")
        public void inTheGroup() {
        }
    }

    /** Two instances, each of which waits for a group of another class. */
    public static class Made {
        private final int n;

        @Factory(dataProvider = "numbers")
        public Made(int n) {
            this.n = n;
        }

        @DataProvider
        public static Object[][] numbers() {
            return new Object[][] {{1}, {2}};
        }

        @org.testng.annotations.Test
        public void made() {
        }

        @org.testng.annotations.Test(dependsOnGroups = "later")
        public void madeAfterTheGroup() {
        }
    }

    /** Each row a test of its own, named as Surefire's testng provider names it. */
    public static class Rows {
        @DataProvider
        public Object[][] amounts() {
            return new Object[][] {{"net", 100}, {"gross", 119}, {"zero", 0}};
        }

        @org.testng.annotations.Test(dataProvider = "amounts")
        public void totals(String kind, int amount) {
        }
    }

    /** The defect a user found: the second of three invocations fails. */
    public static class Invoked {
        private int n;

        @org.testng.annotations.Test(invocationCount = 3)
        public void invoked() {
            n++;
            if (n == 2) {
                Assert.fail("second invocation fails");
            }
        }
    }

    /** Twice each of two rows: four invocations. */
    public static class InvokedWithRows {
        @DataProvider
        public Object[][] letters() {
            return new Object[][] {{"a"}, {"b"}};
        }

        @org.testng.annotations.Test(dataProvider = "letters", invocationCount = 2)
        public void rows(String letter) {
        }
    }

    /** Retries a failed test once. */
    public static class RetryOnce implements IRetryAnalyzer {
        private int retries;

        @Override
        public boolean retry(ITestResult result) {
            return retries++ < 1;
        }
    }

    /** Each method fails once, the first time, and passes when TestNG retries it. */
    public static class Retried {
        private int plainRuns;
        private int invocationRuns;
        private int rowRuns;

        @org.testng.annotations.Test(retryAnalyzer = RetryOnce.class)
        public void plain() {
            if (plainRuns++ == 0) {
                Assert.fail("first attempt fails");
            }
        }

        @org.testng.annotations.Test(invocationCount = 2, retryAnalyzer = RetryOnce.class)
        public void invoked() {
            if (invocationRuns++ == 0) {
                Assert.fail("first attempt of the first invocation fails");
            }
        }

        @DataProvider
        public Object[][] letters() {
            return new Object[][] {{"a"}, {"b"}};
        }

        @org.testng.annotations.Test(dataProvider = "letters", retryAnalyzer = RetryOnce.class)
        public void row(String letter) {
            if (letter.equals("b") && rowRuns++ == 0) {
                Assert.fail("first attempt of row b fails");
            }
        }
    }

    /** Its failing {@code @AfterClass} is a failed test of the class, reported after its tests. */
    public static class TornDown {
        @org.testng.annotations.Test
        public void passes() {
        }

        @AfterClass
        public void tearDown() {
            throw new IllegalStateException("teardown fails");
        }
    }

    /** Forwards TestNG's events to a {@link TestNGEvents}, as {@link StanterpriseTestNGListener} does. */
    static final class Forwarding implements ISuiteListener, ITestListener, IConfigurationListener, IClassListener {

        final List<Event> events = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
        TestNGEvents translator;

        @Override
        public synchronized void onStart(ISuite suite) {
            translator = new TestNGEvents(KEY, Events.decodingInto(events), null, new Attempts());
        }

        @Override
        public synchronized void onFinish(ITestContext context) {
            forward(TestNGEvents::runFinished);
        }

        @Override
        public synchronized void onTestStart(ITestResult result) {
            forward(t -> t.started(result));
        }

        @Override
        public synchronized void onTestSuccess(ITestResult result) {
            forward(t -> t.passed(result));
        }

        @Override
        public synchronized void onTestFailure(ITestResult result) {
            forward(t -> t.failed(result));
        }

        @Override
        public synchronized void onTestSkipped(ITestResult result) {
            forward(t -> t.skipped(result));
        }

        @Override
        public synchronized void onConfigurationFailure(ITestResult result) {
            forward(t -> t.configurationFailed(result));
        }

        @Override
        public synchronized void onConfigurationSkip(ITestResult result) {
            forward(t -> t.configurationSkipped(result));
        }

        @Override
        public synchronized void onBeforeClass(ITestClass testClass) {
            forward(t -> t.classStarted(testClass));
        }

        @Override
        public synchronized void onAfterClass(ITestClass testClass) {
            forward(t -> t.classFinished(testClass));
        }

        /** TestNG may swallow what a listener throws; keep it so that a test can fail on it. */
        private void forward(Consumer<TestNGEvents> call) {
            try {
                call.accept(translator);
            } catch (Throwable t) {
                thrown.add(t);
            }
        }
    }

    private static List<Event> run(XmlSuite.ParallelMode parallel, Class<?>... fixtures) {
        Forwarding forwarding = new Forwarding();
        TestNG testng = new TestNG(false);
        testng.setUseDefaultListeners(false);
        testng.setVerbose(0);
        testng.setTestClasses(fixtures);
        if (parallel != null) {
            testng.setParallel(parallel);
            testng.setThreadCount(3);
        }
        testng.addListener(forwarding);
        testng.run();
        assertEquals(Collections.emptyList(), forwarding.thrown, "TestNGEvents threw");
        return new ArrayList<>(forwarding.events);
    }

    /**
     * Every class's suite begins once, before anything inside it, and ends once, after: the
     * tests of a class that TestNG interleaves with another one, and its failing teardown.
     */
    private static void assertEachClassSuiteHoldsAllOfItsClass(List<Event> events, Class<?>... fixtures) {
        for (Class<?> fixture : fixtures) {
            String suiteId = Ids.of(KEY, fixture.getName());
            int begin = -1;
            int end = -1;
            List<Integer> inside = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                Event event = events.get(i);
                if (event.hasSuiteBegin() && event.getSuiteBegin().getSuite().getId().equals(suiteId)) {
                    assertEquals(-1, begin, "one begin of " + fixture.getSimpleName() + ": " + kinds(events));
                    begin = i;
                } else if (event.hasSuiteEnd() && event.getSuiteEnd().getSuite().getId().equals(suiteId)) {
                    assertEquals(-1, end, "one end of " + fixture.getSimpleName() + ": " + kinds(events));
                    end = i;
                } else if (event.hasTestBegin() && event.getTestBegin().getTestCase().getTestSuiteId().equals(suiteId)) {
                    assertEquals(0, event.getTestBegin().getTestCase().getRetryIndex());
                    inside.add(i);
                } else if (event.hasTestEnd() && event.getTestEnd().getTestCase().getTestSuiteId().equals(suiteId)) {
                    inside.add(i);
                }
            }
            assertTrue(begin >= 0 && end > begin, fixture.getSimpleName() + " begins, then ends: " + kinds(events));
            for (int i : inside) {
                assertTrue(begin < i && i < end, fixture.getSimpleName() + "'s events within its suite: " + kinds(events));
            }
        }
    }

    private static List<String> kinds(List<Event> events) {
        List<String> kinds = new ArrayList<>();
        for (Event event : events) {
            switch (event.getPayloadCase()) {
                case SUITE_BEGIN:
                    kinds.add("SUITE_BEGIN " + event.getSuiteBegin().getSuite().getName());
                    break;
                case SUITE_END:
                    kinds.add("SUITE_END " + event.getSuiteEnd().getSuite().getName());
                    break;
                case TEST_BEGIN:
                    kinds.add("TEST_BEGIN " + event.getTestBegin().getTestCase().getName());
                    break;
                case TEST_END:
                    kinds.add("TEST_END " + event.getTestEnd().getTestCase().getName());
                    break;
                default:
                    kinds.add(event.getPayloadCase().toString());
            }
        }
        return kinds;
    }

    private static int testEnds(List<Event> events) {
        int ends = 0;
        for (Event event : events) {
            if (event.hasTestEnd()) {
                ends++;
            }
        }
        return ends;
    }

    private static Map<String, TestStatus> ends(List<Event> events) {
        Map<String, TestStatus> ends = new HashMap<>();
        for (Event event : events) {
            if (event.getPayloadCase() == PayloadCase.TEST_END) {
                TestCaseRun test = event.getTestEnd().getTestCase();
                ends.put(test.getName(), test.getStatus());
            }
        }
        return ends;
    }

    /** The ends of the tests of {@code fixture}, in the order they ended. */
    private static List<TestCaseRun> testEndsOf(List<Event> events, Class<?> fixture) {
        List<TestCaseRun> ends = new ArrayList<>();
        for (Event event : events) {
            if (event.hasTestEnd() && fixture.getName().equals(event.getTestEnd().getTestCase().getMetadataOrDefault("class", ""))) {
                ends.add(event.getTestEnd().getTestCase());
            }
        }
        return ends;
    }

    /** "name retry_index status", one per test end. */
    private static List<String> attempts(List<TestCaseRun> ends) {
        List<String> attempts = new ArrayList<>();
        for (TestCaseRun end : ends) {
            attempts.add(end.getName() + " " + end.getRetryIndex() + " " + end.getStatus());
        }
        return attempts;
    }

    private static int distinctIds(List<TestCaseRun> ends) {
        Set<String> ids = new HashSet<>();
        for (TestCaseRun end : ends) {
            ids.add(end.getId());
        }
        return ids.size();
    }

    @Test
    void aDataProviderRowIsNamedAsSurefiresTestngProviderNamesItsTestcase() {
        for (XmlSuite.ParallelMode parallel : Arrays.asList(null, XmlSuite.ParallelMode.METHODS)) {
            List<TestCaseRun> ends = testEndsOf(run(parallel, Rows.class), Rows.class);

            // Surefire 3.5's testng provider: the method, the row's parameters, the invocation from 1.
            assertEquals(Arrays.asList("totals[net, 100](1) 0 PASSED", "totals[gross, 119](2) 0 PASSED",
                    "totals[zero, 0](3) 0 PASSED"), attempts(ends), "parallel: " + parallel);
            // The ids stay those of earlier versions: the row's index, from 0.
            assertEquals(Rows.class.getName() + "#totals[1]", ends.get(1).getMetadataOrThrow("unique_id"));
            assertEquals("gross, 119", ends.get(1).getMetadataOrThrow("parameters"));
        }
    }

    @Test
    void everyInvocationOfAnInvocationCountTestIsATestOfItsOwn() {
        for (XmlSuite.ParallelMode parallel : Arrays.asList(null, XmlSuite.ParallelMode.METHODS)) {
            List<TestCaseRun> ends = testEndsOf(run(parallel, Invoked.class), Invoked.class);

            assertEquals(Arrays.asList("invoked(1) 0 PASSED", "invoked(2) 0 FAILED", "invoked(3) 0 PASSED"),
                    attempts(ends), "three tests, the second failed, none a retry of another; parallel: " + parallel);
            assertEquals(3, distinctIds(ends));
            assertEquals(Invoked.class.getName() + "#invoked@invocation-2", ends.get(1).getMetadataOrThrow("unique_id"));
            for (TestCaseRun end : ends) {
                assertFalse(end.containsMetadata("flaky"), "not flaky: " + end.getName());
            }
        }
    }

    @Test
    void everyInvocationOfEveryRowIsATestOfItsOwn() {
        List<TestCaseRun> ends = testEndsOf(run(null, InvokedWithRows.class), InvokedWithRows.class);

        assertEquals(Arrays.asList("rows[a](1) 0 PASSED", "rows[b](2) 0 PASSED", "rows[a](3) 0 PASSED",
                "rows[b](4) 0 PASSED"), attempts(ends));
        assertEquals(4, distinctIds(ends));
        assertEquals(InvokedWithRows.class.getName() + "#rows[1]@invocation-2", ends.get(3).getMetadataOrThrow("unique_id"));
    }

    @Test
    void aTestThatTestNGRetriesIsAnotherAttemptOfTheSameTestUnderTheSameName() {
        List<Event> events = run(null, Retried.class);

        // TestNG reports the attempt it retries as skipped; the retry is attempt 1 of that test.
        List<TestCaseRun> plain = endsOfMethod(events, "plain");
        assertEquals(Arrays.asList("plain 0 SKIPPED", "plain 1 PASSED"), attempts(plain));
        assertEquals(1, distinctIds(plain));

        List<TestCaseRun> invoked = endsOfMethod(events, "invoked");
        assertEquals(Arrays.asList("invoked(1) 0 SKIPPED", "invoked(1) 1 PASSED", "invoked(2) 0 PASSED"),
                attempts(invoked));
        assertEquals(invoked.get(0).getId(), invoked.get(1).getId(), "the retry of the first invocation");
        assertEquals(2, distinctIds(invoked));

        List<TestCaseRun> row = endsOfMethod(events, "row");
        assertEquals(Arrays.asList("row[a](1) 0 PASSED", "row[b](2) 0 SKIPPED", "row[b](2) 1 PASSED"), attempts(row));
        assertEquals(2, distinctIds(row));
    }

    private static List<TestCaseRun> endsOfMethod(List<Event> events, String method) {
        List<TestCaseRun> ends = new ArrayList<>();
        for (TestCaseRun end : testEndsOf(events, Retried.class)) {
            if (method.equals(end.getMetadataOrDefault("method", ""))) {
                ends.add(end);
            }
        }
        return ends;
    }

    @Test
    void aClassThatTestNGInterleavesWithAnotherHasOneSuiteAroundAllItsTests() {
        List<Event> events = run(null, Interleaved.class, Grouped.class, TornDown.class);

        assertEachClassSuiteHoldsAllOfItsClass(events, Interleaved.class, Grouped.class, TornDown.class);
        assertEquals(TestStatus.PASSED, ends(events).get("afterTheGroup"));
        assertEquals(TestStatus.BROKEN, ends(events).get("tearDown"));
        // A class ends when TestNG is done with it, not with the run.
        List<String> kinds = kinds(events);
        assertTrue(kinds.indexOf("SUITE_END Grouped") < kinds.indexOf("TEST_BEGIN afterTheGroup"), kinds.toString());
    }

    @Test
    void aClassOfSeveralInstancesHasOneSuiteAroundAllItsTests() {
        List<Event> events = run(null, Made.class, Grouped.class, Interleaved.class);

        assertEachClassSuiteHoldsAllOfItsClass(events, Made.class, Grouped.class, Interleaved.class);
        assertEquals(7, testEnds(events), kinds(events).toString());
    }

    @Test
    void classesInParallelEachHaveOneSuiteAroundAllTheirTests() {
        List<Event> events = run(XmlSuite.ParallelMode.CLASSES, Interleaved.class, Grouped.class, TornDown.class);

        assertEachClassSuiteHoldsAllOfItsClass(events, Interleaved.class, Grouped.class, TornDown.class);
        assertEquals(5, ends(events).size(), kinds(events).toString());
    }

    @Test
    void methodsInParallelEachClassHasOneSuiteAroundAllItsTests() {
        List<Event> events = run(XmlSuite.ParallelMode.METHODS, Interleaved.class, Grouped.class, TornDown.class);

        assertEachClassSuiteHoldsAllOfItsClass(events, Interleaved.class, Grouped.class, TornDown.class);
        assertEquals(5, ends(events).size(), kinds(events).toString());
    }
}
