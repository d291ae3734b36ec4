package io.dormouse.systemtest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionEvent;

/** Reads a stack's lifecycle topic from the beginning, as an operator's consumer would. */
final class LifecycleEvents implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<SessionEvent> seen = new ArrayList<>();

    LifecycleEvents(DormouseStack stack) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(stack.topic("events")));
    }

    /** Waits for an event matching {@code wanted} and returns it. */
    <T extends SessionEvent> T awaitEvent(Class<T> type, Predicate<T> wanted, Duration timeout) {
        List<T> found = new ArrayList<>();
        await().atMost(timeout).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                seen.add(ProtocolJson.decode(record.value(), SessionEvent.class));
            }
            seen.stream().filter(type::isInstance).map(type::cast).filter(wanted).findFirst().ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
