package io.dormouse.monitor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.monitor.service.FleetView;
import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.WorkerHeartbeat;

/**
 * Feeds heartbeats ({@code worker-heartbeats}) and context samples ({@code session-metrics}) into the {@link FleetView}.
 * Failure strategy: dead-letter topic per channel; a payload that does not decode goes there with its reason.
 */
@ApplicationScoped
public class TelemetryConsumer {
    public static final String WORKER_HEARTBEATS = "worker-heartbeats";
    public static final String SESSION_METRICS = "session-metrics";

    @Inject
    FleetView fleet;

    @Incoming(WORKER_HEARTBEATS)
    public void onHeartbeat(String payload) {
        fleet.record(ProtocolJson.decode(payload, WorkerHeartbeat.class));
    }

    @Incoming(SESSION_METRICS)
    public void onMetrics(String payload) {
        fleet.record(ProtocolJson.decode(payload, ContextMetrics.class));
    }
}
