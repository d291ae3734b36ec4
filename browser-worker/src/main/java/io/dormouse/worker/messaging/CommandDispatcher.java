package io.dormouse.worker.messaging;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.WorkerCommand;
import io.dormouse.worker.service.WorkerService;
import io.smallrye.common.annotation.Identifier;

/**
 * Runs commands concurrently across sessions and strictly in order within one. Each session has a chain: a command
 * starts when the previous command of the same session ended, on its own virtual thread, so a slow command holds up
 * only its own session. The Kafka message is acknowledged after the outcome is published; the connector's throttled
 * commit strategy then commits an offset only when every earlier record of the partition was acknowledged too, so a
 * crash replays whatever had no published outcome.
 * <p>
 * At most {@code max-in-flight} commands are queued or running; past that, the consumer is held back until one ends.
 */
@ApplicationScoped
public class CommandDispatcher {
    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class);
    private static final int MAX_IN_FLIGHT = 256;

    @Inject
    WorkerService worker;

    @Inject
    WorkerPublisher publisher;

    @Inject
    @Identifier(SessionOwnership.IDENTIFIER)
    SessionOwnership ownership;

    @Inject
    GracefulDrain drain;

    private final ExecutorService threads = Executors
            .newThreadPerTaskExecutor(Thread.ofVirtual().name("command-", 0).factory());
    private final Map<SessionId, CompletableFuture<Void>> chains = new ConcurrentHashMap<>();
    private final Queue<CompletableFuture<Void>> waitingForRoom = new ArrayDeque<>();
    private int inFlight;

    /**
     * Queues the command behind its session's earlier ones and returns when the consumer may hand over the next
     * record. Queuing happens before returning, so commands are chained in the order Kafka delivered them.
     */
    public CompletionStage<Void> dispatch(WorkerCommand command, int partition, Message<?> message) {
        SessionId id = command.sessionId();
        CompletableFuture<Void> room = enter();
        CompletableFuture<Void> chained = chains.compute(id, (key, previous) -> {
            CompletableFuture<Void> after = previous == null
                    ? CompletableFuture.completedFuture(null)
                    : previous.exceptionally(failure -> null);
            return after.thenRunAsync(() -> execute(command, partition, message), threads);
        });
        chained.whenComplete((done, failure) -> {
            chains.remove(id, chained);
            leave();
        });
        return room;
    }

    private void execute(WorkerCommand command, int partition, Message<?> message) {
        if (!ownership.owns(partition)) {
            // Revoked while queued: left unacknowledged, so the partition's new owner receives it instead.
            LOG.debugf("command %s of session %s skipped: partition %d moved to another worker", command.commandId(),
                    command.sessionId(), partition);
            return;
        }
        try {
            publishOrFail(worker.execute(command, partition));
            if (drain.isDraining()) {
                worker.release(command.sessionId(), GracefulDrain.REASON);
            }
            message.ack();
        } catch (RuntimeException e) {
            LOG.errorf(e, "outcome of command %s of session %s could not be published", command.commandId(),
                    command.sessionId());
            message.nack(e);
        }
    }

    /**
     * Publishes the outcome; if the broker refuses it (a record it will not take), publishes a failure in its place,
     * so no caller waits for a command that ran. Only when that fails too (the broker is gone) is the command left
     * for a replay.
     */
    private void publishOrFail(ActionOutcome outcome) {
        try {
            publisher.publish(outcome);
        } catch (RuntimeException refused) {
            if (outcome instanceof ActionFailed) {
                throw refused;
            }
            LOG.errorf(refused, "outcome of command %s of session %s was refused; publishing a failure instead",
                    outcome.commandId(), outcome.sessionId());
            publisher.publish(ActionFailed.of(outcome.commandId(), outcome.sessionId(), outcome.workerId(),
                    new ActionError(ActionError.RESULT_TOO_LARGE, "the outcome could not be published: "
                            + refused.getMessage()),
                    null, outcome.timings()));
        }
    }

    /** Commands queued or running. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Waits until no command is queued or running, or {@code timeout} passed; true if idle. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (inFlight > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                wait(Math.max(1, remaining / 1_000_000));
            }
            return true;
        }
    }

    private synchronized CompletableFuture<Void> enter() {
        inFlight++;
        if (inFlight <= MAX_IN_FLIGHT) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> room = new CompletableFuture<>();
        waitingForRoom.add(room);
        return room;
    }

    private void leave() {
        CompletableFuture<Void> next;
        synchronized (this) {
            inFlight--;
            next = waitingForRoom.poll();
            notifyAll();
        }
        if (next != null) {
            next.complete(null);
        }
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
