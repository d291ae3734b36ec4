package io.dormouse.store.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/** Runs {@link SnapshotService#age} every {@code dormouse.store.aging-interval}. */
@ApplicationScoped
public class SnapshotAging {
    private static final Logger LOG = Logger.getLogger(SnapshotAging.class);

    @Inject
    SnapshotService snapshots;

    // Not while starting or stopping: Redis may not be up yet, or already closed.
    @Scheduled(every = "${dormouse.store.aging-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void age() {
        int moved = snapshots.age();
        if (moved > 0) {
            LOG.infof("aged %d sessions' snapshots one tier down", moved);
        }
    }
}
