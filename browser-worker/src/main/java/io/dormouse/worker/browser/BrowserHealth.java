package io.dormouse.worker.browser;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import io.dormouse.worker.service.WorkerIdentity;

/** The worker is only useful with a connected Chromium. */
@ApplicationScoped
@Liveness
@Readiness
public class BrowserHealth implements HealthCheck {
    @Inject
    BrowserRuntime runtime;

    @Inject
    SessionContexts contexts;

    @Inject
    WorkerIdentity identity;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("chromium")
                .status(runtime.isConnected())
                .withData("workerId", identity.id().value())
                .withData("activeContexts", contexts.liveCount())
                .build();
    }
}
