package io.dormouse.registry.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.protocol.SessionId;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;

/**
 * Which tenant holds a session, for the fan-out of every outcome and event. A session never changes tenant, so the
 * answer is cached (bounded: {@code session-tenants}).
 */
@ApplicationScoped
public class SessionTenants {
    @Inject
    SessionService sessions;

    /** The tenant, or null for a session the registry does not know. */
    @CacheResult(cacheName = "session-tenants")
    public Uni<String> of(SessionId id) {
        return sessions.tenantOf(id);
    }
}
