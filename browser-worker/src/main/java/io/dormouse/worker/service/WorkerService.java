package io.dormouse.worker.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.DeleteSession;
import io.dormouse.protocol.HibernateSession;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.RestorePoint;
import io.dormouse.protocol.ResumeSession;
import io.dormouse.protocol.RunAction;
import io.dormouse.protocol.SessionActivated;
import io.dormouse.protocol.SessionHibernated;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionRestored;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.protocol.SessionState;
import io.dormouse.protocol.SnapshotRef;
import io.dormouse.protocol.Timings;
import io.dormouse.protocol.WorkerCommand;
import io.dormouse.worker.browser.ActionException;
import io.dormouse.worker.browser.AuthProbes;
import io.dormouse.worker.browser.CheckpointTracking;
import io.dormouse.worker.browser.SessionActivation;
import io.dormouse.worker.browser.SessionContexts;
import io.dormouse.worker.config.ContextCapacity;
import io.dormouse.worker.config.WorkerConfig;
import io.dormouse.worker.messaging.WorkerPublisher;
import io.dormouse.worker.store.SnapshotStore;
import io.dormouse.worker.store.StoreUnavailableException;

/**
 * Carries out one {@link WorkerCommand}: activates or rehydrates the session's context when needed, runs the command,
 * and announces lifecycle changes. Always returns exactly one outcome; failures in the browser or the store become
 * typed {@link ActionFailed}s.
 */
@ApplicationScoped
public class WorkerService {
    private static final Logger LOG = Logger.getLogger(WorkerService.class);
    private static final Duration CAPACITY_LOCK_WAIT = Duration.ofSeconds(2);

    @Inject
    SessionContexts contexts;

    @Inject
    SessionActivation activation;

    @Inject
    CheckpointTracking checkpoints;

    @Inject
    AuthProbes probes;

    @Inject
    SnapshotStore store;

    @Inject
    WorkerPublisher publisher;

    @Inject
    WorkerIdentity identity;

    @Inject
    WorkerConfig config;

    @Inject
    ContextCapacity capacity;

    @Inject
    SessionLocks locks;

    @Inject
    ActivationGate activations;

    /** {@code partition}: the action partition the command arrived on, which this worker owns. */
    public ActionOutcome execute(WorkerCommand command, int partition) {
        return locks.withLock(command.sessionId(), () -> executeLocked(command, partition));
    }

    private ActionOutcome executeLocked(WorkerCommand command, int partition) {
        long started = System.nanoTime();
        long queuedMillis = command instanceof RunAction run
                ? Math.max(0, Duration.between(run.issuedAt(), Instant.now()).toMillis())
                : 0;
        Clock clock = new Clock(started, queuedMillis, partition);
        try {
            return switch (command) {
                case RunAction run -> runAction(run, clock);
                case ResumeSession resume -> resume(resume, clock);
                case HibernateSession hibernate -> hibernate(hibernate, clock);
                case DeleteSession delete -> delete(delete, clock);
            };
        } catch (ActionException e) {
            return failed(command, e.error(), clock);
        } catch (RuntimeException e) {
            LOG.errorf(e, "command %s of session %s failed unexpectedly", command.commandId(), command.sessionId());
            return failed(command, ActionException.internal(e), clock);
        }
    }

    private ActionOutcome runAction(RunAction run, Clock clock) {
        if (clock.queuedMillis > run.timeoutMillis()) {
            throw new ActionException(ActionError.TIMEOUT, "the command waited " + clock.queuedMillis
                    + " ms for a worker, longer than its timeout of " + run.timeoutMillis() + " ms; not executed");
        }
        ensureLive(run.commandId(), run.sessionId(), run.spec(), run.restore(), clock,
                run.timeoutMillis() - clock.queuedMillis);
        if (checkpoints.hasApplied(run.sessionId(), run.commandId())) {
            // A replay after a crash or hand-over: the restored context already holds this command's effect.
            throw new ActionException(ActionError.DUPLICATE_COMMAND, "command " + run.commandId()
                    + " was already applied to this session before it moved; its first outcome stands");
        }
        contexts.touch(run.sessionId());
        if (run.spec() != null) {
            probes.updateHealth(run.sessionId(), run.spec().health());
        }
        // What is left of the caller's budget; Playwright reads 0 as "no timeout", so never pass it.
        long remainingMillis = Math.max(1, run.timeoutMillis() - clock.queuedMillis - clock.activationMillis);
        SessionContexts.ActionResult result;
        try {
            result = contexts.run(run.sessionId(), run.action(), remainingMillis);
        } finally {
            // Even a failed action may have changed the page (a click that navigated, then timed out).
            checkpoints.applied(run.sessionId(), run.commandId(), run.action().changesState());
            contexts.touch(run.sessionId());
        }
        return completed(run, bounded(run.sessionId(), result), SessionState.ACTIVE, null, clock);
    }

    /**
     * The result as the outcome carries it. Past {@code maxInlineResultBytes} a result (a file, or JSON) goes to the
     * hibernation-store and the outcome names it (claim check; the registry serves it at {@code href}); past
     * {@code maxResultBytes} the action fails, so no outcome is ever too large to publish.
     */
    private JsonNode bounded(SessionId id, SessionContexts.ActionResult result) {
        byte[] content = result.binary();
        String contentType = result.contentType();
        if (content == null) {
            byte[] json = ProtocolJson.encodeBytes(result.json());
            if (json.length <= config.maxInlineResultBytes()) {
                return result.json();
            }
            content = json;
            contentType = MediaType.APPLICATION_JSON;
        } else if (content.length <= config.maxInlineResultBytes()) {
            return result.json();
        }
        if (content.length > config.maxResultBytes()) {
            throw new ActionException(ActionError.RESULT_TOO_LARGE, "the " + contentType + " result has "
                    + content.length + " bytes, more than the " + config.maxResultBytes() + " a result may have");
        }
        String artifactId;
        try {
            artifactId = store.putArtifact(id, content, contentType);
        } catch (RuntimeException e) {
            throw new ActionException(ActionError.RESULT_TOO_LARGE, "the " + contentType + " result has "
                    + content.length + " bytes, too many for a result record, and the hibernation-store"
                    + " did not take it: " + e.getMessage(), e);
        }
        return JsonNodeFactory.instance.objectNode().put("contentType", contentType)
                .put("bytes", content.length).put("artifactId", artifactId)
                .put("href", "/v1/sessions/" + id.value() + "/artifacts/" + artifactId);
    }

    /**
     * Writes a checkpoint of a live session without closing it, so a worker that dies loses at most what changed
     * since. Skipped when the session went away or is busy past a short wait; the next round tries again.
     */
    public void checkpoint(SessionId id) {
        try {
            locks.tryWithLock(id, CAPACITY_LOCK_WAIT, () -> {
                if (contexts.isLive(id)) {
                    long capturedAt = System.nanoTime();
                    store.put(contexts.capture(id));
                    checkpoints.checkpointed(id, capturedAt);
                }
                return Boolean.TRUE;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ActionOutcome resume(ResumeSession resume, Clock clock) {
        ensureLive(resume.commandId(), resume.sessionId(), resume.spec(), resume.restore(), clock,
                config.browser().housekeepingTimeout().toMillis());
        contexts.touch(resume.sessionId());
        return completed(resume, contexts.activePage(resume.sessionId()), SessionState.ACTIVE, null, clock);
    }

    private ActionOutcome hibernate(HibernateSession hibernate, Clock clock) {
        if (!contexts.isLive(hibernate.sessionId())) {
            return completed(hibernate, JsonNodeFactory.instance.nullNode(), SessionState.HIBERNATED, null, clock);
        }
        SnapshotRef ref = checkpointAndClose(hibernate.commandId(), hibernate.sessionId(), hibernate.reason());
        return completed(hibernate, ProtocolJson.mapper().valueToTree(ref), SessionState.HIBERNATED, ref, clock);
    }

    /**
     * Hibernates a session nobody asked about, because this worker is letting it go (its partition moved, or the
     * worker is shutting down). The next owner rehydrates it from this snapshot on its next command.
     */
    public void release(SessionId id, String reason) {
        locks.withLock(id, () -> contexts.isLive(id) ? checkpointAndClose(null, id, reason) : null);
    }

    /** The context is closed only after the store acknowledged the snapshot, so a failed write loses nothing. */
    private SnapshotRef checkpointAndClose(CommandId commandId, SessionId id, String reason) {
        SessionSnapshot snapshot = contexts.capture(id);
        SnapshotRef ref;
        try {
            ref = store.put(snapshot);
        } catch (StoreUnavailableException e) {
            throw new ActionException(ActionError.STORE_UNAVAILABLE,
                    "the hibernation-store is unavailable; the session stays active: " + e.error().message(), e);
        } catch (RuntimeException e) {
            throw new ActionException(ActionError.SNAPSHOT_UNAVAILABLE,
                    "the hibernation-store did not accept the snapshot; the session stays active: " + e.getMessage(),
                    e);
        }
        contexts.close(id);
        publisher.publish(SessionHibernated.of(commandId, id, identity.id(), reason, ref));
        return ref;
    }

    private ActionOutcome delete(DeleteSession delete, Clock clock) {
        contexts.close(delete.sessionId());
        return completed(delete, JsonNodeFactory.instance.nullNode(), SessionState.DELETED, null, clock);
    }

    /**
     * A session without a live context here gets one: rehydrated when it has a snapshot, fresh otherwise. The store is
     * asked even when the registry named no snapshot, since a worker that just handed the session over may have
     * written one the registry has not heard of yet.
     */
    private void ensureLive(CommandId commandId, SessionId id, SessionSpec spec, RestorePoint restore, Clock clock,
            long budgetMillis) {
        if (contexts.isLive(id)) {
            return;
        }
        if (spec == null) {
            throw new ActionException(ActionError.INVALID_COMMAND,
                    "command " + commandId + " carries no session spec, so the context cannot be built");
        }
        long start = System.nanoTime();
        Optional<SessionSnapshot> snapshot;
        try (ActivationGate.Turn turn = activations.enter(budgetMillis)) {
            makeRoomFor(id);
            snapshot = restore == null ? store.find(id) : Optional.of(store.get(restore.snapshot()));
            if (snapshot.isEmpty()) {
                activation.activateFresh(id, clock.partition, spec);
            } else {
                activation.restore(id, clock.partition, spec, snapshot.get(),
                        config.browser().housekeepingTimeout().toMillis());
            }
        }
        clock.activationMillis = millisSince(start);
        publisher.publish(snapshot.isEmpty()
                ? SessionActivated.of(commandId, id, identity.id())
                : SessionRestored.of(commandId, id, identity.id(), restore == null ? null : restore.snapshot(),
                        clock.activationMillis));
    }

    /**
     * At capacity, the least recently used other session is hibernated (reason {@code capacity}) before this one gets
     * a context. If that session is busy beyond a short wait, this one goes over capacity rather than deadlock.
     */
    private void makeRoomFor(SessionId id) {
        while (contexts.liveCount() >= capacity.maxContexts()) {
            Optional<SessionId> victim = contexts.leastRecentlyUsedExcept(id);
            if (victim.isEmpty()) {
                return;
            }
            SessionId lru = victim.get();
            boolean evicted;
            try {
                evicted = locks.tryWithLock(lru, CAPACITY_LOCK_WAIT, () -> {
                    if (contexts.isLive(lru)) {
                        checkpointAndClose(null, lru, "capacity");
                    }
                    return Boolean.TRUE;
                }).isPresent();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!evicted) {
                LOG.warnf("at capacity, but session %s is busy; %s gets a context over capacity", lru, id);
                return;
            }
        }
    }

    private ActionOutcome completed(WorkerCommand command, JsonNode result, SessionState state, SnapshotRef snapshot,
            Clock clock) {
        return ActionCompleted.of(command.commandId(), command.sessionId(), identity.id(), result, state, snapshot,
                clock.timings());
    }

    private ActionOutcome failed(WorkerCommand command, ActionError error, Clock clock) {
        contexts.actionFailed(command.sessionId());
        SessionState state = contexts.isLive(command.sessionId()) ? SessionState.ACTIVE : null;
        return ActionFailed.of(command.commandId(), command.sessionId(), identity.id(), error, state,
                clock.timings());
    }

    private static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }

    /** Where one command's time went, and the partition it came on. */
    private static final class Clock {
        final long started;
        final long queuedMillis;
        final int partition;
        long activationMillis;

        Clock(long started, long queuedMillis, int partition) {
            this.started = started;
            this.queuedMillis = queuedMillis;
            this.partition = partition;
        }

        Timings timings() {
            return new Timings(queuedMillis, activationMillis, millisSince(started) - activationMillis);
        }
    }
}
