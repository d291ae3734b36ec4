package io.dormouse.protocol;

import java.time.Instant;
import java.util.Objects;

/** Claim check for a snapshot held by the hibernation-store: the blob travels over HTTP, this over Kafka. */
public record SnapshotRef(SessionId sessionId, Instant takenAt, long sizeBytes, String sha256) {
    public SnapshotRef {
        Objects.requireNonNull(sessionId, "sessionId is required");
        Objects.requireNonNull(takenAt, "takenAt is required");
        Objects.requireNonNull(sha256, "sha256 is required");
    }
}
