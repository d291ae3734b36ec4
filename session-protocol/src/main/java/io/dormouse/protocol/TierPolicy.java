package io.dormouse.protocol;

import java.util.Set;

/**
 * How long a session of a tier may sit idle before it is hibernated, and where its snapshot is kept:
 * {@code memory}, {@code redis} or {@code disk}.
 */
public record TierPolicy(long maxIdleSeconds, String storage) {
    public static final long MAX_IDLE_SECONDS = 31_536_000;
    private static final Set<String> STORAGES = Set.of("memory", "redis", "disk");

    public TierPolicy {
        if (maxIdleSeconds < 1 || maxIdleSeconds > MAX_IDLE_SECONDS) {
            throw new IllegalArgumentException(
                    "maxIdleSeconds must be between 1 and " + MAX_IDLE_SECONDS + ", got " + maxIdleSeconds);
        }
        if (storage == null || !STORAGES.contains(storage)) {
            throw new IllegalArgumentException("storage must be one of memory, redis, disk, got '" + storage + "'");
        }
    }
}
