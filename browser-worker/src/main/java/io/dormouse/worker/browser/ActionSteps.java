package io.dormouse.worker.browser;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

import com.microsoft.playwright.Page;

import io.dormouse.worker.policy.NavigationPolicy;

/**
 * What every step of one action shares: the session, the policy, and the action's deadline. A step touches Playwright
 * only through {@link #call} (one short hop to the Playwright thread) and waits only through {@link #poll}; the first
 * hop of an action first checks the session's tabs against the policy ({@link PageGuard}), so the check costs no hop
 * of its own. Used by the one thread that runs the action.
 */
final class ActionSteps {
    final BrowserRuntime runtime;
    final NavigationPolicy policy;
    final LiveSession session;
    /** The longest JSON an evaluation may hand back; longer fails in the page. */
    final int maxResultChars;
    private final long deadlineNanos;
    /** Written on the Playwright thread, read by the action's thread once the hop that wrote it returned. */
    private volatile boolean guarded;

    ActionSteps(BrowserRuntime runtime, NavigationPolicy policy, LiveSession session, double timeoutMillis,
            int maxResultChars) {
        this.runtime = runtime;
        this.policy = policy;
        this.session = session;
        this.maxResultChars = maxResultChars;
        this.deadlineNanos = System.nanoTime() + (long) (timeoutMillis * 1_000_000);
    }

    /** One step on the Playwright thread. */
    <T> T call(Supplier<T> step) {
        if (guarded) {
            return runtime.call(step::get);
        }
        return runtime.call(() -> {
            PageGuard.enforce(session, policy);
            guarded = true;
            return step.get();
        });
    }

    /**
     * Polls {@code check} on the Playwright thread until it gives a value or the action's deadline passes, then
     * throws what {@code onTimeout} gives.
     */
    <T> T poll(Callable<Optional<T>> check, Supplier<RuntimeException> onTimeout) {
        if (guarded) {
            return runtime.poll(check, remaining(), onTimeout);
        }
        return runtime.poll(() -> {
            if (!guarded) {
                PageGuard.enforce(session, policy);
                guarded = true;
            }
            return check.call();
        }, remaining(), onTimeout);
    }

    /** One step on the session's active page. */
    <T> T onPage(Function<Page, T> step) {
        return call(() -> step.apply(session.page()));
    }

    /** One step whose value does not matter. */
    void run(Runnable step) {
        call(() -> {
            step.run();
            return null;
        });
    }

    /** The check after the action: whatever the action did, no tab is left on a URL the policy refuses. */
    void guardAfter() {
        runtime.call(() -> {
            PageGuard.enforce(session, policy);
            return null;
        });
    }

    long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    /** What is left of the budget; Playwright reads 0 as "no timeout", so never less than 1 ms. */
    double remaining() {
        return Math.max(1, remainingNanos() / 1_000_000.0);
    }
}
