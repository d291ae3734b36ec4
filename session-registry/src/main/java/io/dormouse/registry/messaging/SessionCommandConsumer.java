package io.dormouse.registry.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.registry.service.CommandIntake;
import io.smallrye.mutiny.Uni;

/**
 * The Kafka command API: clients produce {@link SessionCommand}s to {@link Channels#SESSION_COMMANDS}. Failure
 * strategy: dead-letter topic for payloads that do not decode; a well-formed command the registry refuses is answered
 * with an {@code ActionFailed} on the results topic instead.
 */
@ApplicationScoped
public class SessionCommandConsumer {
    @Inject
    CommandIntake intake;

    @Incoming(Channels.SESSION_COMMANDS)
    public Uni<Void> onCommand(String payload) {
        return intake.accept(ProtocolJson.decode(payload, SessionCommand.class));
    }
}
