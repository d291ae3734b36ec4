package io.dormouse.registry.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.registry.service.CommandJournal;
import io.dormouse.registry.service.OutcomeAwaiter;
import io.smallrye.mutiny.Uni;

/**
 * Journals outcomes from {@link Channels#SESSION_RESULTS} and hands them to waiting HTTP callers. Each replica reads every result (its
 * own consumer group, from the latest offset); an outcome nobody here waits for is simply not ours. Failure strategy:
 * dead-letter topic for payloads that do not decode.
 */
@ApplicationScoped
public class SessionResultConsumer {
    @Inject
    OutcomeAwaiter outcomes;

    @Inject
    CommandJournal journal;

    /**
     * Journaled before the waiting caller is answered, so a lookup right after the answer finds the outcome. The
     * caller is answered even when journaling fails; that failure still sends the record to the dead-letter topic.
     */
    @Incoming(Channels.SESSION_RESULTS)
    public Uni<Void> onResult(String payload) {
        ActionOutcome outcome = ProtocolJson.decode(payload, ActionOutcome.class);
        return journal.record(outcome).onTermination().invoke(() -> outcomes.complete(outcome));
    }
}
