package io.dormouse.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.CreateSession;
import io.dormouse.protocol.DormouseEvent;
import io.dormouse.protocol.KafkaClientSecurity;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.protocol.SessionCreated;
import io.dormouse.protocol.WorkerCommand;

/**
 * The Kafka command API with session-protocol's own types: {@link SessionCommand}s produced to the tenant's commands
 * topic keyed by session id (so one session's commands keep their order), outcomes awaited by command id on its
 * results topic (a creation's on its events topic: {@code SessionCreated}), and its events topic read as typed
 * {@link DormouseEvent}s in a consumer group the caller names.
 * Thread-safe; close it to stop its consumers.
 */
public final class DormouseKafka implements AutoCloseable {
    /**
     * A tenant's Kafka credential, as {@code POST /v1/admin/kafka-credentials} answers it: the broker, the SASL
     * principal, the tenant's three topics and the prefix its consumer groups must carry.
     */
    public record Credential(String tenant, String bootstrapServers, String securityProtocol, String username,
            String password, String commandsTopic, String resultsTopic, String eventsTopic, String groupPrefix) {

        public static Credential of(JsonNode answer) {
            JsonNode topics = answer.path("topics");
            return new Credential(answer.path("tenant").asText(), answer.path("bootstrapServers").asText(),
                    answer.path("securityProtocol").asText(), answer.path("username").asText(),
                    answer.path("password").asText(), topics.path("commands").asText(),
                    topics.path("results").asText(), topics.path("events").asText(),
                    answer.path("groupPrefix").asText());
        }

        Map<String, String> security() {
            return KafkaClientSecurity.of(securityProtocol, username, password);
        }
    }

    private final Credential credential;
    private final Producer<String, String> producer;
    private final KafkaConsumer<String, String> results;
    private final Map<CommandId, CompletableFuture<ActionOutcome>> awaited = new ConcurrentHashMap<>();
    private final Map<CommandId, CompletableFuture<SessionCreated>> creating = new ConcurrentHashMap<>();
    private final Thread resultsReader;
    private volatile boolean closed;

    private DormouseKafka(Credential credential, Producer<String, String> producer) {
        this.credential = credential;
        this.producer = producer;
        Properties props = consumerProperties(null);
        this.results = new KafkaConsumer<>(props);
        // Assigned, not subscribed: no group to join, so the reader is reading before the first command goes out.
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(credential.resultsTopic(), credential.eventsTopic())) {
                results.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            results.assign(partitions);
            results.seekToEnd(partitions);
            partitions.forEach(results::position);
        } catch (RuntimeException e) {
            // Not authorized (yet) or no broker: nothing of this client is left open.
            results.close();
            throw e;
        }
        this.resultsReader = daemon("dormouse-kafka-results", this::readResults);
    }

    /** Connects with a tenant's credential. */
    public static DormouseKafka connect(Credential credential) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, credential.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.putAll(credential.security());
        KafkaProducer<String, String> producer = new KafkaProducer<>(props);
        try {
            return new DormouseKafka(credential, producer);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    public Credential credential() {
        return credential;
    }

    /** The record a command becomes: the tenant's commands topic, keyed by session id, the command's JSON. */
    public static ProducerRecord<String, String> recordOf(Credential credential, SessionCommand command) {
        return new ProducerRecord<>(credential.commandsTopic(), command.sessionId().value(),
                ProtocolJson.encode(command));
    }

    /** Sends the command; completes once the broker has it. */
    public CompletableFuture<RecordMetadata> send(SessionCommand command) {
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        producer.send(recordOf(credential, command), (metadata, failure) -> {
            if (failure != null) {
                sent.completeExceptionally(failure);
            } else {
                sent.complete(metadata);
            }
        });
        return sent;
    }

    /**
     * Sends a command a worker carries out ({@code RunAction}, {@code HibernateSession}, {@code ResumeSession},
     * {@code DeleteSession}) and completes with its outcome ({@code ActionCompleted} or {@code ActionFailed}, a refusal
     * included), or with a {@link TimeoutException} after {@code timeout}. Sending the same command again (same
     * command id) does not run it twice: its outcome is the first one.
     */
    public CompletableFuture<ActionOutcome> run(WorkerCommand command, Duration timeout) {
        CompletableFuture<ActionOutcome> outcome = awaited.computeIfAbsent(command.commandId(),
                id -> new CompletableFuture<>());
        send(command).whenComplete((metadata, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            }
        });
        return outcome.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> awaited.remove(command.commandId()));
    }

    /**
     * Sends a {@code CreateSession} and completes with the {@code SessionCreated} event of the tenant's events topic,
     * exceptionally with the typed {@link DormouseException} when the registry refused it (an {@code ActionFailed}
     * naming the command), or with a {@link TimeoutException}.
     */
    public CompletableFuture<SessionCreated> create(CreateSession command, Duration timeout) {
        CompletableFuture<SessionCreated> created = creating.computeIfAbsent(command.commandId(),
                id -> new CompletableFuture<>());
        send(command).whenComplete((metadata, failure) -> {
            if (failure != null) {
                created.completeExceptionally(failure);
            }
        });
        return created.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> creating.remove(command.commandId()));
    }

    private void readResults() {
        pollUntilClosed(results, () -> closed, record -> {
            DormouseEvent event = decode(record.value());
            if (event instanceof ActionOutcome outcome) {
                CompletableFuture<ActionOutcome> waiting = awaited.get(outcome.commandId());
                if (waiting != null) {
                    waiting.complete(outcome);
                }
                CompletableFuture<SessionCreated> refused = creating.get(outcome.commandId());
                if (refused != null && outcome instanceof ActionFailed failed) {
                    refused.completeExceptionally(DormouseException.of(failed.error().code(),
                            failed.error().message(), 200, failed.commandId().value(), true));
                }
            } else if (event instanceof SessionCreated created) {
                CompletableFuture<SessionCreated> waiting = creating.get(created.commandId());
                if (waiting != null) {
                    waiting.complete(created);
                }
            }
        }, () -> {
            IllegalStateException closedFirst = new IllegalStateException(
                    "the Kafka client was closed before the outcome arrived");
            awaited.values().forEach(waiting -> waiting.completeExceptionally(closedFirst));
            creating.values().forEach(waiting -> waiting.completeExceptionally(closedFirst));
        });
    }

    /**
     * Hands every record to {@code onRecord} until {@code stopped} or a wake-up (how {@code close()} stops a reader
     * blocked in a poll), then closes the consumer and runs {@code onExit}.
     */
    private static void pollUntilClosed(KafkaConsumer<String, String> consumer, BooleanSupplier stopped,
            Consumer<ConsumerRecord<String, String>> onRecord, Runnable onExit) {
        try {
            while (!stopped.getAsBoolean()) {
                consumer.poll(Duration.ofMillis(500)).forEach(onRecord);
                // A group's reader keeps its place; the results reader has no group (it is assigned, from the end).
                if (!consumer.subscription().isEmpty()) {
                    consumer.commitAsync();
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the reader to stop it.
        } finally {
            consumer.close();
            onExit.run();
        }
    }

    /** A record decoded as a typed event, or null when it is not one this client knows (a newer server's type). */
    static DormouseEvent decode(String json) {
        try {
            return ProtocolJson.decode(json, DormouseEvent.class);
        } catch (RuntimeException unknown) {
            return null;
        }
    }

    /**
     * Reads the tenant's events topic in the consumer group {@code groupPrefix + group} (its offsets kept, so a
     * restarted reader goes on where it stopped) and hands each event to {@code onEvent} on the subscription's own
     * thread. Records of a type this client does not know are counted, not delivered.
     */
    public Subscription subscribe(String group, Consumer<DormouseEvent> onEvent) {
        return new Subscription(new KafkaConsumer<>(consumerProperties(credential.groupPrefix() + group)), onEvent);
    }

    /** A running events reader; close it to leave the group. */
    public final class Subscription implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Thread reader;
        private volatile boolean stopped;
        private volatile long unknown;

        private Subscription(KafkaConsumer<String, String> consumer, Consumer<DormouseEvent> onEvent) {
            this.consumer = consumer;
            consumer.subscribe(List.of(credential.eventsTopic()));
            this.reader = daemon("dormouse-kafka-events", () -> pollUntilClosed(consumer, () -> stopped, record -> {
                DormouseEvent event = decode(record.value());
                if (event == null) {
                    unknown++;
                } else {
                    onEvent.accept(event);
                }
            }, () -> {
            }));
        }

        /** Records of a type this client does not know, skipped so far. */
        public long unknownRecords() {
            return unknown;
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            consumer.wakeup();
            reader.join(10_000);
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private Properties consumerProperties(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, credential.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "dormouse-java-" + UUID.randomUUID());
        if (group == null) {
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        } else {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        }
        props.putAll(credential.security());
        return props;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        results.wakeup();
        resultsReader.join(10_000);
        producer.close(Duration.ofSeconds(10));
    }
}
