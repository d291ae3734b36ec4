package io.dormouse.registry.messaging;

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
import io.dormouse.registry.repository.DatabaseFailures;
import io.dormouse.registry.service.HealthTags;
import io.dormouse.registry.service.LifecycleService;
import io.dormouse.registry.service.LifecycleTranslator;
import io.dormouse.registry.service.SessionHistory;
import io.smallrye.mutiny.Uni;

/**
 * Keeps the lifecycle view and the session journal from {@link Channels#SESSION_EVENTS_IN}. Failure strategy: dead-letter topic; a payload
 * that does not decode goes there with its reason and consumption continues.
 */
@ApplicationScoped
public class SessionEventConsumer {
    @Inject
    LifecycleService lifecycle;

    @Inject
    SessionHistory history;

    @Inject
    HealthTags healthTags;

    @Incoming(Channels.SESSION_EVENTS_IN)
    public Uni<Void> onEvent(String payload) {
        return switch (ProtocolJson.decode(payload, DormouseEvent.class)) {
            case SessionEvent event -> DatabaseFailures.untilAvailable("event " + event.getClass().getSimpleName()
                    + " of " + event.sessionId(),
                    () -> history.recordConsumed(event).chain(() -> LifecycleTranslator
                            .transitionOf(event).map(lifecycle::apply).orElseGet(() -> Uni.createFrom().voidItem()))
                            .chain(() -> healthTags.apply(event)));
            // The registry announced it itself and holds the tiers in its database.
            case HibernationTiersConfigured tiers -> Uni.createFrom().voidItem();
            case ActionOutcome misplaced -> Uni.createFrom().failure(
                    new IllegalArgumentException("an outcome on the events topic"));
            case ContextMetrics misplaced -> Uni.createFrom().failure(
                    new IllegalArgumentException("metrics on the events topic"));
            case WorkerHeartbeat misplaced -> Uni.createFrom().failure(
                    new IllegalArgumentException("a heartbeat on the events topic"));
            case WorkerLost lost -> DatabaseFailures.untilAvailable("worker-lost", () -> lifecycle.workerLost(lost));
        };
    }
}
