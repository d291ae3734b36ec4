package io.dormouse.worker.store;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ProtocolException;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SnapshotRef;
import io.dormouse.worker.browser.ActionException;

/**
 * Writes and reads snapshots in the hibernation-store, retrying passing failures. Every failure surfaces as a typed
 * {@link ActionException}: a missing or unreadable snapshot is never taken for an empty session, and a store that does
 * not answer is {@code store-unavailable} (only that is retried).
 */
@ApplicationScoped
public class SnapshotStore {
    private static final int NOT_FOUND = 404;

    @Inject
    @RestClient
    SnapshotStoreClient client;

    @Inject
    @RestClient
    ArtifactStoreClient artifacts;

    /** Keeps a large action result for the session; returns its id, which the registry serves it under. */
    @Retry(maxRetries = 3, delay = 200)
    public String putArtifact(SessionId sessionId, byte[] bytes, String contentType) {
        String artifactId = "art_" + UUID.randomUUID().toString().replace("-", "");
        artifacts.put(sessionId.value(), artifactId, contentType, bytes);
        return artifactId;
    }

    @Retry(maxRetries = 3, delay = 200, retryOn = StoreUnavailableException.class)
    public SnapshotRef put(SessionSnapshot snapshot) {
        try {
            return client.put(snapshot.sessionId().value(), ProtocolJson.encodeBytes(snapshot));
        } catch (ProcessingException | WebApplicationException e) {
            throw StoreUnavailableException.orRethrow(e);
        }
    }

    /** The snapshot at least as new as {@code expected}; its absence is an error. Retried by {@link #find}. */
    public SessionSnapshot get(SnapshotRef expected) {
        SessionId id = expected.sessionId();
        SessionSnapshot snapshot = find(id).orElseThrow(() -> new ActionException(ActionError.SNAPSHOT_MISSING,
                "the hibernation-store has no snapshot for " + id + " although one was taken at "
                        + expected.takenAt()));
        if (snapshot.takenAt().isBefore(expected.takenAt())) {
            throw new ActionException(ActionError.SNAPSHOT_MISSING, "the hibernation-store holds a snapshot of " + id
                    + " from " + snapshot.takenAt() + ", older than the expected " + expected.takenAt());
        }
        return snapshot;
    }

    /**
     * The latest snapshot of a session, if the store has one. A worker asks even when the registry named none: a
     * checkpoint written by a worker that just handed the session over may not have reached the registry yet.
     */
    @Retry(maxRetries = 3, delay = 200, retryOn = StoreUnavailableException.class)
    public Optional<SessionSnapshot> find(SessionId id) {
        byte[] body;
        try {
            body = client.get(id.value());
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == NOT_FOUND) {
                return Optional.empty();
            }
            throw StoreUnavailableException.orRethrow(e);
        } catch (ProcessingException e) {
            throw StoreUnavailableException.orRethrow(e);
        }
        try {
            return Optional.of(ProtocolJson.decode(body, SessionSnapshot.class));
        } catch (ProtocolException e) {
            throw new ActionException(ActionError.SNAPSHOT_UNAVAILABLE,
                    "the snapshot of " + id + " is unreadable: " + e.getMessage(), e);
        }
    }
}
