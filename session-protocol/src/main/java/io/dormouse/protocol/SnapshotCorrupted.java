package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored snapshot failed its integrity check or could not be decrypted or decoded. The store refuses to serve it
 * rather than let a session come back empty; an operator can rewind the session to an earlier version.
 */
public record SnapshotCorrupted(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        long version, HibernationTier tier, String reason) implements SessionEvent {
    public static SnapshotCorrupted of(SessionId sessionId, long version, HibernationTier tier, String reason) {
        return new SnapshotCorrupted(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, version, tier,
                reason);
    }
}
