package io.dormouse.worker.browser;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.SessionId;

/**
 * What each live context holds since its last checkpoint: the commands it applied (so a replay after a crash is
 * recognised) and whether any changed it (so an unchanged session is not written again).
 */
@ApplicationScoped
public class CheckpointTracking {
    @Inject
    SessionContexts contexts;

    /** Whether the session's live context already holds the effect of {@code commandId} (a replayed command). */
    public boolean hasApplied(SessionId id, CommandId commandId) {
        LiveSession session = contexts.find(id);
        return session != null && session.hasApplied(commandId);
    }

    /** Records that the live context holds the effect of {@code commandId}; {@code changed}: worth a checkpoint. */
    public void applied(SessionId id, CommandId commandId, boolean changed) {
        LiveSession session = contexts.find(id);
        if (session != null) {
            session.applied(commandId);
            if (changed) {
                session.dirty = true;
            }
        }
    }

    /**
     * Live sessions a command changed since their last checkpoint, once no command used them for {@code debounce}, or
     * once {@code interval} passed since their last checkpoint even if commands keep coming.
     */
    public List<SessionId> dueForCheckpoint(Duration debounce, Duration interval) {
        long now = System.nanoTime();
        return contexts.all().stream()
                .filter(session -> session.dirty && (now - session.lastUsedNanos >= debounce.toNanos()
                        || now - session.lastCheckpointNanos >= interval.toNanos()))
                .map(session -> session.id).toList();
    }

    /** Called once a snapshot of the session is stored. */
    public void checkpointed(SessionId id, long capturedAtNanos) {
        LiveSession session = contexts.find(id);
        if (session != null) {
            session.lastCheckpointNanos = capturedAtNanos;
            if (session.lastUsedNanos <= capturedAtNanos) {
                session.dirty = false;
            }
        }
    }
}
