package io.dormouse.registry.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.registry.service.OutcomeAwaiter;

/**
 * Hands outcomes from {@link Channels#SESSION_RESULTS} to waiting HTTP callers. Each replica reads every result (its
 * own consumer group, from the latest offset); an outcome nobody here waits for is simply not ours. Failure strategy:
 * dead-letter topic for payloads that do not decode.
 */
@ApplicationScoped
public class SessionResultConsumer {
    @Inject
    OutcomeAwaiter outcomes;

    @Incoming(Channels.SESSION_RESULTS)
    public void onResult(String payload) {
        outcomes.complete(ProtocolJson.decode(payload, ActionOutcome.class));
    }
}
