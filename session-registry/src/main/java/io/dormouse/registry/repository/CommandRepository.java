package io.dormouse.registry.repository;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.WorkerCommand;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The command journal; callers own the transaction. */
@ApplicationScoped
public class CommandRepository implements PanacheRepositoryBase<CommandEntity, String> {

    /** Records a new command as pending; false when its id is already known (a retry or a redelivery). */
    public Uni<Boolean> claim(WorkerCommand command) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO commands (command_id, session_id, kind,"
                        + " status, created_at) VALUES (:id, :session, :kind, 'PENDING', :at) ON CONFLICT DO NOTHING")
                        .setParameter("id", command.commandId().value())
                        .setParameter("session", command.sessionId().value())
                        .setParameter("kind", command.getClass().getSimpleName())
                        .setParameter("at", Instant.now())
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Stores the first outcome of a command; a later duplicate outcome changes nothing. */
    public Uni<Integer> complete(ActionOutcome outcome) {
        String status = outcome instanceof ActionCompleted ? "COMPLETED" : "FAILED";
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("UPDATE commands SET status = :status,"
                        + " outcome = :outcome, completed_at = :at"
                        + " WHERE command_id = :id AND status = 'PENDING'")
                        .setParameter("status", status)
                        .setParameter("outcome", ProtocolJson.encode(outcome))
                        .setParameter("at", outcome.occurredAt())
                        .setParameter("id", outcome.commandId().value())
                        .executeUpdate());
    }
}
