package io.dormouse.protocol;

/** Kafka record headers with a meaning across services. */
public final class RecordHeaders {
    /** Names the producer's tenant on a command record; absent means {@code default}. */
    public static final String TENANT = "dormouse-tenant";

    /**
     * Marks a command issued by a Dormouse service (the hibernation-store, the health-monitor) on a session's behalf:
     * the registry applies it to the session in whichever tenant holds it. The broker's ACLs decide who may produce it,
     * as they decide who may name a tenant.
     */
    public static final String ISSUER = "dormouse-issuer";

    private RecordHeaders() {
    }
}
