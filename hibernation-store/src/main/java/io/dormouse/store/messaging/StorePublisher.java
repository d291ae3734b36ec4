package io.dormouse.store.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.protocol.SessionEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * What the store produces: {@code SnapshotMoved} and {@code SnapshotCorrupted} on {@value #SNAPSHOT_EVENTS} (the events
 * topic), and {@code HibernateSession} for idle sessions on {@value #SESSION_COMMANDS} (the registry's command topic),
 * marked as issued by the store. Each send returns once the broker has the record.
 */
@ApplicationScoped
public class StorePublisher {
    public static final String SNAPSHOT_EVENTS = "snapshot-events";
    public static final String SESSION_COMMANDS = "session-commands";
    public static final String ISSUER = "hibernation-store";

    @Inject
    @Channel(SNAPSHOT_EVENTS)
    MutinyEmitter<String> events;

    @Inject
    @Channel(SESSION_COMMANDS)
    MutinyEmitter<String> commands;

    public void publish(SessionEvent event) {
        events.sendMessageAndAwait(Message.of(ProtocolJson.encode(event)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.sessionId().value()).build()));
    }

    public void send(SessionCommand command) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(io.dormouse.protocol.RecordHeaders.ISSUER, ISSUER.getBytes(StandardCharsets.UTF_8));
        commands.sendMessageAndAwait(Message.of(ProtocolJson.encode(command))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(command.sessionId().value())
                        .withHeaders(headers).build()));
    }
}
