package io.dormouse.registry.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.dormouse.protocol.WorkerHeartbeat;

/**
 * Where each worker serves CDP clients, as its latest heartbeat says. Every replica keeps its own from the heartbeat
 * topic, so none depends on another; a worker silent for three heartbeat intervals is taken for gone.
 */
@ApplicationScoped
public class WorkerDirectory {
    private record Entry(String address, Instant seenAt, Duration interval) {
    }

    private final Map<String, Entry> workers = new ConcurrentHashMap<>();

    public void heard(WorkerHeartbeat heartbeat) {
        if (heartbeat.gatewayAddress() == null || heartbeat.gatewayAddress().isBlank()) {
            workers.remove(heartbeat.workerId().value());
            return;
        }
        workers.put(heartbeat.workerId().value(), new Entry(heartbeat.gatewayAddress(), heartbeat.occurredAt(),
                Duration.ofMillis(Math.max(1000, heartbeat.heartbeatIntervalMillis()))));
    }

    /** {@code host:port} of the worker's gateway endpoint, if it was heard from lately. */
    public Optional<String> addressOf(String workerId) {
        if (workerId == null) {
            return Optional.empty();
        }
        Entry entry = workers.get(workerId);
        if (entry == null || entry.seenAt().plus(entry.interval().multipliedBy(3)).isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(entry.address());
    }
}
