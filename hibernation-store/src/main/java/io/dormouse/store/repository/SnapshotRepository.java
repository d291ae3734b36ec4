package io.dormouse.store.repository;

import java.util.Optional;

import io.dormouse.protocol.SessionId;

/** Durable storage of the latest snapshot blob of each session. Implementations are one per tier. */
public interface SnapshotRepository {
    /** Returns once the blob is durable: a crash after this returns cannot lose it. */
    void write(SessionId sessionId, byte[] snapshot);

    Optional<byte[]> read(SessionId sessionId);

    /** Returns false when there was nothing to delete. */
    boolean delete(SessionId sessionId);
}
