package io.dormouse.protocol;

/**
 * Default Kafka topic names. Services read the actual names from configuration; these are the defaults every
 * configuration starts from. Every record on a session topic is keyed by the session id.
 */
public final class Topics {
    /** Clients to registry: {@link SessionCommand}. */
    public static final String SESSION_COMMANDS = "dormouse.session.commands";
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
}
