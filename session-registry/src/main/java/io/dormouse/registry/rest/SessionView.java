package io.dormouse.registry.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.protocol.SessionState;
import io.dormouse.protocol.Viewport;
import io.dormouse.registry.repository.SessionEntity;

/**
 * A session as the API shows it. Proxy credentials never leave the registry. {@code recoveringSince} is set while the
 * session's worker is lost and no other worker has taken the session over.
 */
public record SessionView(
        String id,
        SessionState state,
        String profile,
        Viewport viewport,
        ProxyView proxy,
        String userAgent,
        String locale,
        String timezone,
        HibernationTier hibernationTier,
        List<String> tags,
        Map<String, JsonNode> metadata,
        String workerId,
        SnapshotView snapshot,
        Instant createdAt,
        Instant updatedAt,
        Instant lastActiveAt,
        Instant leasedUntil,
        Instant recoveringSince) {

    public record ProxyView(String server, boolean hasCredentials) {
    }

    public record SnapshotView(Instant takenAt, long sizeBytes) {
    }

    public static SessionView of(SessionEntity row) {
        SessionSpec spec = row.spec();
        var snapshot = row.snapshot();
        return new SessionView(row.id, row.state, spec.profile(), spec.viewport(),
                spec.proxy() == null
                        ? null
                        : new ProxyView(spec.proxy().server(), spec.proxy().username() != null),
                spec.userAgent(), spec.locale(), spec.timezone(), spec.hibernationTier(), row.tags(),
                row.metadata(), row.workerId,
                snapshot == null ? null : new SnapshotView(snapshot.takenAt(), snapshot.sizeBytes()),
                row.createdAt, row.updatedAt, row.lastActiveAt, row.leasedUntil, row.recoveringSince);
    }
}
