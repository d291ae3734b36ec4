package io.dormouse.worker.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.protocol.SessionId;
import io.dormouse.worker.browser.BrowserRuntime;
import io.dormouse.worker.browser.CheckpointTracking;
import io.dormouse.worker.browser.SessionContexts;
import io.dormouse.worker.browser.WarmPool;
import io.dormouse.worker.config.WorkerConfig;
import io.dormouse.worker.messaging.CommandDispatcher;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the worker's footprint bounded and its sessions recoverable: checkpoints sessions that changed, hibernates
 * sessions idle past {@code hibernate-after}, and restarts Chromium when its memory passes
 * {@code browser.memory-limit}, after checkpointing every context so nothing is lost.
 */
@ApplicationScoped
public class ResourceGuard {
    private static final Logger LOG = Logger.getLogger(ResourceGuard.class);

    @Inject
    WorkerConfig config;

    @Inject
    SessionContexts contexts;

    @Inject
    CheckpointTracking checkpoints;

    @Inject
    WorkerService worker;

    @Inject
    BrowserRuntime runtime;

    @Inject
    SessionLocks locks;

    @Inject
    WarmPool warmPool;

    @Inject
    CommandDispatcher dispatcher;

    @Scheduled(every = "${dormouse.worker.idle-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hibernateIdleSessions() {
        if (config.hibernateAfter().isZero()) {
            return;
        }
        for (SessionId id : contexts.idleLongerThan(config.hibernateAfter())) {
            try {
                worker.release(id, "idle");
            } catch (RuntimeException e) {
                LOG.errorf(e, "idle session %s could not be hibernated; it stays live", id);
            }
        }
    }

    /**
     * Keeps the warm pool full. Creating a context holds the Playwright thread for a few hundred milliseconds, so it
     * happens only when no command is queued or running.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void warmUp() {
        while (dispatcher.inFlight() == 0 && runtime.isConnected() && warmPool.topUp(config.warmContexts())) {
            LOG.debugf("warm pool now holds %d contexts", warmPool.size());
        }
    }

    /** Checkpoints keep what a worker killed without warning can lose down to the last few seconds. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkpointChangedSessions() {
        for (SessionId id : checkpoints.dueForCheckpoint(config.checkpointDebounce(), config.checkpointInterval())) {
            try {
                worker.checkpoint(id);
            } catch (RuntimeException e) {
                LOG.warnf("checkpoint of session %s failed, next round retries: %s", id, e.getMessage());
            }
        }
    }

    @Scheduled(every = "${dormouse.worker.memory-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void enforceMemoryLimit() {
        config.browser().memoryLimit().ifPresent(limit -> {
            long used = runtime.residentBytes();
            if (used > limit.asLongValue()) {
                LOG.warnf("Chromium uses %d MB, over the limit of %d MB: checkpointing %d sessions and restarting it",
                        used >> 20, limit.asLongValue() >> 20, contexts.liveCount());
                locks.withAllLocks(this::checkpointAllAndRestart);
            }
        });
    }

    /** Runs with every session locked, so no command touches the browser while it restarts. */
    private void checkpointAllAndRestart() {
        List<SessionId> live = contexts.liveSessions();
        for (SessionId id : live) {
            try {
                worker.release(id, "memory");
            } catch (RuntimeException e) {
                LOG.errorf(e, "session %s could not be checkpointed; not restarting Chromium this time", id);
                return;
            }
        }
        warmPool.discardAll();
        runtime.restart();
    }
}
