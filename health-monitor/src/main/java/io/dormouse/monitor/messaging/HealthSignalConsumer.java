package io.dormouse.monitor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.monitor.service.FleetView;
import io.dormouse.monitor.service.HealthRules;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.AuthProbed;
import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.DormouseEvent;
import io.dormouse.protocol.HibernationTiersConfigured;
import io.dormouse.protocol.PageCrashed;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionDeleted;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionHibernated;
import io.dormouse.protocol.WorkerHeartbeat;
import io.dormouse.protocol.WorkerLost;
import io.smallrye.common.annotation.Blocking;

/**
 * Feeds crashes, auth probes, hibernations and deletions ({@value #SESSION_EVENTS}) and action outcomes ({@value #SESSION_RESULTS}) into the
 * {@link HealthRules}. Failure strategy: dead-letter topic per channel; a payload that does not decode goes there with
 * its reason and consumption continues.
 */
@ApplicationScoped
public class HealthSignalConsumer {
    public static final String SESSION_EVENTS = "session-events";
    public static final String SESSION_RESULTS = "session-results";

    @Inject
    HealthRules rules;

    @Inject
    FleetView fleet;

    @Incoming(SESSION_EVENTS)
    @Blocking
    public void onEvent(String payload) {
        switch (ProtocolJson.decode(payload, DormouseEvent.class)) {
            case PageCrashed crash -> rules.onCrash(crash);
            case AuthProbed probed -> rules.onAuthProbed(probed);
            case SessionDeleted deleted -> {
                rules.forget(deleted.sessionId());
                fleet.contextClosed(deleted.sessionId(), deleted.occurredAt());
            }
            case SessionHibernated hibernated -> fleet.contextClosed(hibernated.sessionId(), hibernated.occurredAt());
            case SessionEvent other -> {
            }
            case HibernationTiersConfigured other -> {
            }
            case ActionOutcome misplaced -> throw new IllegalArgumentException("an outcome on the events topic");
            case ContextMetrics misplaced -> throw new IllegalArgumentException("metrics on the events topic");
            case WorkerHeartbeat misplaced -> throw new IllegalArgumentException("a heartbeat on the events topic");
            // The monitor announced it itself.
            case WorkerLost ignored -> {
            }
        }
    }

    @Incoming(SESSION_RESULTS)
    @Blocking
    public void onOutcome(String payload) {
        rules.onOutcome(ProtocolJson.decode(payload, ActionOutcome.class));
    }
}
