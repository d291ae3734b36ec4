package io.dormouse.registry.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * API keys: made for a tenant (shown once, stored as SHA-256), looked up by hash, revoked. Known keys are cached for a
 * few seconds in a bounded cache ({@code api-keys}); unknown ones never are, so random tokens cannot fill it. A
 * revocation takes effect on this replica once it commits, and on others when their cached entry expires.
 */
@ApplicationScoped
public class ApiKeys {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    ApiKeyRepository keys;

    @Inject
    @CacheName("api-keys")
    Cache cache;

    /** Counts revocations, so a lookup that raced one does not cache the key it read before the revocation. */
    private final AtomicLong revocations = new AtomicLong();

    /** A new key and its record; the key itself is never stored. */
    public record Issued(ApiKeyEntity record, String key) {
    }

    public Uni<Optional<Caller>> authenticate(String key) {
        String hash = hash(key);
        CaffeineCache known = cache.as(CaffeineCache.class);
        CompletableFuture<Caller> cached = known.getIfPresent(hash);
        if (cached != null) {
            return Uni.createFrom().completionStage(cached).map(Optional::of);
        }
        long revocationsBefore = revocations.get();
        return Panache.withSession(() -> keys.findActiveByHash(hash)).map(found -> {
            Optional<Caller> caller = Optional.ofNullable(found)
                    .map(entity -> new Caller(entity.tenantId, Caller.Role.valueOf(entity.role), entity.id));
            if (caller.isPresent() && revocations.get() == revocationsBefore) {
                known.put(hash, CompletableFuture.completedFuture(caller.get()));
            }
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

    /**
     * Revokes the key if it exists, is active and, when {@code tenant} is given, belongs to it; true if it was
     * revoked. The cached entry goes once the revocation is committed, so no lookup can bring it back.
     */
    public Uni<Boolean> revoke(String keyId, String tenant) {
        return Panache.withTransaction(() -> keys.findById(keyId).map(entity -> {
            if (entity == null || entity.revokedAt != null || tenant != null && !tenant.equals(entity.tenantId)) {
                return Optional.<String>empty();
            }
            entity.revokedAt = Instant.now();
            return Optional.of(entity.keyHash);
        })).call(revoked -> {
            if (revoked.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            // After the commit: a lookup that read the key before it bumps into this count and does not cache it.
            revocations.incrementAndGet();
            return cache.invalidate(revoked.get());
        }).map(Optional::isPresent);
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
