package io.dormouse.store.tier;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.dormouse.protocol.SessionId;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.keys.KeyScanArgs;

/**
 * The warm tier: one Redis hash per session, {@code <prefix><sessionId>}, field = version, value = sealed blob. Durable
 * as far as the Redis deployment is (the compose file runs it with an append-only file).
 */
public class RedisSnapshotStorage implements SnapshotStorage {
    public static final String NAME = "redis";

    private final String prefix;
    private final HashCommands<String, String, byte[]> hashes;
    private final KeyCommands<String> keys;

    public RedisSnapshotStorage(RedisDataSource redis, String prefix) {
        this.prefix = prefix;
        this.hashes = redis.hash(String.class, String.class, byte[].class);
        this.keys = redis.key(String.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void put(SessionId id, long version, byte[] blob) {
        hashes.hset(keyOf(id), Long.toString(version), blob);
    }

    @Override
    public Optional<byte[]> get(SessionId id, long version) {
        return Optional.ofNullable(hashes.hget(keyOf(id), Long.toString(version)));
    }

    @Override
    public List<Long> versions(SessionId id) {
        List<Long> versions = new ArrayList<>();
        for (String field : hashes.hkeys(keyOf(id))) {
            versions.add(Long.parseLong(field));
        }
        versions.sort(null);
        return versions;
    }

    @Override
    public void delete(SessionId id, long version) {
        hashes.hdel(keyOf(id), Long.toString(version));
    }

    @Override
    public boolean deleteAll(SessionId id) {
        return keys.del(keyOf(id)) > 0;
    }

    @Override
    public Set<SessionId> sessions() {
        Set<SessionId> sessions = new HashSet<>();
        for (String key : keys.scan(new KeyScanArgs().match(prefix + "*").count(1000)).toIterable()) {
            String id = key.substring(prefix.length());
            if (SessionId.isValid(id)) {
                sessions.add(SessionId.of(id));
            }
        }
        return sessions;
    }

    private String keyOf(SessionId id) {
        return prefix + id.value();
    }
}
