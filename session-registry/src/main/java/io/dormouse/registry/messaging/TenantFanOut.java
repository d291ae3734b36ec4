package io.dormouse.registry.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.DormouseEvent;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.Topics;
import io.dormouse.registry.config.TopicsConfig;
import io.dormouse.registry.service.KafkaTenants;
import io.dormouse.registry.service.SessionTenants;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Tenant-scoped outputs: each outcome and session event on the internal topics (readable by services only) is copied
 * to the topic of the tenant holding the session ({@code dormouse.tenant.<tenant>.results} / {@code .events}), which
 * only that tenant's principal may read, if the tenant has Kafka access. At least once, like the topics it copies
 * from: consumers drop duplicates by event id. A copy that fails goes to the fan-out dead-letter topic with its reason.
 */
@ApplicationScoped
public class TenantFanOut {
    @Inject
    @Channel(Channels.TENANT_OUT)
    MutinyEmitter<String> out;

    @Inject
    SessionTenants tenants;

    @Inject
    KafkaTenants kafkaTenants;

    @Inject
    TopicsConfig topics;

    @Incoming(Channels.FANOUT_RESULTS)
    public Uni<Void> onResult(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        return copy(record.getKey(), payload, Topics.TENANT_RESULTS);
    }

    /** Session events only: fleet-wide ones (tier policies, lost workers) are the operator's. */
    @Incoming(Channels.FANOUT_EVENTS)
    public Uni<Void> onEvent(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        if (!(ProtocolJson.decode(payload, DormouseEvent.class) instanceof SessionEvent)) {
            return Uni.createFrom().voidItem();
        }
        return copy(record.getKey(), payload, Topics.TENANT_EVENTS);
    }

    /**
     * Answers a command a tenant sent on Kafka, on that tenant's results topic: a refusal names a session the tenant
     * may not even hold, so it must not follow the session to its owner.
     */
    public Uni<Void> answer(String tenant, ActionOutcome outcome) {
        if (!kafkaTenants.has(tenant)) {
            return Uni.createFrom().voidItem();
        }
        return send(Topics.tenantTopic(topics.tenantPrefix(), tenant, Topics.TENANT_RESULTS),
                outcome.sessionId().value(), ProtocolJson.encode(outcome));
    }

    private Uni<Void> send(String topic, String key, String payload) {
        return out.sendMessage(Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(key).build()));
    }

    private Uni<Void> copy(String key, String payload, String kind) {
        if (!SessionId.isValid(key)) {
            return Uni.createFrom().voidItem();
        }
        return tenants.of(SessionId.of(key)).chain(tenant -> {
            if (tenant == null || !kafkaTenants.has(tenant)) {
                return Uni.createFrom().voidItem();
            }
            return send(Topics.tenantTopic(topics.tenantPrefix(), tenant, kind), key, payload);
        });
    }

}
