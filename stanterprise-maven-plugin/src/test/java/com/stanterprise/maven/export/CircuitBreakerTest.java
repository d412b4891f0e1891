package com.stanterprise.maven.export;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {

    @Test
    void opensAfterExactlyThresholdFailuresInARow() {
        CircuitBreaker breaker = new CircuitBreaker(3);

        assertFalse(breaker.isOpen());
        assertFalse(breaker.failure());
        assertFalse(breaker.isOpen());
        assertFalse(breaker.failure());
        assertFalse(breaker.isOpen());
        assertTrue(breaker.failure(), "the third failure opens it");
        assertTrue(breaker.isOpen());
    }

    @Test
    void onlyTheOpeningFailureSaysSo() {
        CircuitBreaker breaker = new CircuitBreaker(2);
        breaker.failure();
        assertTrue(breaker.failure());

        for (int i = 0; i < 5; i++) {
            assertFalse(breaker.failure(), "failure " + (i + 3) + " did not open it: it was open");
            assertTrue(breaker.isOpen());
        }
    }

    @Test
    void aSuccessStartsTheCountAgain() {
        CircuitBreaker breaker = new CircuitBreaker(3);

        assertFalse(breaker.failure());
        assertFalse(breaker.failure());
        breaker.success();
        assertFalse(breaker.failure());
        assertFalse(breaker.failure());
        assertFalse(breaker.isOpen(), "two in a row, not four");
        assertTrue(breaker.failure());
        assertTrue(breaker.isOpen());
    }

    @Test
    void aSuccessClosesItAndItCanOpenAgain() {
        CircuitBreaker breaker = new CircuitBreaker(1);
        assertTrue(breaker.failure());

        breaker.success();

        assertFalse(breaker.isOpen());
        assertTrue(breaker.failure(), "it opens again");
    }

    @Test
    void aThresholdOfOneOpensOnTheFirstFailure() {
        CircuitBreaker breaker = new CircuitBreaker(1);

        assertTrue(breaker.failure());
        assertTrue(breaker.isOpen());
    }

    @Test
    void successesAloneNeverOpenIt() {
        CircuitBreaker breaker = new CircuitBreaker(1);

        for (int i = 0; i < 10; i++) {
            breaker.success();
        }

        assertFalse(breaker.isOpen());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void exactlyOneOfManyConcurrentFailuresOpensIt() throws InterruptedException {
        int threads = 8;
        int failuresEach = 1_000;
        CircuitBreaker breaker = new CircuitBreaker(threads * failuresEach / 2);
        AtomicInteger openings = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < failuresEach; i++) {
                    if (breaker.failure()) {
                        openings.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }

        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertEquals(1, openings.get());
        assertTrue(breaker.isOpen());
    }
}
