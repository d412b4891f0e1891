package com.stanterprise.listener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often each test and container has run in this JVM, so that a rerun is a new attempt of
 * the same test. Surefire's {@code rerunFailingTestsCount} runs the failed tests again with a new
 * discovery request on the same launcher: a new test plan in the same JVM, whose tests have the
 * unique ids they had before. A test plan knows nothing of the plans before it, so the count
 * outlives them: {@link #IN_THIS_JVM} is per class loader, that is per test JVM, or per
 * Surefire execution when tests run in the Maven JVM (forkCount 0), which gives each execution a
 * class loader of its own; keys hold the execution's key all the same. One small entry per test
 * that ran, like Surefire's own bookkeeping of failures.
 */
final class Attempts {

    /** The attempts of every test that ran in this class loader. */
    static final Attempts IN_THIS_JVM = new Attempts();

    /**
     * By execution key, then by unique id: the unique id is JUnit's own string, whose hash is
     * computed once, where a key of both was a new string to hash on every test begin.
     */
    private final Map<String, Map<String, Attempt>> attempts = new ConcurrentHashMap<>();

    /** One test's (or container's) attempts so far. */
    static final class Attempt {
        final int index;
        final boolean earlierFailed;

        private Attempt(int index, boolean earlierFailed) {
            this.index = index;
            this.earlierFailed = earlierFailed;
        }
    }

    /** Another attempt of this test begins: index 0 the first time, then 1, 2 ... */
    Attempt next(String executionKey, String uniqueId) {
        return of(executionKey).compute(uniqueId, (k, before) -> before == null
                ? new Attempt(0, false) : new Attempt(before.index + 1, before.earlierFailed));
    }

    /** The attempt that is running failed: a later attempt that passes is flaky. */
    void failed(String executionKey, String uniqueId) {
        of(executionKey).computeIfPresent(uniqueId, (k, current) -> new Attempt(current.index, true));
    }

    private Map<String, Attempt> of(String executionKey) {
        return attempts.computeIfAbsent(executionKey, key -> new ConcurrentHashMap<>());
    }
}
