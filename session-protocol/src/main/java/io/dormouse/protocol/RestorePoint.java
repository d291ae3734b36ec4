package io.dormouse.protocol;

import java.util.Objects;

/**
 * The snapshot a worker must rehydrate a session from. Its absence means the session never had state; its presence
 * with no matching snapshot in the store is an error, never an empty session.
 */
public record RestorePoint(SnapshotRef snapshot) {
    public RestorePoint {
        Objects.requireNonNull(snapshot, "snapshot is required");
    }
}
