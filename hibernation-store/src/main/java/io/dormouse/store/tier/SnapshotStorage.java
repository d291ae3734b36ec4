package io.dormouse.store.tier;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.dormouse.protocol.SessionId;

/**
 * One storage medium of the tiers ({@code memory}, {@code redis}, {@code disk}) holding sealed snapshot blobs by
 * session and version. Callers hold the session's lock, so an implementation need not order concurrent writes to one
 * session.
 */
public interface SnapshotStorage {
    /** The name tier policies use for this medium. */
    String name();

    /** Whether a blob survives a restart of the store once {@link #put} returned. */
    boolean durable();

    void put(SessionId id, long version, byte[] blob);

    Optional<byte[]> get(SessionId id, long version);

    /** The versions held for the session, ascending; empty when none. */
    List<Long> versions(SessionId id);

    void delete(SessionId id, long version);

    /** Drops every version of the session; false when there was none. */
    boolean deleteAll(SessionId id);

    /** Every session with at least one version here. */
    Set<SessionId> sessions();
}
