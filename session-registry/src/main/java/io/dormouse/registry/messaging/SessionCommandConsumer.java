package io.dormouse.registry.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.RecordHeaders;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.protocol.Topics;
import io.dormouse.registry.config.TopicsConfig;
import io.dormouse.registry.repository.DatabaseFailures;
import io.dormouse.registry.security.Caller;
import io.dormouse.registry.service.CommandIntake;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The Kafka command API. A tenant produces {@link SessionCommand}s to its own topic
 * ({@code dormouse.tenant.<tenant>.commands}, {@link Channels#TENANT_COMMANDS}), which only its principal may write:
 * the tenant is the topic's, never what a header says. Dormouse services (store, monitor) produce theirs to the
 * internal {@link Channels#SESSION_COMMANDS} topic, which only service principals may write. Failure strategy:
 * dead-letter topic for payloads that do not decode and records that claim another tenant; a well-formed command the
 * registry refuses is answered with an {@code ActionFailed} on the results topic instead.
 */
@ApplicationScoped
public class SessionCommandConsumer {
    @Inject
    CommandIntake intake;

    @Inject
    TopicsConfig topics;

    /** Service-issued: the broker's ACLs let only the store and the monitor write this topic. */
    @Incoming(Channels.SESSION_COMMANDS)
    public Uni<Void> onServiceCommand(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        SessionCommand command = ProtocolJson.decode(payload, SessionCommand.class);
        Header issuer = record.getHeaders().lastHeader(RecordHeaders.ISSUER);
        String from = issuer == null ? "an unnamed service" : new String(issuer.value(), StandardCharsets.UTF_8);
        return DatabaseFailures.untilAvailable("command " + command.commandId(),
                () -> intake.acceptFromService(command, from));
    }

    /** A tenant's: applied in the tenant whose topic it came on; an issuer header grants nothing here. */
    @Incoming(Channels.TENANT_COMMANDS)
    public Uni<Void> onTenantCommand(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        String tenant = Topics.tenantOf(topics.tenantPrefix(), record.getTopic(), Topics.TENANT_COMMANDS)
                .filter(Caller::isValidTenant)
                .orElseThrow(() -> new IllegalArgumentException("topic " + record.getTopic()
                        + " is not a tenant's command topic"));
        Header claimed = record.getHeaders().lastHeader(RecordHeaders.TENANT);
        if (claimed != null && !tenant.equals(new String(claimed.value(), StandardCharsets.UTF_8))) {
            throw new IllegalArgumentException("the record claims tenant '" + new String(claimed.value(),
                    StandardCharsets.UTF_8) + "' on tenant '" + tenant + "''s command topic; refused");
        }
        SessionCommand command = ProtocolJson.decode(payload, SessionCommand.class);
        return DatabaseFailures.untilAvailable("command " + command.commandId(), () -> intake.accept(command, tenant));
    }
}
