package io.dormouse.worker.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
 * {@link ActionException}: a missing or unreadable snapshot is never taken for an empty session.
 */
@ApplicationScoped
public class SnapshotStore {
    private static final int NOT_FOUND = 404;

    @Inject
    @RestClient
    SnapshotStoreClient client;

    @Retry(maxRetries = 3, delay = 200, abortOn = ActionException.class)
    public SnapshotRef put(SessionSnapshot snapshot) {
        return client.put(snapshot.sessionId().value(), ProtocolJson.encodeBytes(snapshot));
    }

    @Retry(maxRetries = 3, delay = 200, abortOn = ActionException.class)
    public SessionSnapshot get(SnapshotRef expected) {
        SessionId id = expected.sessionId();
        byte[] body;
        try {
            body = client.get(id.value());
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == NOT_FOUND) {
                throw new ActionException(ActionError.SNAPSHOT_MISSING,
                        "the hibernation-store has no snapshot for " + id + " although one was taken at "
                                + expected.takenAt());
            }
            throw e;
        }
        SessionSnapshot snapshot;
        try {
            snapshot = ProtocolJson.decode(body, SessionSnapshot.class);
        } catch (ProtocolException e) {
            throw new ActionException(ActionError.SNAPSHOT_UNAVAILABLE,
                    "the snapshot of " + id + " is unreadable: " + e.getMessage(), e);
        }
        if (snapshot.takenAt().isBefore(expected.takenAt())) {
            throw new ActionException(ActionError.SNAPSHOT_MISSING, "the hibernation-store holds a snapshot of " + id
                    + " from " + snapshot.takenAt() + ", older than the expected " + expected.takenAt());
        }
        return snapshot;
    }
}
