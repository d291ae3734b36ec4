package io.dormouse.registry.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.RecordHeaders;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.registry.security.Caller;
import io.dormouse.registry.service.CommandIntake;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The Kafka command API: clients produce {@link SessionCommand}s to {@link Channels#SESSION_COMMANDS}. Failure
 * strategy: dead-letter topic for payloads that do not decode; a well-formed command the registry refuses is answered
 * with an {@code ActionFailed} on the results topic instead. The producer names its tenant in the
 * {@value #TENANT_HEADER} header; on Kafka, whether it may is up to the broker's ACLs.
 */
@ApplicationScoped
public class SessionCommandConsumer {
    @Inject
    CommandIntake intake;

    public static final String TENANT_HEADER = RecordHeaders.TENANT;

    @Incoming(Channels.SESSION_COMMANDS)
    public Uni<Void> onCommand(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        SessionCommand command = ProtocolJson.decode(payload, SessionCommand.class);
        Header issuer = record.getHeaders().lastHeader(RecordHeaders.ISSUER);
        Header header = record.getHeaders().lastHeader(TENANT_HEADER);
        if (issuer != null && header == null) {
            return intake.acceptFromService(command, new String(issuer.value(), StandardCharsets.UTF_8));
        }
        String tenant = header == null ? Caller.DEFAULT_TENANT : new String(header.value(), StandardCharsets.UTF_8);
        if (!Caller.isValidTenant(tenant)) {
            return intake.refuse(command, ActionError.INVALID_COMMAND,
                    TENANT_HEADER + " header '" + tenant + "' is not a tenant name");
        }
        return intake.accept(command, tenant);
    }
}
