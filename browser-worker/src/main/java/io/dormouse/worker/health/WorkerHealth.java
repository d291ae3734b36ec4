package io.dormouse.worker.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import io.dormouse.worker.browser.BrowserRuntime;
import io.dormouse.worker.browser.SessionContexts;
import io.dormouse.worker.messaging.SessionOwnership;
import io.dormouse.worker.service.WorkerIdentity;
import io.smallrye.common.annotation.Identifier;

/** Liveness and readiness: a connected Chromium. Reports the contexts held and the action partitions owned. */
@ApplicationScoped
@Liveness
@Readiness
public class WorkerHealth implements HealthCheck {
    @Inject
    BrowserRuntime runtime;

    @Inject
    SessionContexts contexts;

    @Inject
    WorkerIdentity identity;

    @Inject
    @Identifier(SessionOwnership.IDENTIFIER)
    SessionOwnership ownership;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("chromium")
                .status(runtime.isConnected())
                .withData("workerId", identity.id().value())
                .withData("activeContexts", contexts.liveCount())
                .withData("ownedPartitions", ownership.owned().size())
                .build();
    }
}
