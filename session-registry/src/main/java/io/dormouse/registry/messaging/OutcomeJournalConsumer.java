package io.dormouse.registry.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.registry.repository.DatabaseFailures;
import io.dormouse.registry.service.CommandJournal;
import io.smallrye.mutiny.Uni;

/**
 * Journals every outcome on {@link Channels#SESSION_RESULTS_JOURNAL}, in a consumer group all replicas share, so an
 * outcome published while no registry ran is journaled when one starts. The per-replica {@link SessionResultConsumer}
 * journals too, so its caller never reads a journal behind its answer; the first write wins, the second changes
 * nothing. Failure strategy: dead-letter topic for payloads that do not decode.
 */
@ApplicationScoped
public class OutcomeJournalConsumer {
    @Inject
    CommandJournal journal;

    @Incoming(Channels.SESSION_RESULTS_JOURNAL)
    public Uni<Void> onResult(String payload) {
        ActionOutcome outcome = ProtocolJson.decode(payload, ActionOutcome.class);
        return DatabaseFailures.untilAvailable("the outcome of " + outcome.commandId(), () -> journal.record(outcome));
    }
}
