package io.sluice.tests.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a bound; never a bare sleep. */
public final class Wait {
    private static final long POLL_MS = 20;

    private Wait() {
    }

    /** Returns how long it took; fails naming {@code what} if it does not hold within {@code bound}. */
    public static Duration until(String what, Duration bound, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + bound + " waiting until " + what);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
