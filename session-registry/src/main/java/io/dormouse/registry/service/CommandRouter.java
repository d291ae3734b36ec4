package io.dormouse.registry.service;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.DeleteSession;
import io.dormouse.protocol.HibernateSession;
import io.dormouse.protocol.RestorePoint;
import io.dormouse.protocol.ResumeSession;
import io.dormouse.protocol.RunAction;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionState;
import io.dormouse.protocol.WorkerCommand;
import io.dormouse.registry.config.RegistryConfig;
import io.dormouse.registry.messaging.BrokerAvailability;
import io.dormouse.registry.messaging.RegistryPublisher;
import io.dormouse.registry.repository.SessionEntity;
import io.dormouse.registry.repository.SessionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Every browser command on its way to a worker: validated against the session's row and the state machine, completed
 * with the spec and restore point only the registry knows, admitted by the {@link CommandJournal} (a repeated id has
 * one effect), sent to the owning worker's partition and, for HTTP callers, awaited.
 */
@ApplicationScoped
public class CommandRouter {
    /** How stale a session's last-activity time may get before an action refreshes it. */
    private static final Duration ACTIVITY_RESOLUTION = Duration.ofSeconds(10);

    @Inject
    SessionService sessions;

    @Inject
    SessionRepository rows;

    @Inject
    LifecycleService lifecycle;

    @Inject
    RegistryPublisher publisher;

    @Inject
    OutcomeAwaiter outcomes;

    @Inject
    CommandJournal journal;

    @Inject
    RegistryConfig config;

    @Inject
    BrokerAvailability broker;

    public Uni<ActionOutcome> runAction(CommandId commandId, SessionId id, String tenant, Action action,
            Duration timeout) {
        Duration wait = boundedTimeout(timeout);
        return sessions.get(id, tenant)
                .chain(row -> route(row, new RunAction(commandId, id, row.spec(), action, restorePoint(row),
                        Instant.now(), wait.toMillis()), wait.plus(config.lifecycleGrace())));
    }

    public Uni<ActionOutcome> hibernate(CommandId commandId, SessionId id, String tenant, String reason) {
        return sessions.get(id, tenant).chain(row -> {
            SessionStateMachine.check(id, row.state, SessionStateMachine.Request.HIBERNATE);
            return route(row, new HibernateSession(commandId, id, row.spec(), reason),
                    config.actionTimeout().plus(config.lifecycleGrace()));
        });
    }

    /**
     * Recycles the session's context: snapshot and close it, then rehydrate it under the same id, so cookies, storage
     * and the page survive while the browser's memory starts afresh. Two commands, both journaled.
     */
    public Uni<ActionOutcome> recycle(SessionId id, String tenant, String reason) {
        return sessions.get(id, tenant).chain(row -> {
            SessionStateMachine.check(id, row.state, SessionStateMachine.Request.RECYCLE);
            return hibernate(CommandId.random(), id, tenant, reason);
        }).chain(hibernated -> switch (hibernated) {
            case ActionFailed failed -> Uni.createFrom().item((ActionOutcome) failed);
            case ActionCompleted done -> countRecycle(id, reason).chain(() -> resume(CommandId.random(), id, tenant));
        });
    }

    /** Lifecycle reports may write the row at the same moment; the loser of the optimistic lock re-reads it. */
    private Uni<Void> countRecycle(SessionId id, String reason) {
        return Panache.withTransaction(() -> rows.findById(id.value()).invoke(row -> {
            if (row == null) {
                return;
            }
            row.recycleCount++;
            row.lastRecycleReason = reason;
            row.lastRecycledAt = Instant.now();
        })).onFailure(OptimisticLockException.class).retry()
                .withBackOff(Duration.ofMillis(10), Duration.ofMillis(200)).atMost(10).replaceWithVoid();
    }

    public Uni<ActionOutcome> resume(CommandId commandId, SessionId id, String tenant) {
        return sessions.get(id, tenant)
                .chain(row -> route(row, new ResumeSession(commandId, id, row.spec(), restorePoint(row)),
                        config.actionTimeout().plus(config.lifecycleGrace())));
    }

    /**
     * Forwards a client's Kafka command without waiting: its outcome reaches the client on the results topic. A
     * command that already has an outcome is not forwarded again.
     */
    public Uni<Void> forward(WorkerCommand command, String tenant) {
        return Panache.withSession(() -> rows.findById(command.sessionId().value()))
                .map(row -> SessionService.requireLive(row, command.sessionId(), tenant))
                .chain(row -> journal.admit(command, tenant).chain(admission -> switch (admission) {
                    // A pending command is sent again: the registry may have died after journaling it but before
                    // sending it. Should the first copy have reached the worker, the worker answers the second
                    // with duplicate-command, and only the first outcome is kept.
                    case CommandJournal.Admission.Send send -> sendWithSpec(command, row);
                    case CommandJournal.Admission.AwaitFirst first -> sendWithSpec(command, row);
                    case CommandJournal.Admission.Finished finished -> Uni.createFrom().voidItem();
                }));
    }

    /** The client's command completed with what only the registry knows: the spec and the restore point. */
    private Uni<Void> sendWithSpec(WorkerCommand command, SessionEntity row) {
        return publisher.send(switch (command) {
            case RunAction run -> new RunAction(run.commandId(), run.sessionId(), row.spec(), run.action(),
                    restorePoint(row), run.issuedAt(), boundedTimeout(
                            Duration.ofMillis(run.timeoutMillis())).toMillis());
            case HibernateSession hibernate -> new HibernateSession(hibernate.commandId(),
                    hibernate.sessionId(), row.spec(), hibernate.reason());
            case ResumeSession resume -> new ResumeSession(resume.commandId(), resume.sessionId(),
                    row.spec(), restorePoint(row));
            case DeleteSession delete -> throw new IllegalArgumentException(
                    "DeleteSession is handled by the registry, not forwarded: " + delete.commandId());
        }, row.tenantId);
    }

    /** Tells a Kafka client its command was refused, on the results topic where it looks for outcomes. */
    public Uni<Void> reject(CommandId commandId, SessionId id, String code, String message) {
        return publisher.publish(ActionFailed.of(commandId, id, null, new ActionError(code, message), null, null));
    }

    /**
     * Sends {@code command}, built from the session's current {@code row}, unless its id was seen before. While the
     * broker is known to be down it is refused before the journal sees it, so no command waits there for an outage.
     */
    private Uni<ActionOutcome> route(SessionEntity row, WorkerCommand command, Duration wait) {
        return broker.require().chain(() -> journal.admit(command, row.tenantId))
                .chain(admission -> switch (admission) {
                    case CommandJournal.Admission.Send send -> outcomes.sendAndAwait(command.sessionId(),
                            command.commandId(), wait, () -> sendAcknowledged(command, row.tenantId));
                    // Sent again, for the same reason as in forward().
                    case CommandJournal.Admission.AwaitFirst first -> outcomes.sendAndAwait(command.sessionId(),
                            command.commandId(), wait, () -> sendAcknowledged(command, row.tenantId));
                    case CommandJournal.Admission.Finished finished -> Uni.createFrom().item(finished.outcome());
                }).call(outcome -> recordOutcome(row, outcome));
    }

    /** A broker that went down since the last probe must not hold the caller for the whole action timeout. */
    private Uni<Void> sendAcknowledged(WorkerCommand command, String tenant) {
        Duration bound = config.broker().ackTimeout();
        return publisher.send(command, tenant).ifNoItem().after(bound)
                .failWith(() -> broker.notAcknowledged(command.commandId().value(), bound));
    }

    /**
     * The caller learns the new state from the outcome itself, so it is written here rather than waiting for the
     * lifecycle event to come round on the events topic. An outcome that changes nothing the row says (same state,
     * same worker, activity recorded recently) costs no write: that is the common case of a busy session.
     */
    private Uni<Void> recordOutcome(SessionEntity before, ActionOutcome outcome) {
        SessionState state = switch (outcome) {
            case ActionCompleted completed -> completed.sessionState();
            case ActionFailed failed -> failed.sessionState();
        };
        if (state == null || unchanged(before, state, outcome)) {
            return Uni.createFrom().voidItem();
        }
        var snapshot = outcome instanceof ActionCompleted completed ? completed.snapshot() : null;
        return lifecycle.apply(new LifecycleService.Transition(outcome.sessionId(), state, outcome.workerId(),
                snapshot, outcome.occurredAt(), null));
    }

    private static boolean unchanged(SessionEntity before, SessionState state, ActionOutcome outcome) {
        return state == SessionState.ACTIVE && before.state == SessionState.ACTIVE && outcome.workerId() != null
                && outcome.workerId().value().equals(before.workerId) && before.lastActiveAt != null
                && Duration.between(before.lastActiveAt, outcome.occurredAt()).compareTo(ACTIVITY_RESOLUTION) < 0;
    }

    private Duration boundedTimeout(Duration requested) {
        if (requested == null) {
            return config.actionTimeout();
        }
        if (requested.isNegative() || requested.isZero() || requested.compareTo(config.maxActionTimeout()) > 0) {
            throw new SessionException(SessionException.Kind.INVALID, "timeoutMs must be between 1 and "
                    + config.maxActionTimeout().toMillis() + ", got " + requested.toMillis());
        }
        return requested;
    }

    private static RestorePoint restorePoint(SessionEntity row) {
        return row.snapshot() == null ? null : new RestorePoint(row.snapshot());
    }
}
