package io.dormouse.store.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.DormouseEvent;
import io.dormouse.protocol.HibernationTiersConfigured;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.WorkerHeartbeat;
import io.dormouse.protocol.WorkerLost;
import io.dormouse.store.service.SnapshotLifecycle;
import io.smallrye.common.annotation.Blocking;

/**
 * Follows {@code session-events} to drop the snapshots of deleted sessions. Failure strategy: dead-letter topic; a
 * payload that does not decode goes there with its reason and consumption continues.
 */
@ApplicationScoped
public class SessionEventConsumer {
    public static final String SESSION_EVENTS = "session-events";

    @Inject
    SnapshotLifecycle lifecycle;

    @Incoming(SESSION_EVENTS)
    @Blocking
    public void onEvent(String payload) {
        switch (ProtocolJson.decode(payload, DormouseEvent.class)) {
            case SessionEvent event -> lifecycle.on(event);
            case HibernationTiersConfigured tiers -> lifecycle.tiersConfigured(tiers);
            case ActionOutcome misplaced -> throw new IllegalArgumentException("an outcome on the events topic");
            case ContextMetrics misplaced -> throw new IllegalArgumentException("metrics on the events topic");
            case WorkerHeartbeat misplaced -> throw new IllegalArgumentException("a heartbeat on the events topic");
            case WorkerLost ignored -> {
            }
        }
    }
}
