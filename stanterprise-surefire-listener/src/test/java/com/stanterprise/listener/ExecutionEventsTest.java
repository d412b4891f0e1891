package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.SuiteType;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.testsystem.v1.observer.Event.PayloadCase;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

/**
 * Runs small fixture classes through a real JUnit Platform launcher, in this JVM, and checks the
 * events that {@link ExecutionEvents} makes of what JUnit reports.
 *
 * <p>The fixtures are static nested classes: Surefire only runs top-level classes named like
 * tests, and JUnit Jupiter does not run a test class's static nested classes. An IDE that runs
 * them anyway finds them disabled, because they only run when this test's launcher says so.
 */
class ExecutionEventsTest {

    private static final String KEY = "com.example:sample:surefire:default-test";
    private static final String FIXTURES = "stanterprise.test.fixtures";
    private static final String ENGINE = "[engine:junit-jupiter]";

    /** Lets the fixtures run only in the launcher of this test. */
    static final class OnlyInThisLauncher implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FIXTURES).filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("run by ExecutionEventsTest")
                    : ConditionEvaluationResult.disabled("a fixture of ExecutionEventsTest");
        }
    }

    @ExtendWith(OnlyInThisLauncher.class)
    static class SampleCases {

        @Test
        void passes() {
        }

        @Test
        @Tag("slow")
        void failsAnAssertion() {
            Assertions.assertEquals(1, 2, "numbers differ");
        }

        @Test
        void throwsSomethingElse() {
            throw new IllegalStateException("database is down");
        }

        @Test
        void isAborted() {
            Assumptions.assumeTrue(false, "not on this OS");
        }

        @Test
        @Disabled("not ready yet")
        void isDisabled() {
        }

        @ParameterizedTest
        @ValueSource(strings = {"a", "b"})
        void isParameterized(String value) {
            Assertions.assertFalse(value.isEmpty());
        }

        @TestFactory
        Stream<DynamicTest> isAFactory() {
            return Stream.of(DynamicTest.dynamicTest("first", () -> { }), DynamicTest.dynamicTest("second", () -> { }));
        }

        @Nested
        class Inner {

            @Test
            void passesInside() {
            }

            @Nested
            class Deeper {

                @Test
                void passesDeeper() {
                }
            }
        }

        @Nested
        @Disabled("whole group off")
        class Off {

            @Test
            void neverRuns() {
            }
        }
    }

    @ExtendWith(OnlyInThisLauncher.class)
    static class BrokenSetup {

        @BeforeAll
        static void setUp() {
            throw new IllegalStateException("no database");
        }

        @Test
        void wouldPass() {
        }
    }

    /** Fails the first time it runs, passes after (Surefire's reruns make such a test flaky). */
    @ExtendWith(OnlyInThisLauncher.class)
    static class FailsOnce {

        static final AtomicInteger RUNS = new AtomicInteger();

        @Test
        void failsTheFirstTime() {
            System.out.println("run " + RUNS.incrementAndGet());
            Assertions.assertTrue(RUNS.get() > 1, "the first run fails");
        }

        @Test
        void passes() {
        }
    }

    /** Forwards the launcher's events to an {@link ExecutionEvents} made for each plan. */
    static final class Forwarding implements TestExecutionListener {

        final List<Event> events = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
        /** Across the plans this listener sees, as in one test JVM. */
        final Attempts attempts = new Attempts();
        volatile ExecutionEvents translator;

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            translator = new ExecutionEvents(KEY, testPlan, Events.decodingInto(events), null, attempts);
        }

        @Override
        public void executionStarted(TestIdentifier item) {
            forward(() -> translator.started(item));
        }

        @Override
        public void executionFinished(TestIdentifier item, TestExecutionResult result) {
            forward(() -> translator.finished(item, result));
        }

        @Override
        public void executionSkipped(TestIdentifier item, String reason) {
            forward(() -> translator.skipped(item, reason));
        }

        /** The launcher swallows what a listener throws; keep it so that a test can fail on it. */
        private void forward(Runnable call) {
            try {
                call.run();
            } catch (Throwable t) {
                thrown.add(t);
            }
        }
    }

    private static List<Event> run(Class<?> fixture) {
        return run(fixture, true);
    }

    private static List<Event> run(Class<?> fixture, boolean fixturesEnabled) {
        Forwarding forwarding = new Forwarding();
        run(forwarding, selectClass(fixture), fixturesEnabled);
        return new ArrayList<>(forwarding.events);
    }

    private static void run(Forwarding forwarding, DiscoverySelector selector, boolean fixturesEnabled) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selector)
                .configurationParameter(FIXTURES, Boolean.toString(fixturesEnabled))
                .build();
        // Without auto-registration: the real StanterpriseListener must not see the fixtures.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
        launcher.execute(request, forwarding);
        assertEquals(Collections.emptyList(), forwarding.thrown, "ExecutionEvents threw");
    }

    // ---- reading the events ---------------------------------------------------------------

    private static String idOf(Event event) {
        switch (event.getPayloadCase()) {
            case SUITE_BEGIN:
                return event.getSuiteBegin().getSuite().getId();
            case SUITE_END:
                return event.getSuiteEnd().getSuite().getId();
            case TEST_BEGIN:
                return event.getTestBegin().getTestCase().getId();
            case TEST_END:
                return event.getTestEnd().getTestCase().getId();
            case TEST_FAILURE:
                return event.getTestFailure().getTestId();
            case TEST_ERROR:
                return event.getTestError().getTestId();
            default:
                throw new AssertionError("unexpected event " + event);
        }
    }

    /** The suite that holds what the event is about, or null for a failure or error event. */
    private static String holderOf(Event event) {
        switch (event.getPayloadCase()) {
            case SUITE_BEGIN:
                return event.getSuiteBegin().getSuite().getParentSuiteId();
            case SUITE_END:
                return event.getSuiteEnd().getSuite().getParentSuiteId();
            case TEST_BEGIN:
                return event.getTestBegin().getTestCase().getTestSuiteId();
            case TEST_END:
                return event.getTestEnd().getTestCase().getTestSuiteId();
            default:
                return null;
        }
    }

    private static List<PayloadCase> kinds(List<Event> events, String id) {
        return events.stream().filter(e -> idOf(e).equals(id)).map(Event::getPayloadCase).collect(Collectors.toList());
    }

    private static int index(List<Event> events, PayloadCase kind, String id) {
        int found = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).getPayloadCase() == kind && idOf(events.get(i)).equals(id)) {
                assertEquals(-1, found, "one " + kind + " for " + id);
                found = i;
            }
        }
        assertNotEquals(-1, found, "a " + kind + " for " + id);
        return found;
    }

    private static List<TestCaseRun> testEnds(List<Event> events, Predicate<TestCaseRun> which) {
        return events.stream().filter(Event::hasTestEnd).map(e -> e.getTestEnd().getTestCase())
                .filter(which).collect(Collectors.toList());
    }

    private static TestCaseRun testEnd(List<Event> events, String method) {
        List<TestCaseRun> found = testEnds(events, t -> method.equals(t.getMetadataMap().get("method")));
        assertEquals(1, found.size(), "one end for " + method);
        return found.get(0);
    }

    private static TestCaseRun testBegin(List<Event> events, String id) {
        return events.get(index(events, PayloadCase.TEST_BEGIN, id)).getTestBegin().getTestCase();
    }

    private static TestSuiteRun suiteBegin(List<Event> events, String id) {
        return events.get(index(events, PayloadCase.SUITE_BEGIN, id)).getSuiteBegin().getSuite();
    }

    private static TestSuiteRun suiteEnd(List<Event> events, String id) {
        return events.get(index(events, PayloadCase.SUITE_END, id)).getSuiteEnd().getSuite();
    }

    private static String classUniqueId(Class<?> type) {
        return ENGINE + "/[class:" + type.getName() + "]";
    }

    private static String suiteIdOf(String uniqueId) {
        return Ids.of(KEY, uniqueId);
    }

    // ---- tests --------------------------------------------------------------------------

    @Test
    void aPassingTestBeginsAndEndsPassedWithItsMetadataAndStableId() {
        List<Event> events = run(SampleCases.class);

        TestCaseRun end = testEnd(events, "passes");
        String uniqueId = classUniqueId(SampleCases.class) + "/[method:passes()]";
        assertEquals(uniqueId, end.getMetadataMap().get("unique_id"));
        assertEquals(Ids.of(KEY, uniqueId), end.getId());
        assertEquals(SampleCases.class.getName(), end.getMetadataMap().get("class"));
        assertEquals("passes", end.getMetadataMap().get("method"));
        assertEquals(TestStatus.PASSED, end.getStatus());
        assertEquals("passes()", end.getName());
        assertEquals(SampleCases.class.getName() + "#passes()", end.getLocation());
        assertEquals(suiteIdOf(classUniqueId(SampleCases.class)), end.getTestSuiteId());
        assertEquals("", end.getErrorMessage());
        assertTrue(end.hasStartTime() && end.hasEndTime() && end.hasDuration());
        assertTrue(end.getDuration().getSeconds() >= 0 && end.getDuration().getNanos() >= 0);

        assertEquals(Arrays.asList(PayloadCase.TEST_BEGIN, PayloadCase.TEST_END), kinds(events, end.getId()));
        TestCaseRun begin = testBegin(events, end.getId());
        assertEquals(TestStatus.RUNNING, begin.getStatus());
        assertEquals(uniqueId, begin.getMetadataMap().get("unique_id"));
        assertEquals("passes", begin.getMetadataMap().get("method"));
        assertEquals(end.getTestSuiteId(), begin.getTestSuiteId());
        assertEquals(end.getStartTime(), begin.getStartTime());
    }

    @Test
    void idsAreTheSameInEveryRun() {
        List<String> first = run(SampleCases.class).stream().map(ExecutionEventsTest::idOf).collect(Collectors.toList());
        List<String> second = run(SampleCases.class).stream().map(ExecutionEventsTest::idOf).collect(Collectors.toList());
        assertEquals(first, second);
    }

    @Test
    void anAssertionFailureIsAFailureEventThenAFailedEnd() {
        List<Event> events = run(SampleCases.class);

        TestCaseRun end = testEnd(events, "failsAnAssertion");
        assertEquals(TestStatus.FAILED, end.getStatus());
        assertEquals(Arrays.asList(PayloadCase.TEST_BEGIN, PayloadCase.TEST_FAILURE, PayloadCase.TEST_END),
                kinds(events, end.getId()));
        assertTrue(end.getErrorMessage().contains("numbers differ"), end.getErrorMessage());
        assertEquals(Collections.singletonList(end.getErrorMessage()), end.getErrorsList());
        assertTrue(end.getStackTrace().contains("AssertionFailedError"), end.getStackTrace());
        assertEquals(Collections.singletonList("slow"), end.getTagsList());

        Event failure = events.get(index(events, PayloadCase.TEST_FAILURE, end.getId()));
        assertEquals(end.getErrorMessage(), failure.getTestFailure().getFailureMessage());
        assertEquals(end.getStackTrace(), failure.getTestFailure().getStackTrace());
        assertTrue(failure.getTestFailure().hasTimestamp());
    }

    @Test
    void anyOtherExceptionIsAnErrorEventThenABrokenEnd() {
        List<Event> events = run(SampleCases.class);

        TestCaseRun end = testEnd(events, "throwsSomethingElse");
        assertEquals(TestStatus.BROKEN, end.getStatus());
        assertEquals(Arrays.asList(PayloadCase.TEST_BEGIN, PayloadCase.TEST_ERROR, PayloadCase.TEST_END),
                kinds(events, end.getId()));
        assertEquals("database is down", end.getErrorMessage());
        assertTrue(end.getStackTrace().startsWith("java.lang.IllegalStateException: database is down"));

        Event error = events.get(index(events, PayloadCase.TEST_ERROR, end.getId()));
        assertEquals("database is down", error.getTestError().getErrorMessage());
        assertEquals(end.getStackTrace(), error.getTestError().getStackTrace());
    }

    @Test
    void aFailedAssumptionEndsSkippedWithItsReason() {
        List<Event> events = run(SampleCases.class);

        TestCaseRun end = testEnd(events, "isAborted");
        assertEquals(TestStatus.SKIPPED, end.getStatus());
        assertEquals(Arrays.asList(PayloadCase.TEST_BEGIN, PayloadCase.TEST_END), kinds(events, end.getId()));
        assertTrue(end.getMetadataMap().getOrDefault("skip_reason", "").contains("not on this OS"),
                end.getMetadataMap().toString());
    }

    @Test
    void aDisabledTestStillBeginsAndEndsSkipped() {
        List<Event> events = run(SampleCases.class);

        TestCaseRun end = testEnd(events, "isDisabled");
        assertEquals(TestStatus.SKIPPED, end.getStatus());
        assertEquals(Arrays.asList(PayloadCase.TEST_BEGIN, PayloadCase.TEST_END), kinds(events, end.getId()));
        assertEquals("not ready yet", end.getMetadataMap().get("skip_reason"));
        assertEquals(suiteIdOf(classUniqueId(SampleCases.class)), end.getTestSuiteId());
        assertEquals(Ids.of(KEY, classUniqueId(SampleCases.class) + "/[method:isDisabled()]"), end.getId());
        assertEquals(TestStatus.RUNNING, testBegin(events, end.getId()).getStatus());
    }

    @Test
    void theClassIsAFileSuiteWithoutParentThatOpensFirstAndClosesLast() {
        List<Event> events = run(SampleCases.class);
        String classId = suiteIdOf(classUniqueId(SampleCases.class));

        assertEquals(0, index(events, PayloadCase.SUITE_BEGIN, classId));
        assertEquals(events.size() - 1, index(events, PayloadCase.SUITE_END, classId));

        TestSuiteRun begin = suiteBegin(events, classId);
        assertEquals(SuiteType.FILE, begin.getType());
        assertEquals("", begin.getParentSuiteId());
        assertEquals(TestStatus.RUNNING, begin.getStatus());
        assertEquals(SampleCases.class.getName(), begin.getMetadataMap().get("class"));
        assertEquals(classUniqueId(SampleCases.class), begin.getMetadataMap().get("unique_id"));

        TestSuiteRun end = suiteEnd(events, classId);
        assertEquals(SuiteType.FILE, end.getType());
        assertEquals("", end.getParentSuiteId());
        assertEquals(TestStatus.BROKEN, end.getStatus(), "the worst of what it holds");
        assertTrue(end.hasEndTime() && end.hasDuration());
    }

    @Test
    void nestedClassesAreSubsuitesOfTheirEnclosingSuite() {
        List<Event> events = run(SampleCases.class);
        String classUid = classUniqueId(SampleCases.class);
        String innerUid = classUid + "/[nested-class:Inner]";
        String deeperUid = innerUid + "/[nested-class:Deeper]";

        TestSuiteRun inner = suiteBegin(events, suiteIdOf(innerUid));
        assertEquals(SuiteType.SUBSUITE, inner.getType());
        assertEquals(suiteIdOf(classUid), inner.getParentSuiteId());
        assertEquals(SampleCases.Inner.class.getName(), inner.getMetadataMap().get("class"));

        TestSuiteRun deeper = suiteBegin(events, suiteIdOf(deeperUid));
        assertEquals(SuiteType.SUBSUITE, deeper.getType());
        assertEquals(suiteIdOf(innerUid), deeper.getParentSuiteId());

        TestCaseRun deepest = testEnd(events, "passesDeeper");
        assertEquals(suiteIdOf(deeperUid), deepest.getTestSuiteId());
        assertEquals(SampleCases.Inner.Deeper.class.getName(), deepest.getMetadataMap().get("class"));
        assertEquals(suiteIdOf(innerUid), testEnd(events, "passesInside").getTestSuiteId());

        assertEquals(TestStatus.PASSED, suiteEnd(events, suiteIdOf(innerUid)).getStatus());
        assertEquals(TestStatus.PASSED, suiteEnd(events, suiteIdOf(deeperUid)).getStatus());
    }

    @Test
    void parameterizedAndFactoryMethodsAreSubsuitesHoldingTheirInvocations() {
        List<Event> events = run(SampleCases.class);
        String classUid = classUniqueId(SampleCases.class);

        String parameterizedUid = classUid + "/[test-template:isParameterized(java.lang.String)]";
        TestSuiteRun parameterized = suiteBegin(events, suiteIdOf(parameterizedUid));
        assertEquals(SuiteType.SUBSUITE, parameterized.getType());
        assertEquals(suiteIdOf(classUid), parameterized.getParentSuiteId());
        List<TestCaseRun> invocations = testEnds(events,
                t -> "isParameterized".equals(t.getMetadataMap().get("method")));
        assertEquals(2, invocations.size());
        for (TestCaseRun invocation : invocations) {
            assertEquals(suiteIdOf(parameterizedUid), invocation.getTestSuiteId());
            assertEquals(TestStatus.PASSED, invocation.getStatus());
            assertEquals(SampleCases.class.getName(), invocation.getMetadataMap().get("class"));
        }
        assertNotEquals(invocations.get(0).getId(), invocations.get(1).getId());
        assertEquals(TestStatus.PASSED, suiteEnd(events, suiteIdOf(parameterizedUid)).getStatus());

        String factoryUid = classUid + "/[test-factory:isAFactory()]";
        TestSuiteRun factory = suiteBegin(events, suiteIdOf(factoryUid));
        assertEquals(SuiteType.SUBSUITE, factory.getType());
        assertEquals(suiteIdOf(classUid), factory.getParentSuiteId());
        List<TestCaseRun> dynamic = testEnds(events, t -> suiteIdOf(factoryUid).equals(t.getTestSuiteId()));
        assertEquals(Arrays.asList("first", "second"),
                dynamic.stream().map(TestCaseRun::getName).collect(Collectors.toList()));
        for (TestCaseRun test : dynamic) {
            assertEquals("isAFactory", test.getMetadataMap().get("method"), "the factory is where it comes from");
            assertEquals(TestStatus.PASSED, test.getStatus());
        }
    }

    @Test
    void aDisabledNestedClassBeginsAndEndsSkippedWithItsTests() {
        List<Event> events = run(SampleCases.class);
        String offUid = classUniqueId(SampleCases.class) + "/[nested-class:Off]";
        String offId = suiteIdOf(offUid);

        assertEquals(Arrays.asList(PayloadCase.SUITE_BEGIN, PayloadCase.SUITE_END), kinds(events, offId));
        assertEquals(SuiteType.SUBSUITE, suiteBegin(events, offId).getType());
        TestSuiteRun end = suiteEnd(events, offId);
        assertEquals(TestStatus.SKIPPED, end.getStatus());
        assertEquals("whole group off", end.getMetadataMap().get("skip_reason"));

        TestCaseRun neverRuns = testEnd(events, "neverRuns");
        assertEquals(TestStatus.SKIPPED, neverRuns.getStatus());
        assertEquals(offId, neverRuns.getTestSuiteId());
        assertEquals(Ids.of(KEY, offUid + "/[method:neverRuns()]"), neverRuns.getId());
        assertTrue(index(events, PayloadCase.SUITE_BEGIN, offId) < index(events, PayloadCase.TEST_BEGIN, neverRuns.getId()));
        assertTrue(index(events, PayloadCase.TEST_END, neverRuns.getId()) < index(events, PayloadCase.SUITE_END, offId));
    }

    @Test
    void everySuiteBeginsBeforeAndEndsAfterAllItHolds() {
        List<Event> events = run(SampleCases.class);

        Map<String, Integer> suiteBegins = new HashMap<>();
        Map<String, Integer> suiteEnds = new HashMap<>();
        Map<String, Integer> testBegins = new HashMap<>();
        Map<String, Integer> testEnds = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            Map<String, Integer> seen = event.hasSuiteBegin() ? suiteBegins : event.hasSuiteEnd() ? suiteEnds
                    : event.hasTestBegin() ? testBegins : event.hasTestEnd() ? testEnds : null;
            if (seen != null) {
                assertEquals(null, seen.put(idOf(event), i), "one " + event.getPayloadCase() + " per id");
            }
        }
        assertEquals(suiteBegins.keySet(), suiteEnds.keySet(), "every suite that begins ends");
        assertEquals(testBegins.keySet(), testEnds.keySet(), "every test that begins ends");
        assertEquals(12, testEnds.size(), "5 methods, 2 invocations, 2 dynamic tests, 3 in nested classes");
        assertEquals(6, suiteEnds.size(), "class, Inner, Deeper, Off, parameterized, factory");

        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            String id = idOf(event);
            if (event.hasTestBegin() || event.hasTestEnd() || event.hasSuiteBegin() || event.hasSuiteEnd()) {
                Map<String, Integer> begins = event.hasTestBegin() || event.hasTestEnd() ? testBegins : suiteBegins;
                Map<String, Integer> ends = event.hasTestBegin() || event.hasTestEnd() ? testEnds : suiteEnds;
                assertTrue(begins.get(id) <= i && i <= ends.get(id), "within its own begin and end: " + event);
            } else {
                assertTrue(testBegins.get(id) < i && i < testEnds.get(id), "between its test's begin and end");
            }
            String holder = holderOf(event);
            if (holder != null && !holder.isEmpty()) {
                assertTrue(suiteBegins.containsKey(holder), "the holder is a suite of this run: " + event);
                assertTrue(suiteBegins.get(holder) < i, "holder begins before " + event);
                assertTrue(i < suiteEnds.get(holder), "holder ends after " + event);
            } else if (holder != null) {
                assertEquals(SuiteType.FILE, event.hasSuiteBegin() ? event.getSuiteBegin().getSuite().getType()
                        : event.getSuiteEnd().getSuite().getType(), "only a FILE suite has no parent");
            }
        }
    }

    @Test
    void aClassWhoseSetupFailsEndsBrokenAndSaysWhy() {
        List<Event> events = run(BrokenSetup.class);
        String classId = suiteIdOf(classUniqueId(BrokenSetup.class));

        assertEquals(Arrays.asList(PayloadCase.SUITE_BEGIN, PayloadCase.SUITE_END), kinds(events, classId));
        TestSuiteRun end = suiteEnd(events, classId);
        assertEquals(SuiteType.FILE, end.getType());
        assertEquals(TestStatus.BROKEN, end.getStatus());
        assertEquals("no database", end.getMetadataMap().get("error_message"));
        assertTrue(end.getMetadataMap().get("stack_trace").contains("IllegalStateException"));
    }

    @Test
    void aClassWhoseSetupFailsIsOneBrokenTestOfThatClassAsSurefireCountsIt() {
        List<Event> events = run(BrokenSetup.class);
        String classId = suiteIdOf(classUniqueId(BrokenSetup.class));

        List<TestCaseRun> ends = testEnds(events, t -> true);
        assertEquals(1, ends.size(), "one test for the class; JUnit never started wouldPass");
        TestCaseRun classFailure = ends.get(0);
        assertEquals(TestStatus.BROKEN, classFailure.getStatus());
        assertEquals(classId, classFailure.getTestSuiteId());
        assertNotEquals(classId, classFailure.getId());
        assertEquals(BrokenSetup.class.getName(), classFailure.getMetadataMap().get("class"));
        assertEquals("true", classFailure.getMetadataMap().get("class_failure"));
        assertEquals("no database", classFailure.getErrorMessage());
        assertEquals(Arrays.asList(PayloadCase.TEST_BEGIN, PayloadCase.TEST_ERROR, PayloadCase.TEST_END),
                kinds(events, classFailure.getId()));
        assertTrue(index(events, PayloadCase.TEST_END, classFailure.getId()) < index(events, PayloadCase.SUITE_END, classId));
    }

    @Test
    void aRerunInANewPlanIsTheNextAttemptOfTheSameTestAndAPassAfterAFailureIsFlaky() {
        FailsOnce.RUNS.set(0);
        Forwarding forwarding = new Forwarding();
        run(forwarding, selectClass(FailsOnce.class), true);
        String uniqueId = classUniqueId(FailsOnce.class) + "/[method:failsTheFirstTime()]";
        // Surefire's rerun: a new discovery request for the failed test's unique id, a new plan.
        run(forwarding, selectUniqueId(uniqueId), true);
        List<Event> events = new ArrayList<>(forwarding.events);

        String id = Ids.of(KEY, uniqueId);
        List<TestCaseRun> attempts = testEnds(events, t -> t.getId().equals(id));
        assertEquals(2, attempts.size());
        assertEquals(Arrays.asList(0, 1), attempts.stream().map(TestCaseRun::getRetryIndex).collect(Collectors.toList()));
        assertEquals(Arrays.asList(TestStatus.FAILED, TestStatus.PASSED),
                attempts.stream().map(TestCaseRun::getStatus).collect(Collectors.toList()));
        assertNotEquals(attempts.get(0).getExecutionId(), attempts.get(1).getExecutionId());
        assertEquals(Ids.of(KEY, uniqueId + "#0"), attempts.get(0).getExecutionId());
        assertEquals(Ids.of(KEY, uniqueId + "#1"), attempts.get(1).getExecutionId());
        assertFalse(attempts.get(0).getMetadataMap().containsKey("flaky"));
        assertEquals("true", attempts.get(1).getMetadataMap().get("flaky"));

        List<TestCaseRun> begins = events.stream().filter(Event::hasTestBegin).map(e -> e.getTestBegin().getTestCase())
                .filter(t -> t.getId().equals(id)).collect(Collectors.toList());
        assertEquals(Arrays.asList(0, 1), begins.stream().map(TestCaseRun::getRetryIndex).collect(Collectors.toList()));
        assertEquals(attempts.get(0).getExecutionId(), begins.get(0).getExecutionId());
        Event failure = events.get(index(events, PayloadCase.TEST_FAILURE, id));
        assertEquals(0, failure.getTestFailure().getRetryIndex());
        assertEquals(attempts.get(0).getExecutionId(), failure.getTestFailure().getExecutionId());

        TestCaseRun passes = testEnd(events, "passes");
        assertEquals(0, passes.getRetryIndex(), "not rerun");
        assertFalse(passes.getMetadataMap().containsKey("flaky"));

        List<TestSuiteRun> classEnds = events.stream().filter(Event::hasSuiteEnd).map(e -> e.getSuiteEnd().getSuite())
                .collect(Collectors.toList());
        assertEquals(2, classEnds.size(), "the class runs again around its rerun test");
        assertEquals(classEnds.get(0).getId(), classEnds.get(1).getId());
        assertNotEquals(classEnds.get(0).getExecutionId(), classEnds.get(1).getExecutionId());
        assertEquals(Arrays.asList(TestStatus.FAILED, TestStatus.PASSED),
                classEnds.stream().map(TestSuiteRun::getStatus).collect(Collectors.toList()));
    }

    @Test
    void aDisabledClassIsASkippedFileSuiteWithEverythingItHolds() {
        // Without this test's go-ahead the fixture is disabled as a whole: this is also what keeps
        // it quiet when an IDE picks up the nested class on its own.
        List<Event> events = run(SampleCases.class, false);
        String classId = suiteIdOf(classUniqueId(SampleCases.class));

        assertEquals(0, index(events, PayloadCase.SUITE_BEGIN, classId));
        assertEquals(events.size() - 1, index(events, PayloadCase.SUITE_END, classId));
        TestSuiteRun end = suiteEnd(events, classId);
        assertEquals(SuiteType.FILE, end.getType());
        assertEquals(TestStatus.SKIPPED, end.getStatus());
        assertEquals("a fixture of ExecutionEventsTest", end.getMetadataMap().get("skip_reason"));

        assertFalse(events.stream().anyMatch(e -> e.hasTestFailure() || e.hasTestError()));
        List<TestCaseRun> tests = testEnds(events, t -> true);
        assertFalse(tests.isEmpty());
        for (TestCaseRun test : tests) {
            assertEquals(TestStatus.SKIPPED, test.getStatus(), test.getName());
            assertEquals("a fixture of ExecutionEventsTest", test.getMetadataMap().get("skip_reason"));
        }
        assertEquals(suiteIdOf(classUniqueId(SampleCases.class) + "/[nested-class:Inner]/[nested-class:Deeper]"),
                testEnd(events, "passesDeeper").getTestSuiteId());
        for (Event event : events) {
            if (event.hasSuiteEnd()) {
                assertEquals(TestStatus.SKIPPED, event.getSuiteEnd().getSuite().getStatus());
            }
        }
    }
}
