package io.dormouse.monitor.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.dormouse.monitor.service.HealthRules;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.RecycleSession;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionHealthy;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionNeedsReauth;
import io.dormouse.protocol.SessionReauthenticated;
import io.dormouse.protocol.SessionUnhealthy;
import io.dormouse.protocol.WorkerLost;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Carries out the rules' verdicts: {@code RecycleSession} to the registry on {@value #SESSION_COMMANDS}, marked as
 * issued by the monitor, and {@code SessionUnhealthy} / {@code SessionHealthy} on {@value #HEALTH_EVENTS} (the events
 * topic), which the registry turns into the {@code unhealthy} tag, {@code SessionNeedsReauth} /
 * {@code SessionReauthenticated} likewise for the {@code needs-reauth} tag, and {@code WorkerLost} there too, keyed by the worker.
 * Each send returns once the broker has the record.
 */
@ApplicationScoped
public class MonitorPublisher implements HealthRules.Verdicts {
    public static final String SESSION_COMMANDS = "session-commands";
    public static final String HEALTH_EVENTS = "health-events";
    public static final String ISSUER = "health-monitor";

    @Inject
    @Channel(SESSION_COMMANDS)
    MutinyEmitter<String> commands;

    @Inject
    @Channel(HEALTH_EVENTS)
    MutinyEmitter<String> events;

    @Inject
    MeterRegistry meters;

    @Override
    public void recycle(SessionId id, String reason) {
        meters.counter("dormouse.monitor.recycles", "reason", reason).increment();
        RecordHeaders headers = new RecordHeaders();
        headers.add(io.dormouse.protocol.RecordHeaders.ISSUER, ISSUER.getBytes(StandardCharsets.UTF_8));
        commands.sendMessageAndAwait(Message.of(ProtocolJson.encode(new RecycleSession(CommandId.random(), id,
                reason))).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(id.value())
                        .withHeaders(headers).build()));
    }

    @Override
    public void unhealthy(SessionId id, String reason, String detail) {
        meters.counter("dormouse.monitor.unhealthy", "reason", reason).increment();
        publish(SessionUnhealthy.of(id, reason, detail));
    }

    @Override
    public void healthy(SessionId id) {
        publish(SessionHealthy.of(id));
    }

    @Override
    public void needsReauth(SessionId id, String failedCheck, String detail) {
        meters.counter("dormouse.monitor.needs.reauth", "check", failedCheck).increment();
        publish(SessionNeedsReauth.of(id, failedCheck, detail));
    }

    @Override
    public void reauthenticated(SessionId id) {
        publish(SessionReauthenticated.of(id));
    }

    public void workerLost(WorkerLost lost) {
        meters.counter("dormouse.monitor.workers.lost").increment();
        events.sendMessageAndAwait(Message.of(ProtocolJson.encode(lost)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(lost.workerId().value()).build()));
    }

    private void publish(SessionEvent event) {
        events.sendMessageAndAwait(Message.of(ProtocolJson.encode(event)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.sessionId().value()).build()));
    }
}
