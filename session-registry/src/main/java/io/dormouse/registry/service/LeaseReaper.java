package io.dormouse.registry.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Returns sessions whose pool lease ran out to their pool, each with a {@code SessionReleased} (expired) event. */
@ApplicationScoped
public class LeaseReaper {
    private static final Logger LOG = Logger.getLogger(LeaseReaper.class);

    @Inject
    SessionService sessions;

    @Scheduled(every = "${dormouse.registry.lease-check-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expire() {
        return sessions.expireLeases()
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("%d pool leases expired; their sessions are back in their pools", count);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("lease expiry failed, next round retries: %s",
                        failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
