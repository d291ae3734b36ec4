package io.dormouse.protocol;

/**
 * Default Kafka topic names. Services read the actual names from configuration; these are the defaults every
 * configuration starts from. Every record on a session topic is keyed by the session id.
 */
public final class Topics {
    /**
     * Dormouse services to registry: {@link SessionCommand}s a service issues on a session's behalf (idle hibernation,
     * recycles). Only service principals may write it.
     */
    public static final String SESSION_COMMANDS = "dormouse.session.commands";
    /** Each tenant's own topics start with this, then the tenant's name: see {@link #tenantTopic}. */
    public static final String TENANT_PREFIX = "dormouse.tenant.";
    /** A tenant's commands to the registry ({@link SessionCommand}); only the tenant's principal may write it. */
    public static final String TENANT_COMMANDS = "commands";
    /** The tenant's sessions' outcomes ({@link ActionOutcome}); only the tenant's principal may read it. */
    public static final String TENANT_RESULTS = "results";
    /** The tenant's sessions' lifecycle ({@link SessionEvent}); only the tenant's principal may read it. */
    public static final String TENANT_EVENTS = "events";
    /** Registry to the worker owning the session's partition: {@link WorkerCommand}. */
    public static final String SESSION_ACTIONS = "dormouse.session.actions";
    /** Worker to registry and clients: {@link ActionOutcome}. */
    public static final String SESSION_RESULTS = "dormouse.session.results";
    /** Lifecycle: {@link SessionEvent}. */
    public static final String SESSION_EVENTS = "dormouse.session.events";
    /** Worker to health-monitor: {@link ContextMetrics}. */
    public static final String SESSION_METRICS = "dormouse.session.metrics";
    /** Worker liveness: {@link WorkerHeartbeat}, keyed by worker id. */
    public static final String WORKER_HEARTBEATS = "dormouse.worker.heartbeats";

    /** Sessions are spread over the workers by partition, so this bounds how far workers can scale out. */
    public static final int MIN_ACTION_PARTITIONS = 32;

    private static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** {@code <prefix><tenant>.<kind>}, e.g. {@code dormouse.tenant.acme.commands}. */
    public static String tenantTopic(String prefix, String tenant, String kind) {
        return prefix + tenant + "." + kind;
    }

    /** The tenant whose {@code kind} topic {@code topic} is, if it is one. */
    public static java.util.Optional<String> tenantOf(String prefix, String topic, String kind) {
        String suffix = "." + kind;
        if (topic == null || !topic.startsWith(prefix) || !topic.endsWith(suffix)
                || topic.length() <= prefix.length() + suffix.length()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(topic.substring(prefix.length(), topic.length() - suffix.length()));
    }
}
