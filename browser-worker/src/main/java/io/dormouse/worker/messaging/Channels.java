package io.dormouse.worker.messaging;

/** Messaging channel names of the worker; the topics behind them are configured in application.properties. */
public final class Channels {
    public static final String SESSION_ACTIONS = "session-actions";
    public static final String SESSION_RESULTS = "session-results";
    public static final String SESSION_EVENTS = "session-events";
    public static final String SESSION_METRICS = "session-metrics";
    public static final String WORKER_HEARTBEATS = "worker-heartbeats";

    private Channels() {
    }
}
