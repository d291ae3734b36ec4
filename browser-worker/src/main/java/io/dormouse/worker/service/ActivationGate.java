package io.dormouse.worker.service;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.ActionError;
import io.dormouse.worker.browser.ActionException;
import io.dormouse.worker.config.WorkerConfig;

/**
 * Admits sessions to activation (a fresh or rehydrated context) a few at a time, first come first served. Without it
 * every waking session shares the Playwright thread step by step, so a burst of wakes finishes all together, each
 * caller waiting for all the others; with it a caller waits only for the wakes that arrived before its own.
 */
@ApplicationScoped
public class ActivationGate {
    private final Semaphore turns;

    @Inject
    public ActivationGate(WorkerConfig config) {
        this(config.concurrentActivations());
    }

    ActivationGate(int concurrent) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("dormouse.worker.concurrent-activations must be at least 1, got "
                    + concurrent);
        }
        turns = new Semaphore(concurrent, true);
    }

    /** The caller's turn to activate; closing it lets the next one in. */
    public interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for a turn at most {@code budgetMillis}, the time the command has left; past it the command fails with
     * {@code timeout} without having touched the browser.
     */
    public Turn enter(long budgetMillis) {
        boolean admitted;
        try {
            admitted = turns.tryAcquire(Math.max(1, budgetMillis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionException(ActionError.TIMEOUT, "interrupted while waiting to be activated", e);
        }
        if (!admitted) {
            throw new ActionException(ActionError.TIMEOUT, "the worker was busy activating other sessions for "
                    + budgetMillis + " ms, the command's whole budget; not executed");
        }
        return turns::release;
    }

    /** Sessions waiting for a turn now. */
    public int waiting() {
        return turns.getQueueLength();
    }
}
