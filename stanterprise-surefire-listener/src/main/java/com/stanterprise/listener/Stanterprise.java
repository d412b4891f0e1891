package com.stanterprise.listener;

/**
 * Steps and attachments, for test code. A step is a named part of a test; steps nest, and each
 * one reaches the collector as a begin and an end, with its status, duration and attachments:
 *
 * <pre>{@code
 * Receipt receipt = Stanterprise.step("pay the invoice", () -> {
 *     Stanterprise.step("open the invoice", () -> invoices.open("INV-42"));
 *     return Stanterprise.step("confirm the payment", () -> payments.confirm("INV-42"));
 * });
 * Stanterprise.attach("receipt.json", "application/json", receipt.toJson().getBytes(UTF_8));
 * }</pre>
 *
 * <p>A step belongs to the test that runs on the calling thread. When no test is reporting there
 * (the build has no Stanterprise extension, the call comes from another thread, or from a
 * {@code @BeforeAll} method), a step simply runs its body and an attachment is ignored: the cost
 * is one field read.
 *
 * <p>A step whose body throws ends FAILED (an {@link AssertionError}), SKIPPED (a failed
 * assumption) or BROKEN (anything else), and the step rethrows the very same exception, checked
 * or not, so that the test fails exactly as it would without the step.
 */
public final class Stanterprise {

    /** A step's body that returns a result. */
    @FunctionalInterface
    public interface ThrowingSupplier<T> {
        T get() throws Throwable;
    }

    /** A step's body without a result. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Throwable;
    }

    private Stanterprise() {
    }

    /** Runs {@code body} as a step named {@code title}, inside the innermost step open on this thread. */
    public static <T> T step(String title, ThrowingSupplier<T> body) {
        Steps steps = Steps.active;
        try {
            return steps == null ? body.get() : steps.step(title, body);
        } catch (Throwable thrown) {
            throw Stanterprise.<RuntimeException>unchecked(thrown);
        }
    }

    /** Runs {@code body} as a step named {@code title}, inside the innermost step open on this thread. */
    public static void step(String title, ThrowingRunnable body) {
        Steps steps = Steps.active;
        try {
            if (steps == null) {
                body.run();
            } else {
                steps.step(title, () -> {
                    body.run();
                    return null;
                });
            }
        } catch (Throwable thrown) {
            throw Stanterprise.<RuntimeException>unchecked(thrown);
        }
    }

    /**
     * Attaches {@code content} to the innermost step open on this thread, or else to the test.
     * It is sent inline when it fits (at most 256 KiB, and 512 KiB per step or test); one that
     * does not fit arrives as an empty attachment named {@code "<name> (too large: <n> bytes)"}.
     *
     * @param mimeType for example {@code "image/png"}, {@code "text/plain"}, {@code "application/json"}
     */
    public static void attach(String name, String mimeType, byte[] content) {
        Steps steps = Steps.active;
        if (steps != null) {
            steps.attach(name, mimeType, content);
        }
    }

    /** Throws {@code thrown} as it is: a checked exception passes without being wrapped. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E unchecked(Throwable thrown) throws E {
        throw (E) thrown;
    }
}
