package io.dormouse.registry.security;

import java.util.Set;
import java.util.regex.Pattern;

/** Who is calling: the tenant an API key belongs to, and what it may do. */
public record Caller(String tenant, Role role, String keyId) {
    /** The tenant of sessions from before tenants, of the bootstrap keys, and of Kafka commands naming none. */
    public static final String DEFAULT_TENANT = "default";
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** What a key may do; each role's {@link #grants} are the roles endpoints ask for with {@code @RolesAllowed}. */
    public enum Role {
        /** Its tenant's sessions, pools, commands. */
        AGENT(Set.of(Roles.AGENT)),
        /** An agent that also manages its own tenant's keys and profiles. */
        ADMIN(Set.of(Roles.AGENT, Roles.ADMIN)),
        /** The operator: a tenant admin that also manages every tenant's keys, the hibernation tiers, the census. */
        OPERATOR(Set.of(Roles.AGENT, Roles.ADMIN, Roles.OPERATOR)),
        /** The health-monitor's key: the census, nothing else. */
        MONITOR(Set.of(Roles.MONITOR));

        private final Set<String> grants;

        Role(Set<String> grants) {
            this.grants = grants;
        }

        public Set<String> grants() {
            return grants;
        }
    }

    public static boolean isValidTenant(String tenant) {
        return tenant != null && TENANT.matcher(tenant).matches();
    }

    public boolean isOperator() {
        return role == Role.OPERATOR;
    }
}
