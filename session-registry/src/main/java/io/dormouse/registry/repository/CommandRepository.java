package io.dormouse.registry.repository;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.WorkerCommand;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** The command journal, keyed by tenant and command id; callers own the transaction. */
@ApplicationScoped
public class CommandRepository implements PanacheRepositoryBase<CommandEntity, CommandEntity.Key> {

    /** Records a new command as pending; false when the tenant used its id before (a retry or a redelivery). */
    public Uni<Boolean> claim(WorkerCommand command, String tenant) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO commands (tenant_id, command_id,"
                        + " session_id, kind, status, created_at) VALUES (:tenant, :id, :session, :kind, 'PENDING',"
                        + " :at) ON CONFLICT DO NOTHING")
                        .setParameter("tenant", tenant)
                        .setParameter("id", command.commandId().value())
                        .setParameter("session", command.sessionId().value())
                        .setParameter("kind", command.getClass().getSimpleName())
                        .setParameter("at", Instant.now())
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    public Uni<CommandEntity> find(String tenant, CommandId id) {
        return findById(new CommandEntity.Key(tenant, id.value()));
    }

    /**
     * Stores the first outcome of a command; a later duplicate outcome changes nothing. Workers report a command by
     * its session and id, and a session belongs to one tenant, so the pair names one row.
     */
    public Uni<Integer> complete(ActionOutcome outcome) {
        String status = outcome instanceof ActionCompleted ? "COMPLETED" : "FAILED";
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("UPDATE commands SET status = :status,"
                        + " outcome = :outcome, completed_at = :at"
                        + " WHERE session_id = :session AND command_id = :id AND status = 'PENDING'")
                        .setParameter("status", status)
                        .setParameter("outcome", ProtocolJson.encode(outcome))
                        .setParameter("at", outcome.occurredAt())
                        .setParameter("session", outcome.sessionId().value())
                        .setParameter("id", outcome.commandId().value())
                        .executeUpdate());
    }

    /** Drops the result of every outcome that ended before {@code cutoff}; returns how many. */
    public Uni<Integer> purgeResults(Instant cutoff) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("UPDATE commands SET result_purged = true,"
                        + " outcome = CASE WHEN outcome IS NULL THEN NULL ELSE (outcome::jsonb - 'result')::text END"
                        + " WHERE NOT result_purged AND completed_at < :cutoff")
                        .setParameter("cutoff", cutoff)
                        .executeUpdate());
    }

    /** Forgets commands sent before {@code cutoff}. */
    public Uni<Integer> forget(Instant cutoff) {
        return delete("createdAt < ?1", cutoff).map(Long::intValue);
    }

    /** Forgets a deleted session's commands, and with them every result they returned. */
    public Uni<Long> forgetSession(String sessionId) {
        return delete("sessionId", sessionId);
    }
}
