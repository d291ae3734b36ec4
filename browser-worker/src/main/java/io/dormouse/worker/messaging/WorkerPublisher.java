package io.dormouse.worker.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.WorkerHeartbeat;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Everything the worker produces. The blocking methods return once the broker acknowledged the record, so a command's
 * offset is committed only after its outcome is durable.
 */
@ApplicationScoped
public class WorkerPublisher {
    @Inject
    @Channel(Channels.SESSION_RESULTS)
    MutinyEmitter<String> results;

    @Inject
    @Channel(Channels.SESSION_EVENTS)
    MutinyEmitter<String> events;

    @Inject
    @Channel(Channels.SESSION_METRICS)
    MutinyEmitter<String> metrics;

    @Inject
    @Channel(Channels.WORKER_HEARTBEATS)
    MutinyEmitter<String> heartbeats;

    public void publish(ActionOutcome outcome) {
        results.sendMessageAndAwait(keyed(outcome.sessionId().value(), outcome));
    }

    public void publish(SessionEvent event) {
        events.sendMessageAndAwait(keyed(event.sessionId().value(), event));
    }

    public void publish(ContextMetrics sample) {
        metrics.sendMessageAndAwait(keyed(sample.sessionId().value(), sample));
    }

    public void publish(WorkerHeartbeat heartbeat) {
        heartbeats.sendMessageAndAwait(keyed(heartbeat.workerId().value(), heartbeat));
    }

    private static Message<String> keyed(String key, Object payload) {
        return Message.of(ProtocolJson.encode(payload))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
