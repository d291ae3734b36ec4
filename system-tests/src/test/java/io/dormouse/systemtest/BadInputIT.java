package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.CreateSession;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.RunAction;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;

/** Bad input gets a clear error and nothing is lost: over HTTP, and on every consumed topic. */
class BadInputIT {
    private static DormouseStack stack;
    private static Api registry;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void connect() throws Exception {
        stack = DormouseStack.shared();
        registry = new Api(stack.registry().baseUrl());
        producer = stack.producer();
    }

    /** Sessions this class created; deleted afterwards so other tests see a worker with no contexts of ours. */
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void deleteCreatedSessions() throws Exception {
        for (String id : created) {
            registry.delete("/v1/sessions/" + id);
        }
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    private String createSession() throws Exception {
        String id = registry.post("/v1/sessions", "{\"profile\":\"default\"}").get("id").asText();
        created.add(id);
        return id;
    }

    @Test
    void malformedHttpBodiesAreRejectedWithTheProblemNamed() throws Exception {
        Map<String, String> expectations = Map.of(
                "{\"profile\":\"default\",", "malformed JSON",
                "{\"profile\":\"default\",\"tagz\":[]}", "unknown field 'tagz'",
                "{\"profile\":\"default\",\"viewport\":{\"width\":5,\"height\":600}}", "viewport width and height",
                "{\"profile\":\"default\",\"hibernationTier\":\"lukewarm\"}", "hibernationTier must be one of",
                "{\"profile\":\"default\",\"tags\":[\"has space\"]}", "tags[0]",
                "{\"profile\":\"default\",\"proxy\":{\"server\":\"ftp://x\"}}", "proxy.server",
                "{\"tags\":[]}", "profile");
        for (var entry : expectations.entrySet()) {
            Api.Reply reply = registry.post("/v1/sessions", entry.getKey());
            assertThat(reply.status()).as(entry.getKey()).isEqualTo(400);
            assertThat(reply.get("error").asText()).isEqualTo("invalid-request");
            assertThat(reply.get("message").asText()).as(entry.getKey()).contains(entry.getValue());
        }
    }

    @Test
    void malformedActionsAreRejectedBeforeReachingAWorker() throws Exception {
        String id = createSession();

        Api.Reply unknownType = registry.act(id, "{\"type\":\"teleport\"}");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.get("message").asText()).isEqualTo("unknown type 'teleport' for Action");
        Api.Reply missingUrl = registry.act(id, "{\"type\":\"navigate\"}");
        assertThat(missingUrl.status()).isEqualTo(400);
        assertThat(missingUrl.get("message").asText()).contains("url is required");
        assertThat(registry.get("/v1/sessions/" + id).get("state").asText()).isEqualTo("CREATED");
    }

    @Test
    void unknownSessionsAre404() throws Exception {
        for (String path : List.of("/v1/sessions/ses_000000000000", "/v1/sessions/not-an-id")) {
            Api.Reply reply = registry.get(path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.get("error").asText()).isEqualTo("session-not-found");
        }
        assertThat(registry.act("ses_000000000000", "{\"type\":\"url\"}").status()).isEqualTo(404);
        assertThat(registry.post("/v1/sessions/ses_000000000000/resume", "").status()).isEqualTo(404);
    }

    @Test
    void malformedCommandGoesToTheDeadLetterTopicAndTheRegistryKeepsGoing() throws Exception {
        String garbage = "{\"type\":\"LaunchMissiles\",\"marker\":\"" + UUID.randomUUID() + "\"}";
        producer.send(new ProducerRecord<>(stack.topic("tenant.default.commands"), "ses_000000000000", garbage)).get();
        SessionId id = SessionId.random();
        created.add(id.value());
        CreateSession create = new CreateSession(CommandId.random(), id, SessionSpec.ofProfile("kafka-client"),
                List.of("via-kafka"), Map.of());
        producer.send(new ProducerRecord<>(stack.topic("tenant.default.commands"), id.value(),
                ProtocolJson.encode(create))).get();

        ConsumerRecord<String, String> dead = awaitRecord("tenant-commands.dlq", garbage);
        assertThat(header(dead, "dead-letter-reason")).contains("unknown type 'LaunchMissiles'");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Api.Reply reply = registry.get("/v1/sessions/" + id);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.get("profile").asText()).isEqualTo("kafka-client");
        });
    }

    @Test
    void kafkaCommandForAnUnknownSessionIsAnsweredOnTheTenantsResultsTopic() throws Exception {
        SessionId id = SessionId.random();
        CommandId commandId = CommandId.random();
        String command = ProtocolJson.encode(new RunAction(commandId, id, null,
                new Action.GetUrl(), null, null, 0));
        try (KafkaConsumer<String, String> results = stack.consumer("tenant.default.results")) {
            producer.send(new ProducerRecord<>(stack.topic("tenant.default.commands"), id.value(), command)).get();
            ConsumerRecord<String, String> answer = poll(results, record -> record.value().contains(commandId.value()));
            ActionOutcome outcome = ProtocolJson.decode(answer.value(), ActionOutcome.class);
            assertThat(outcome).isInstanceOf(ActionFailed.class);
            assertThat(((ActionFailed) outcome).error().code()).isEqualTo("session-not-found");
        }
    }

    @Test
    void malformedWorkerCommandGoesToTheDeadLetterTopicAndTheWorkerKeepsGoing() throws Exception {
        String garbage = "not json " + UUID.randomUUID();
        producer.send(new ProducerRecord<>(stack.topic("actions"), "ses_000000000000", garbage)).get();

        ConsumerRecord<String, String> dead = awaitRecord("actions.dlq", garbage);
        assertThat(header(dead, "dead-letter-reason")).contains("malformed JSON");
        String id = createSession();
        Api.Reply url = registry.act(id, "{\"type\":\"url\"}");
        assertThat(url.get("status").asText()).as(url.raw()).isEqualTo("completed");
        assertThat(url.get("result").asText()).isEqualTo("about:blank");
    }

    /**
     * Every other consumed topic: the services' commands (registry), events (registry and store), results (registry),
     * metrics and heartbeats.
     */
    @Test
    void everyConsumedTopicDeadLettersWhatItCannotDecode() throws Exception {
        for (String topic : List.of("commands", "events", "results", "metrics", "heartbeats")) {
            String garbage = "{\"type\":\"Nonsense\",\"marker\":\"" + UUID.randomUUID() + "\"}";
            producer.send(new ProducerRecord<>(stack.topic(topic), "ses_000000000000", garbage)).get();

            ConsumerRecord<String, String> dead = awaitRecord(topic + ".dlq", garbage);
            assertThat(header(dead, "dead-letter-reason")).as(topic).contains("unknown type 'Nonsense'");
        }
    }

    private static ConsumerRecord<String, String> awaitRecord(String topic, String value) {
        try (KafkaConsumer<String, String> consumer = stack.consumer(topic)) {
            return poll(consumer, record -> record.value().equals(value));
        }
    }

    private static ConsumerRecord<String, String> poll(KafkaConsumer<String, String> consumer,
            Predicate<ConsumerRecord<String, String>> wanted) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                if (wanted.test(record)) {
                    found.add(record);
                }
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
