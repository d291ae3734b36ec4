package io.dormouse.registry.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.WorkerCommand;
import io.dormouse.registry.repository.CommandEntity;
import io.dormouse.registry.repository.CommandRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Makes a command id worth something: the first time an id is seen the command is sent; a repeat waits for or returns
 * the first one's outcome instead of acting twice. The first sighting and the first outcome are journaled with it.
 */
@ApplicationScoped
public class CommandJournal {
    @Inject
    CommandRepository commands;

    @Inject
    SessionHistory history;

    /** What to do with a command about to be sent. */
    public sealed interface Admission {
        /** First sighting: send it. */
        record Send() implements Admission {
        }

        /** Seen before and still running: wait for its outcome without sending it again. */
        record AwaitFirst() implements Admission {
        }

        /** Seen before and finished: this is its outcome. */
        record Finished(ActionOutcome outcome) implements Admission {
        }
    }

    /**
     * {@code tenant}: the tenant sending the command, whose ids alone it can collide with; an id the tenant already
     * used for another of its sessions is refused.
     */
    public Uni<Admission> admit(WorkerCommand command, String tenant) {
        return commands.claim(command, tenant, history.detailOf(command)).chain(isNew -> isNew
                ? Uni.createFrom().item(new Admission.Send())
                : Panache.withSession(() -> commands.find(tenant, command.commandId()))
                        .map(known -> admissionOf(known, command)));
    }

    private static Admission admissionOf(CommandEntity known, WorkerCommand command) {
        if (!known.sessionId.equals(command.sessionId().value())) {
            throw new SessionException(SessionException.Kind.CONFLICT, "command id " + command.commandId()
                    + " was already used for session " + known.sessionId + "; a command id names one command",
                    command.commandId().value());
        }
        return known.status == CommandEntity.Status.PENDING
                ? new Admission.AwaitFirst()
                : new Admission.Finished(known.outcome());
    }

    public Uni<Void> record(ActionOutcome outcome) {
        return commands.complete(outcome, history.detailOf(outcome));
    }

    /** The tenant's command with this id, or null. */
    public Uni<CommandEntity> find(String tenant, CommandId id) {
        return Panache.withSession(() -> commands.find(tenant, id));
    }
}
