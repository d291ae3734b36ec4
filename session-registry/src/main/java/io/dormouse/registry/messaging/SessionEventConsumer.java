package io.dormouse.registry.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionEvent;
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

    @Incoming(Channels.SESSION_EVENTS_IN)
    public Uni<Void> onEvent(String payload) {
        SessionEvent event = ProtocolJson.decode(payload, SessionEvent.class);
        return history.recordConsumed(event).chain(() -> LifecycleTranslator.transitionOf(event)
                .map(lifecycle::apply)
                .orElseGet(() -> Uni.createFrom().voidItem()));
    }
}
