package io.dormouse.registry.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;

import org.jboss.logging.Logger;

import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionState;
import io.dormouse.protocol.SnapshotRef;
import io.dormouse.protocol.WorkerId;
import io.dormouse.protocol.WorkerLost;
import io.dormouse.registry.repository.SessionEntity;
import io.dormouse.registry.repository.SessionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Applies what workers report about a session (lifecycle events and command outcomes) to its row. Both paths may report
 * the same transition; a report older than the last one applied is ignored, and a deleted session stays deleted.
 */
@ApplicationScoped
public class LifecycleService {
    private static final Logger LOG = Logger.getLogger(LifecycleService.class);

    @Inject
    SessionRepository sessions;

    /** A worker-side transition; {@code messageId}, when given, makes a redelivered report a no-op. */
    public record Transition(SessionId sessionId, SessionState state, WorkerId workerId, SnapshotRef snapshot,
            Instant at, String messageId) {
    }

    /**
     * The outcome path and the event consumer may report the same session at the same moment; the loser of the
     * optimistic lock re-reads the row and applies again (the stale-report rule keeps that correct).
     */
    public Uni<Void> apply(Transition transition) {
        return Panache.withTransaction(() -> firstDelivery(transition.messageId())
                .chain(first -> first ? applyOnce(transition) : Uni.createFrom().voidItem()))
                .onFailure(OptimisticLockException.class).retry()
                .withBackOff(Duration.ofMillis(10), Duration.ofMillis(200)).atMost(10);
    }

    /** The monitor lost {@code lost}: its active sessions are recovering until another worker reports them. */
    public Uni<Void> workerLost(WorkerLost lost) {
        return Panache.withTransaction(() -> sessions.markRecovering(lost.workerId().value(), lost.occurredAt()))
                .invoke(count -> LOG.infof("worker %s lost: %d sessions recovering", lost.workerId(), count))
                .replaceWithVoid();
    }

    private Uni<Boolean> firstDelivery(String messageId) {
        return messageId == null ? Uni.createFrom().item(true) : sessions.markProcessed(messageId);
    }

    private Uni<Void> applyOnce(Transition transition) {
        return sessions.findById(transition.sessionId().value()).invoke(row -> {
            if (row == null) {
                LOG.warnf("lifecycle report for unknown session %s ignored: %s", transition.sessionId(),
                        transition.state());
                return;
            }
            if (transition.at().isBefore(row.stateChangedAt)) {
                return;
            }
            if (!SessionStateMachine.allows(row.state, transition.state())) {
                LOG.debugf("report %s -> %s for session %s ignored: not a transition the lifecycle allows",
                        row.state, transition.state(), row.id);
                return;
            }
            update(row, transition);
        }).replaceWithVoid();
    }

    private static void update(SessionEntity row, Transition transition) {
        String reportedBy = transition.workerId() == null ? null : transition.workerId().value();
        // Recovered once anyone but the lost worker reports the session, or it left the active state.
        if (transition.state() != SessionState.ACTIVE || !Objects.equals(reportedBy, row.workerId)) {
            row.recoveringSince = null;
        }
        row.state = transition.state();
        row.stateChangedAt = transition.at();
        row.updatedAt = Instant.now();
        switch (transition.state()) {
            case ACTIVE -> {
                row.workerId = transition.workerId() == null ? null : transition.workerId().value();
                row.lastActiveAt = transition.at();
            }
            case HIBERNATED -> {
                row.workerId = null;
                // A report without a snapshot (hibernating an already hibernated session) keeps the last one.
                if (transition.snapshot() != null) {
                    row.snapshot(transition.snapshot());
                }
            }
            case CREATED, DELETED -> row.workerId = null;
        }
    }
}
