package io.dormouse.registry.messaging;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Readiness gate: the results consumer starts from the latest offset, so a command sent before it holds its partitions
 * could have its outcome missed. The registry reports ready only once it does.
 */
@ApplicationScoped
@Identifier("results-assignment")
@Readiness
public class ResultsAssignment implements KafkaConsumerRebalanceListener, HealthCheck {
    private final AtomicBoolean assigned = new AtomicBoolean();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            assigned.set(true);
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("results-consumer-assigned").status(assigned.get()).build();
    }
}
