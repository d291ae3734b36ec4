package io.dormouse.store.tier;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.dormouse.protocol.SessionId;

/**
 * The hot tier: blobs in the heap, bounded in bytes. When a write would pass the bound, whole sessions go, least
 * recently used first, and {@code onEvicted} hears of each; their durable copy stays where it was written through.
 */
public class MemorySnapshotStorage implements SnapshotStorage {
    public static final String NAME = "memory";

    private final long maxBytes;
    private final Consumer<SessionId> onEvicted;
    private final LinkedHashMap<SessionId, TreeMap<Long, byte[]>> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    public MemorySnapshotStorage(long maxBytes, Consumer<SessionId> onEvicted) {
        this.maxBytes = maxBytes;
        this.onEvicted = onEvicted;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void put(SessionId id, long version, byte[] blob) {
        List<SessionId> evicted = new ArrayList<>();
        synchronized (this) {
            byte[] previous = sessions.computeIfAbsent(id, key -> new TreeMap<>()).put(version, blob);
            bytes += blob.length - (previous == null ? 0 : previous.length);
            Iterator<Map.Entry<SessionId, TreeMap<Long, byte[]>>> eldest = sessions.entrySet().iterator();
            while (bytes > maxBytes && eldest.hasNext()) {
                Map.Entry<SessionId, TreeMap<Long, byte[]>> entry = eldest.next();
                if (entry.getKey().equals(id)) {
                    continue;
                }
                bytes -= size(entry.getValue());
                eldest.remove();
                evicted.add(entry.getKey());
            }
        }
        // Outside the monitor: the listener takes the evicted session's lock, which a writer may hold while waiting here.
        evicted.forEach(onEvicted);
    }

    @Override
    public synchronized Optional<byte[]> get(SessionId id, long version) {
        TreeMap<Long, byte[]> versions = sessions.get(id);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    @Override
    public synchronized List<Long> versions(SessionId id) {
        TreeMap<Long, byte[]> versions = sessions.get(id);
        return versions == null ? List.of() : List.copyOf(versions.keySet());
    }

    @Override
    public synchronized void delete(SessionId id, long version) {
        TreeMap<Long, byte[]> versions = sessions.get(id);
        if (versions == null) {
            return;
        }
        byte[] removed = versions.remove(version);
        if (removed != null) {
            bytes -= removed.length;
        }
        if (versions.isEmpty()) {
            sessions.remove(id);
        }
    }

    @Override
    public synchronized boolean deleteAll(SessionId id) {
        TreeMap<Long, byte[]> removed = sessions.remove(id);
        if (removed == null) {
            return false;
        }
        bytes -= size(removed);
        return true;
    }

    @Override
    public synchronized Set<SessionId> sessions() {
        return new HashSet<>(sessions.keySet());
    }

    /** Bytes held, for the store's metrics. */
    public synchronized long storedBytes() {
        return bytes;
    }

    private static long size(TreeMap<Long, byte[]> versions) {
        return versions.values().stream().mapToLong(blob -> blob.length).sum();
    }
}
