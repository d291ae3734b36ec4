package io.dormouse.registry.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.WorkerCommand;
import io.dormouse.registry.repository.OutboxEntity;
import io.dormouse.registry.service.ProfileCatalog;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Everything the registry produces, keyed by session id: worker commands on {@link Channels#SESSION_ACTIONS},
 * lifecycle events on {@link Channels#SESSION_EVENTS_OUT}, rejections on {@link Channels#SESSION_RESULTS_OUT}. Each
 * {@link Uni} completes when the broker acknowledged the record.
 */
@ApplicationScoped
public class RegistryPublisher {
    @Inject
    @Channel(Channels.SESSION_ACTIONS)
    MutinyEmitter<String> actions;

    @Inject
    @Channel(Channels.SESSION_EVENTS_OUT)
    MutinyEmitter<String> events;

    @Inject
    @Channel(Channels.SESSION_RESULTS_OUT)
    MutinyEmitter<String> results;

    @Inject
    ProfileCatalog profiles;

    /**
     * Sends {@code command} with its profile's current health settings, which the worker applies; the profile is the
     * session's {@code tenant}'s.
     */
    public Uni<Void> send(WorkerCommand command, String tenant) {
        return profiles.withProfileHealth(command, tenant)
                .chain(withHealth -> actions.sendMessage(keyed(command.sessionId(), withHealth)));
    }

    public Uni<Void> publish(SessionEvent event) {
        return events.sendMessage(keyed(event.sessionId(), event));
    }

    public Uni<Void> publish(ActionOutcome outcome) {
        return results.sendMessage(keyed(outcome.sessionId(), outcome));
    }

    /** An outbox message, already encoded, to its destination. */
    public Uni<Void> publishRaw(OutboxEntity.Destination destination, String key, String payload) {
        Message<String> message = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        return switch (destination) {
            case EVENTS -> events.sendMessage(message);
            case ACTIONS -> actions.sendMessage(message);
        };
    }

    private static Message<String> keyed(SessionId key, Object payload) {
        return Message.of(ProtocolJson.encode(payload))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key.value()).build());
    }
}
