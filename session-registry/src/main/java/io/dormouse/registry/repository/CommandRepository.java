package io.dormouse.registry.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.WorkerCommand;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The command journal, keyed by tenant and command id. */
@ApplicationScoped
public class CommandRepository implements PanacheRepositoryBase<CommandEntity, CommandEntity.Key> {

    /**
     * Pool of the same datasource Hibernate Reactive uses: the journal's writes on the action path are single
     * statements in autocommit, one round trip each instead of a transaction's four.
     */
    @Inject
    Pool pool;

    /**
     * Records a new command as pending and, in the same statement, its journal entry ({@code detail}: the entry's
     * JSON); false when the tenant used its id before (a retry or a redelivery), and then nothing is written.
     */
    public Uni<Boolean> claim(WorkerCommand command, String tenant, String detail) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String kind = command.getClass().getSimpleName();
        return pool.preparedQuery("WITH claimed AS (INSERT INTO commands (tenant_id, command_id, session_id, kind,"
                + " status, created_at) VALUES ($1, $2, $3, $4, 'PENDING', $5) ON CONFLICT DO NOTHING"
                + " RETURNING session_id)"
                + " INSERT INTO session_history (session_id, occurred_at, kind, type, command_id, detail)"
                + " SELECT session_id, $5, 'COMMAND', $4, $2, $6 FROM claimed")
                .execute(Tuple.tuple(List.of(tenant, command.commandId().value(), command.sessionId().value(), kind,
                        now, detail)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<CommandEntity> find(String tenant, CommandId id) {
        return findById(new CommandEntity.Key(tenant, id.value()));
    }

    /**
     * Stores the first outcome of a command and, in the same statement, its journal entry ({@code detail}); a later
     * duplicate outcome changes nothing. Workers report a command by its session and id, and a session belongs to one
     * tenant, so the pair names one row.
     */
    public Uni<Void> complete(ActionOutcome outcome, String detail) {
        String status = outcome instanceof ActionCompleted ? "COMPLETED" : "FAILED";
        OffsetDateTime at = outcome.occurredAt().atOffset(ZoneOffset.UTC);
        return pool.preparedQuery("WITH done AS (UPDATE commands SET status = $1, outcome = $2, completed_at = $3"
                + " WHERE session_id = $4 AND command_id = $5 AND status = 'PENDING' RETURNING session_id)"
                + " INSERT INTO session_history (session_id, occurred_at, kind, type, command_id, event_id, detail)"
                + " SELECT session_id, $3, 'OUTCOME', $6, $5, $7, $8 FROM done ON CONFLICT DO NOTHING")
                .execute(Tuple.tuple(List.of(status, ProtocolJson.encode(outcome), at, outcome.sessionId().value(),
                        outcome.commandId().value(), outcome.getClass().getSimpleName(), outcome.eventId(), detail)))
                .replaceWithVoid();
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
