package io.dormouse.registry.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.registry.service.CommandJournal;
import io.dormouse.registry.service.OutcomeAwaiter;

/**
 * Hands the outcomes on {@link Channels#SESSION_RESULTS} to the HTTP callers waiting for them on this replica. Each
 * replica reads every result (its own consumer group, from the latest offset); an outcome nobody here waits for is
 * simply not ours, and the shared {@link OutcomeJournalConsumer} journals it. Failure strategy: dead-letter topic for
 * payloads that do not decode.
 */
@ApplicationScoped
public class SessionResultConsumer {
    private static final Logger LOG = Logger.getLogger(SessionResultConsumer.class);

    @Inject
    OutcomeAwaiter outcomes;

    @Inject
    CommandJournal journal;

    /**
     * An awaited outcome is journaled before its caller is answered, so a lookup right after the answer finds it. The
     * write is not awaited here: outcomes of different callers do not queue behind each other's writes. Should it
     * fail, the caller is answered all the same and the journal consumer, whose write is the one that must succeed,
     * records the outcome a moment later.
     */
    @Incoming(Channels.SESSION_RESULTS)
    public void onResult(String payload) {
        ActionOutcome outcome = ProtocolJson.decode(payload, ActionOutcome.class);
        if (!outcomes.isAwaited(outcome)) {
            return;
        }
        journal.record(outcome).onTermination().invoke(() -> outcomes.complete(outcome)).subscribe().with(
                recorded -> {
                }, failure -> LOG.warnf("outcome of command %s answered before the journal consumer records it: %s",
                        outcome.commandId(), failure.getMessage()));
    }
}
