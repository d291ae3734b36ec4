package io.dormouse.registry.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.SessionId;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Pairs the outcomes arriving on the results topic with the HTTP callers waiting for them. Every registry replica reads
 * every result, so whichever replica a caller reached can answer it.
 */
@ApplicationScoped
public class OutcomeAwaiter {
    /** Command ids are unique within a tenant only; with its session, an id names one command. */
    private record Key(SessionId sessionId, CommandId commandId) {
    }

    private final Map<Key, CompletableFuture<ActionOutcome>> pending = new ConcurrentHashMap<>();

    /**
     * Registers interest before {@code send} runs, so an outcome that arrives faster than the send's acknowledgement is
     * not missed.
     */
    public Uni<ActionOutcome> sendAndAwait(SessionId sessionId, CommandId commandId, Duration timeout,
            Supplier<Uni<Void>> send) {
        CompletableFuture<ActionOutcome> outcome = new CompletableFuture<>();
        Key key = new Key(sessionId, commandId);
        pending.put(key, outcome);
        // The outcome is completed on the Kafka consumer's thread; the caller continues (with Hibernate Reactive) on
        // its own Vert.x context.
        Context callerContext = Vertx.currentContext();
        Uni<ActionOutcome> arrived = Uni.createFrom().completionStage(outcome);
        if (callerContext != null) {
            arrived = arrived.emitOn(task -> callerContext.runOnContext(ignored -> task.run()));
        }
        Uni<ActionOutcome> awaited = arrived;
        return send.get()
                .chain(() -> awaited)
                .ifNoItem().after(timeout)
                .failWith(() -> new SessionException(SessionException.Kind.TIMEOUT,
                        "no outcome for command " + commandId + " within " + timeout.toMillis()
                                + " ms; look it up later by its command id",
                        commandId.value()))
                .onTermination().invoke(() -> pending.remove(key, outcome));
    }

    /** Whether a caller on this replica waits for {@code outcome}. */
    public boolean isAwaited(ActionOutcome outcome) {
        return pending.containsKey(new Key(outcome.sessionId(), outcome.commandId()));
    }

    /** Returns false when nobody on this replica waits for the command. */
    public boolean complete(ActionOutcome outcome) {
        CompletableFuture<ActionOutcome> waiting = pending.get(new Key(outcome.sessionId(), outcome.commandId()));
        return waiting != null && waiting.complete(outcome);
    }
}
