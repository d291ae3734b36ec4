package io.dormouse.registry.security;

import java.util.regex.Pattern;

/** Who is calling: the tenant an API key belongs to, and what it may do. */
public record Caller(String tenant, Role role, String keyId) {
    /** The tenant of sessions from before tenants, of the bootstrap admin key, and of Kafka commands naming none. */
    public static final String DEFAULT_TENANT = "default";
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** What a key may do. */
    public enum Role {
        /** Its tenant's sessions. */
        AGENT,
        /** Its tenant's sessions, and every tenant's keys. */
        ADMIN
    }

    public static boolean isValidTenant(String tenant) {
        return tenant != null && TENANT.matcher(tenant).matches();
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
