package com.stanterprise.listener;

/**
 * One attempt of a test under Surefire's JUnit 4 or TestNG provider, from its begin to its end:
 * the test's id (the same in every attempt), this attempt's own id, and what it published.
 */
class TestAttempt {

    final String uniqueId;
    final String id;
    final long startMicros;
    final Attempts.Attempt attempt;
    final String executionId;
    final Attachments attachments = new Attachments();

    TestAttempt(String executionKey, String uniqueId, long startMicros, Attempts.Attempt attempt) {
        this.uniqueId = uniqueId;
        this.id = Ids.of(executionKey, uniqueId);
        this.startMicros = startMicros;
        this.attempt = attempt;
        this.executionId = Ids.of(executionKey, uniqueId + "#" + attempt.index);
    }
}
