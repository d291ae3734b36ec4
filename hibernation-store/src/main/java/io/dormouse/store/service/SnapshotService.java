package io.dormouse.store.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.protocol.ProtocolException;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SnapshotRef;
import io.dormouse.store.config.StoreConfig;
import io.dormouse.store.repository.SnapshotRepository;

/**
 * Accepts only snapshots that decode and belong to the session they are stored under, so what is stored is always
 * something a worker can rehydrate.
 */
@ApplicationScoped
public class SnapshotService {
    private static final Logger LOG = Logger.getLogger(SnapshotService.class);

    @Inject
    SnapshotRepository repository;

    @Inject
    StoreConfig config;

    /** Why a snapshot was refused; the REST layer maps {@link Reason} to a status. */
    public static class RejectedSnapshotException extends RuntimeException {
        public enum Reason {
            INVALID,
            TOO_LARGE
        }

        private final Reason reason;

        public RejectedSnapshotException(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    public SnapshotRef store(SessionId sessionId, byte[] body) {
        if (body == null || body.length == 0) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID, "the snapshot body is empty");
        }
        if (body.length > config.maxSnapshotBytes()) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.TOO_LARGE, "the snapshot is "
                    + body.length + " bytes, over the limit of " + config.maxSnapshotBytes());
        }
        SessionSnapshot snapshot;
        try {
            snapshot = ProtocolJson.decode(body, SessionSnapshot.class);
        } catch (ProtocolException e) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID,
                    "not a valid snapshot: " + e.getMessage());
        }
        if (!snapshot.sessionId().equals(sessionId)) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID,
                    "the snapshot belongs to " + snapshot.sessionId() + ", not " + sessionId);
        }
        repository.write(sessionId, body);
        return new SnapshotRef(sessionId, snapshot.takenAt(), body.length, sha256(body));
    }

    public Optional<byte[]> load(SessionId sessionId) {
        return repository.read(sessionId);
    }

    public boolean delete(SessionId sessionId) {
        boolean deleted = repository.delete(sessionId);
        if (deleted) {
            LOG.infof("deleted the snapshot of %s", sessionId);
        }
        return deleted;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
