package io.dormouse.worker.messaging;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.PageCrashed;
import io.dormouse.protocol.SessionIdle;
import io.dormouse.protocol.WorkerHeartbeat;
import io.dormouse.worker.browser.BrowserRuntime;
import io.dormouse.worker.browser.ContextSampling;
import io.dormouse.worker.browser.SessionContexts;
import io.dormouse.worker.cdp.CdpEndpoint;
import io.dormouse.worker.config.ContextCapacity;
import io.dormouse.worker.config.WorkerConfig;
import io.dormouse.worker.service.AuthProbing;
import io.dormouse.worker.service.WorkerIdentity;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Heartbeats on {@link Channels#WORKER_HEARTBEATS}, per-context samples on {@link Channels#SESSION_METRICS}, and the
 * {@code PageCrashed}, {@code SessionIdle} and {@code AuthProbed} health events on {@link Channels#SESSION_EVENTS}.
 */
@ApplicationScoped
public class Telemetry {
    @Inject
    WorkerIdentity identity;

    @Inject
    WorkerConfig config;

    @Inject
    ContextCapacity capacity;

    @Inject
    CdpEndpoint gateway;

    @Inject
    SessionContexts contexts;

    @Inject
    ContextSampling sampling;

    @Inject
    WorkerPublisher publisher;

    @Inject
    BrowserRuntime runtime;

    @Inject
    AuthProbing authProbing;

    private volatile boolean started;

    /**
     * The scheduler ticks as soon as it starts, possibly before the messaging channels are wired; this observer runs
     * after the messaging start-up observer.
     */
    void onStarted(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event) {
        started = true;
    }

    @Scheduled(every = "${dormouse.worker.heartbeat-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (!started) {
            return;
        }
        publisher.publish(WorkerHeartbeat.of(identity.id(), contexts.liveCount(), capacity.maxContexts(),
                config.heartbeatInterval().toMillis(), runtime.residentBytes(),
                gateway.advertisedAddress().orElse(null)));
    }

    @Scheduled(every = "${dormouse.worker.metrics-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sampleContexts() {
        if (!started) {
            return;
        }
        for (ContextSampling.ContextSample sample : sampling.sample()) {
            publisher.publish(ContextMetrics.of(sample.sessionId(), identity.id(), sample.sample()));
        }
    }

    /**
     * Auth probes are due when a session arrives on this worker and then every interval of its profile's probe; a
     * pass of their own, so a slow logged-in expression does not hold up crash announcements.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probeAuthentication() throws InterruptedException {
        if (!started || contexts.liveCount() == 0) {
            return;
        }
        authProbing.runDue().forEach(publisher::publish);
    }

    /** Crashes and idle thresholds are announced within about a second. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void announceCrashesAndIdleness() {
        if (!started || contexts.liveCount() == 0) {
            return;
        }
        for (ContextSampling.Crash crash : sampling.newCrashes()) {
            publisher.publish(PageCrashed.of(crash.sessionId(), identity.id(), crash.url(), crash.crashCount()));
        }
        for (SessionContexts.IdleCrossing idle : contexts.idleCrossings(config.idleThresholds())) {
            publisher.publish(SessionIdle.of(idle.sessionId(), identity.id(), idle.idleFor().toSeconds(),
                    idle.lastActiveAt(), idle.tier()));
        }
    }
}
