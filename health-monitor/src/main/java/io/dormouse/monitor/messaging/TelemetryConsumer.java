package io.dormouse.monitor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.monitor.service.FleetView;
import io.dormouse.monitor.service.HealthRules;
import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.WorkerHeartbeat;
import io.smallrye.common.annotation.Blocking;

/**
 * Feeds heartbeats ({@code worker-heartbeats}) and context samples ({@code session-metrics}) into the {@link FleetView},
 * and samples into the {@link HealthRules}.
 * Failure strategy: dead-letter topic per channel; a payload that does not decode goes there with its reason.
 */
@ApplicationScoped
public class TelemetryConsumer {
    public static final String WORKER_HEARTBEATS = "worker-heartbeats";
    public static final String SESSION_METRICS = "session-metrics";

    @Inject
    FleetView fleet;

    @Inject
    HealthRules rules;

    @Incoming(WORKER_HEARTBEATS)
    public void onHeartbeat(String payload) {
        fleet.record(ProtocolJson.decode(payload, WorkerHeartbeat.class));
    }

    @Incoming(SESSION_METRICS)
    @Blocking
    public void onMetrics(String payload) {
        ContextMetrics sample = ProtocolJson.decode(payload, ContextMetrics.class);
        fleet.record(sample);
        rules.onMetrics(sample);
    }
}
