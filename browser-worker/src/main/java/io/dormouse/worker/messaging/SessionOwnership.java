package io.dormouse.worker.messaging;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.dormouse.protocol.SessionId;
import io.dormouse.worker.browser.SessionContexts;
import io.dormouse.worker.service.WorkerService;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * A worker owns the sessions of the action partitions it is assigned. With cooperative rebalancing only the partitions
 * that move are revoked; their sessions are checkpointed and closed here, on the consumer's thread, before the new
 * owner can receive their next command.
 */
@ApplicationScoped
@Identifier(SessionOwnership.IDENTIFIER)
public class SessionOwnership implements KafkaConsumerRebalanceListener {
    /** Named in application.properties as the action consumer's rebalance listener. */
    public static final String IDENTIFIER = "session-ownership";

    private static final Logger LOG = Logger.getLogger(SessionOwnership.class);

    @Inject
    SessionContexts contexts;

    @Inject
    WorkerService worker;

    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned.addAll(numbers(partitions));
    }

    /** Whether this worker still owns the action partition {@code partition}. */
    public boolean owns(int partition) {
        return owned.contains(partition);
    }

    /** The action partitions this worker owns now. */
    public Set<Integer> owned() {
        return Set.copyOf(owned);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned.removeAll(numbers(partitions));
        for (SessionId id : contexts.liveIn(numbers(partitions))) {
            try {
                worker.release(id, "rebalance");
            } catch (RuntimeException e) {
                LOG.errorf(e, "session %s could not be checkpointed on revocation; its next owner restarts it from its"
                        + " last snapshot", id);
            }
        }
    }

    /** Lost, not revoked: another worker may already own these sessions, so writing a snapshot could go back in time. */
    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned.removeAll(numbers(partitions));
        for (SessionId id : contexts.liveIn(numbers(partitions))) {
            LOG.warnf("partition of session %s was lost; closing its context without a snapshot", id);
            contexts.close(id);
        }
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).toList();
    }
}
