package io.dormouse.registry.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.registry.repository.OutboxEntity;
import io.dormouse.registry.repository.OutboxRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Publishes what the outbox holds, oldest first, and deletes it once the broker acknowledged it. Runs right after each
 * transaction that wrote to the outbox, and on a schedule to catch whatever a crash or a broker outage left behind.
 * Publishing is at least once: a message is published again if its deletion does not commit, and every consumer
 * drops what it has seen by event id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    @Inject
    OutboxRepository outbox;

    @Inject
    RegistryPublisher publisher;

    /** Publishes everything pending; returns how many messages went out. */
    public Uni<Integer> flush() {
        return Panache.withTransaction(() -> outbox.tryLockRelay().chain(locked -> locked
                ? outbox.oldest(BATCH).chain(this::publishAndRemove)
                : Uni.createFrom().item(0)))
                .chain(sent -> sent == BATCH ? flush().map(more -> sent + more) : Uni.createFrom().item(sent));
    }

    /**
     * Publishes what a transaction that just committed queued. The change is already durable, so a failure here does
     * not fail the caller: the messages stay in the outbox and the next scheduled round sends them.
     */
    public Uni<Void> publishCommitted() {
        return flush().onFailure().invoke(failure -> LOG.warnf(
                "outbox messages stay queued for the relay's next round: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Integer> publishAndRemove(List<OutboxEntity> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(messages)
                .onItem().transformToUniAndConcatenate(message -> publisher.publishRaw(message.destination(),
                        message.key, message.payload))
                .collect().last()
                .chain(() -> outbox.deleteUpTo(messages.get(messages.size() - 1).id))
                .replaceWith(messages.size());
    }

    @Scheduled(every = "${dormouse.registry.outbox-poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return flush().onFailure().invoke(failure -> LOG.warnf(
                "outbox relay could not publish (the messages stay queued for the next round): %s",
                failure.getMessage())).onFailure().recoverWithNull().replaceWithVoid();
    }
}
