package io.dormouse.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A live session crossed one of the worker's idle thresholds: no command used it for {@code idleSeconds}. The
 * hibernation-store decides from it, and the session's {@code hibernationTier}, whether the tier's
 * {@code maxIdleSeconds} wants it hibernated.
 */
public record SessionIdle(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion, WorkerId workerId,
        long idleSeconds, Instant lastActiveAt, HibernationTier hibernationTier) implements SessionEvent {
    public SessionIdle {
        hibernationTier = Objects.requireNonNullElse(hibernationTier, HibernationTier.WARM);
    }

    public static SessionIdle of(SessionId sessionId, WorkerId workerId, long idleSeconds, Instant lastActiveAt,
            HibernationTier hibernationTier) {
        return new SessionIdle(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, workerId, idleSeconds,
                lastActiveAt, hibernationTier);
    }
}
