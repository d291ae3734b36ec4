package io.dormouse.registry.messaging;

/** Messaging channel names of the registry; the topics behind them are configured in application.properties. */
public final class Channels {
    public static final String SESSION_COMMANDS = "session-commands";
    public static final String SESSION_ACTIONS = "session-actions";
    public static final String SESSION_RESULTS = "session-results";
    public static final String SESSION_RESULTS_JOURNAL = "session-results-journal";
    public static final String SESSION_EVENTS_IN = "session-events-in";
    public static final String SESSION_EVENTS_OUT = "session-events-out";
    public static final String SESSION_RESULTS_OUT = "session-results-out";
    public static final String TENANT_COMMANDS = "tenant-commands";
    public static final String FANOUT_RESULTS = "fanout-results";
    public static final String FANOUT_EVENTS = "fanout-events";
    public static final String TENANT_OUT = "tenant-out";
    public static final String WORKER_HEARTBEATS = "worker-heartbeats";

    private Channels() {
    }
}
