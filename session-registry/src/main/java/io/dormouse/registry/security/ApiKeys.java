package io.dormouse.registry.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * API keys: made for a tenant (shown once, stored as SHA-256), looked up by hash, revoked. Lookups are cached for a
 * few seconds; a revocation clears this replica's cache at once and others' within {@link #CACHE_TTL_NANOS}.
 */
@ApplicationScoped
public class ApiKeys {
    private static final long CACHE_TTL_NANOS = 5_000_000_000L;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    ApiKeyRepository keys;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Caller> caller, long expiresAtNanos) {
    }

    /** A new key and its record; the key itself is never stored. */
    public record Issued(ApiKeyEntity record, String key) {
    }

    public Uni<Optional<Caller>> authenticate(String key) {
        String hash = hash(key);
        Cached cached = cache.get(hash);
        if (cached != null && cached.expiresAtNanos() > System.nanoTime()) {
            return Uni.createFrom().item(cached.caller());
        }
        return Panache.withSession(() -> keys.findActiveByHash(hash)).map(found -> {
            Optional<Caller> caller = Optional.ofNullable(found)
                    .map(entity -> new Caller(entity.tenantId, Caller.Role.valueOf(entity.role), entity.id));
            cache.put(hash, new Cached(caller, System.nanoTime() + CACHE_TTL_NANOS));
            return caller;
        });
    }

    public Uni<Issued> issue(String tenant, Caller.Role role, String label) {
        String key = "dmk_" + random(32);
        ApiKeyEntity entity = new ApiKeyEntity();
        entity.id = "key_" + random(16);
        entity.tenantId = tenant;
        entity.keyHash = hash(key);
        entity.role = role.name();
        entity.label = label;
        entity.createdAt = Instant.now();
        return Panache.withTransaction(() -> keys.persist(entity)).map(saved -> new Issued(saved, key));
    }

    /** True if the key existed and was active. */
    public Uni<Boolean> revoke(String keyId) {
        return Panache.withTransaction(() -> keys.findById(keyId).map(entity -> {
            if (entity == null || entity.revokedAt != null) {
                return false;
            }
            entity.revokedAt = Instant.now();
            cache.remove(entity.keyHash);
            return true;
        }));
    }

    public Uni<List<ApiKeyEntity>> list(String tenant) {
        return Panache.withSession(() -> tenant == null
                ? keys.listAll()
                : keys.list("tenantId", tenant));
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
