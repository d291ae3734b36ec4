package io.dormouse.systemtest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.core.ConditionTimeoutException;

import io.dormouse.protocol.DormouseEvent;
import io.dormouse.protocol.ProtocolJson;

/** Reads a stack's lifecycle topic from the beginning, as an operator's consumer would. */
final class LifecycleEvents implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<DormouseEvent> seen = new ArrayList<>();

    LifecycleEvents(DormouseStack stack) {
        consumer = stack.consumer("events");
    }

    /** Waits for an event matching {@code wanted} and returns it. */
    <T extends DormouseEvent> T awaitEvent(Class<T> type, Predicate<T> wanted, Duration timeout) {
        List<T> found = new ArrayList<>();
        try {
            await().atMost(timeout).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    seen.add(ProtocolJson.decode(record.value(), DormouseEvent.class));
                }
                seen.stream().filter(type::isInstance).map(type::cast).filter(wanted).findFirst()
                        .ifPresent(found::add);
                return !found.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            // What did arrive tells a slow step from a missing one.
            throw new AssertionError(
                    "no matching " + type.getSimpleName() + " within " + timeout + "; the last events: "
                            + seen.subList(Math.max(0, seen.size() - 30), seen.size()),
                    e);
        }
        return found.get(0);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
