package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * The hibernation-store moved a session's snapshots between tiers: down when they stayed unused for the tier's
 * {@code maxIdleSeconds} ({@value #AGED}), up when they were read ({@value #ACCESSED}) or written to a higher tier
 * ({@value #WRITTEN}), out of memory when the hot tier ran out of room ({@value #EVICTED}).
 */
public record SnapshotMoved(UUID eventId, SessionId sessionId, Instant occurredAt, int schemaVersion,
        HibernationTier from, HibernationTier to, String reason) implements SessionEvent {
    public static final String AGED = "aged";
    public static final String ACCESSED = "accessed";
    public static final String WRITTEN = "written";
    public static final String EVICTED = "evicted";

    public static SnapshotMoved of(SessionId sessionId, HibernationTier from, HibernationTier to, String reason) {
        return new SnapshotMoved(UUID.randomUUID(), sessionId, Instant.now(), SCHEMA_VERSION, from, to, reason);
    }
}
