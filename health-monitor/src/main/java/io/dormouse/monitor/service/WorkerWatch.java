package io.dormouse.monitor.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.monitor.messaging.MonitorPublisher;
import io.dormouse.protocol.WorkerHeartbeat;
import io.dormouse.protocol.WorkerLost;
import io.quarkus.scheduler.Scheduled;

/** Announces {@code WorkerLost} for each worker whose heartbeats stopped, checked every second. */
@ApplicationScoped
public class WorkerWatch {
    private static final Logger LOG = Logger.getLogger(WorkerWatch.class);

    @Inject
    FleetView fleet;

    @Inject
    MonitorPublisher publisher;

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void announceLostWorkers() {
        for (WorkerHeartbeat last : fleet.newlyLost()) {
            LOG.warnf("worker %s lost: no heartbeat since %s", last.workerId(), last.occurredAt());
            publisher.workerLost(WorkerLost.of(last.workerId(), last.occurredAt(), last.activeContexts()));
        }
    }
}
