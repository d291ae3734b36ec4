package io.dormouse.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.Action;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.CreateSession;
import io.dormouse.protocol.HibernateSession;
import io.dormouse.protocol.KafkaClientSecurity;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.RecordHeaders;
import io.dormouse.protocol.RunAction;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;

/**
 * The broker as a front door, against the SASL/SCRAM broker with the standard authorizer that {@code ./dormouse test}
 * runs: who may produce and consume what, and that the tenant of a command is the principal's, never a header's.
 */
class KafkaSecurityIT {
    private static DormouseStack stack;
    private static Api operator;
    private static JsonNode acme;
    private static JsonNode mallory;
    private static Api acmeApi;
    private static Api malloryApi;

    @BeforeAll
    static void start() throws Exception {
        stack = DormouseStack.shared();
        operator = new Api(stack.registry().baseUrl());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        acme = kafkaCredential("acme-" + suffix);
        mallory = kafkaCredential("mallory-" + suffix);
        acmeApi = Api.as(stack.registry().baseUrl(), apiKey("acme-" + suffix));
        malloryApi = Api.as(stack.registry().baseUrl(), apiKey("mallory-" + suffix));
    }

    @Test
    void aClientWithoutCredentialsOrWithAWrongPasswordIsRefused() {
        Map<String, String> none = Map.of("security.protocol", "PLAINTEXT");
        Throwable plain = catchThrowable(() -> send(none, stack.topic("actions"), "ses_000000000000", "{}"));
        assertThat(plain).isNotNull();
        Throwable wrong = catchThrowable(() -> send(KafkaClientSecurity.of("SASL_PLAINTEXT",
                acme.path("username").asText(), "not-the-password"), acme.path("topics").path("commands").asText(),
                "ses_000000000000", "{}"));
        assertThat(wrong).hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aTenantWritesOnlyItsOwnCommandTopic() {
        for (String topic : List.of(stack.topic("actions"), stack.topic("commands"), stack.topic("results"),
                stack.topic("events"), acme.path("topics").path("commands").asText(),
                mallory.path("topics").path("results").asText())) {
            Throwable refused = catchThrowable(() -> send(as(mallory), topic, "ses_000000000000", "{}"));
            assertThat(refused).as(topic).hasRootCauseInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void aTenantReadsOnlyItsOwnResultsAndEvents() {
        for (String topic : List.of(acme.path("topics").path("results").asText(),
                acme.path("topics").path("events").asText(), stack.topic("results"), stack.topic("events"),
                stack.topic("actions"), mallory.path("topics").path("commands").asText())) {
            try (KafkaConsumer<String, String> consumer = consumer(mallory, topic, group(mallory))) {
                Throwable refused = catchThrowable(() -> consumer.poll(Duration.ofSeconds(5)));
                assertThat(refused).as(topic).isInstanceOf(AuthorizationException.class);
            }
        }
        // Its own topics, but under a consumer group not named for it.
        try (KafkaConsumer<String, String> consumer = consumer(mallory, mallory.path("topics").path("results")
                .asText(), "someone-elses-group")) {
            assertThat(catchThrowable(() -> consumer.poll(Duration.ofSeconds(5))))
                    .isInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void aCommandActsInTheTenantOfItsTopicAndItsOutputsReachThatTenantAlone() throws Exception {
        SessionId acmeSession = SessionId.random();
        SessionId mallorySession = SessionId.random();
        try (KafkaConsumer<String, String> acmeResults = consumer(acme, acme.path("topics").path("results")
                .asText(), group(acme));
                KafkaConsumer<String, String> acmeEvents = consumer(acme, acme.path("topics").path("events")
                        .asText(), group(acme) + "-events");
                KafkaConsumer<String, String> malloryResults = consumer(mallory, mallory.path("topics")
                        .path("results").asText(), group(mallory))) {
            send(as(acme), acme.path("topics").path("commands").asText(), acmeSession.value(), create(acmeSession));
            send(as(mallory), mallory.path("topics").path("commands").asText(), mallorySession.value(),
                    create(mallorySession));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(acmeApi.get("/v1/sessions/" + acmeSession).status()).isEqualTo(200);
                assertThat(malloryApi.get("/v1/sessions/" + mallorySession).status()).isEqualTo(200);
            });
            assertThat(malloryApi.get("/v1/sessions/" + acmeSession).status()).isEqualTo(404);

            CommandId url = CommandId.random();
            send(as(acme), acme.path("topics").path("commands").asText(), acmeSession.value(),
                    ProtocolJson.encode((SessionCommand) new RunAction(url, acmeSession, null, new Action.GetUrl(),
                            null, null, 20_000)));
            ConsumerRecord<String, String> outcome = poll(acmeResults, record -> record.value().contains(
                    url.value()));
            assertThat(outcome.value()).contains("ActionCompleted").contains("about:blank");
            poll(acmeEvents, record -> record.value().contains("SessionCreated")
                    && record.key().equals(acmeSession.value()));

            // A header naming another tenant buys nothing: the record is refused to the dead-letter topic.
            SessionId smuggled = SessionId.random();
            try (KafkaConsumer<String, String> dead = stack.consumer("tenant-commands.dlq")) {
                send(as(mallory), mallory.path("topics").path("commands").asText(), smuggled.value(), create(smuggled),
                        Map.of(RecordHeaders.TENANT, acme.path("tenant").asText()));
                ConsumerRecord<String, String> refused = poll(dead, record -> record.key().equals(smuggled.value()));
                assertThat(header(refused, "dead-letter-reason")).contains("claims tenant");
            }
            assertThat(acmeApi.get("/v1/sessions/" + smuggled).status()).isEqualTo(404);

            // Nor does an issuer header: mallory cannot hibernate acme's session as if it were a service.
            CommandId hibernate = CommandId.random();
            send(as(mallory), mallory.path("topics").path("commands").asText(), acmeSession.value(),
                    ProtocolJson.encode((SessionCommand) new HibernateSession(hibernate, acmeSession, null, "idle")),
                    Map.of(RecordHeaders.ISSUER, "hibernation-store"));
            ConsumerRecord<String, String> answer = poll(malloryResults, record -> record.value().contains(
                    hibernate.value()));
            assertThat(answer.value()).contains("session-not-found");
            assertThat(acmeApi.get("/v1/commands/" + hibernate).status()).isEqualTo(404);

            // Nothing of mallory's reached acme's topic, and nothing of acme's reached mallory's.
            assertThat(drain(acmeResults)).noneMatch(record -> record.key().equals(mallorySession.value()));
            assertThat(drain(malloryResults)).noneMatch(record -> record.key().equals(acmeSession.value()));
        } finally {
            // Later tests share the worker and expect none of this test's contexts on it.
            acmeApi.delete("/v1/sessions/" + acmeSession);
            malloryApi.delete("/v1/sessions/" + mallorySession);
        }
    }

    @Test
    void aServicePrincipalHasOnlyItsOwnTopics() {
        Map<String, String> worker = KafkaClientSecurity.of("SASL_PLAINTEXT", "dormouse-worker",
                DormouseStack.kafkaPassword("dormouse-worker"));
        // Only the registry routes commands to workers, and only services issue internal commands.
        assertThat(catchThrowable(() -> send(worker, stack.topic("actions"), "ses_000000000000", "{}")))
                .hasRootCauseInstanceOf(AuthorizationException.class);
        assertThat(catchThrowable(() -> send(worker, acme.path("topics").path("commands").asText(),
                "ses_000000000000", "{}"))).hasRootCauseInstanceOf(AuthorizationException.class);
        Map<String, String> store = KafkaClientSecurity.of("SASL_PLAINTEXT", "dormouse-store",
                DormouseStack.kafkaPassword("dormouse-store"));
        try (KafkaConsumer<String, String> consumer = consumer(store, stack.topic("results"),
                stack.group("store"))) {
            assertThat(catchThrowable(() -> consumer.poll(Duration.ofSeconds(5))))
                    .isInstanceOf(AuthorizationException.class);
        }
    }

    private static String create(SessionId id) {
        return ProtocolJson.encode((SessionCommand) new CreateSession(CommandId.random(), id,
                SessionSpec.ofProfile("kafka"), List.of("kafka"), Map.of()));
    }

    private static JsonNode kafkaCredential(String tenant) throws Exception {
        Api.Reply reply = operator.post("/v1/admin/kafka-credentials", "{\"tenant\":\"" + tenant + "\"}");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body();
    }

    private static String apiKey(String tenant) throws Exception {
        return operator.post("/v1/admin/keys", "{\"tenant\":\"" + tenant + "\"}").body().path("key").asText();
    }

    private static Map<String, String> as(JsonNode credential) {
        return KafkaClientSecurity.of(credential.path("securityProtocol").asText(),
                credential.path("username").asText(), credential.path("password").asText());
    }

    private static String group(JsonNode credential) {
        return credential.path("groupPrefix").asText() + "it-" + UUID.randomUUID();
    }

    private static void send(Map<String, String> security, String topic, String key, String value) throws Exception {
        send(security, topic, key, value, Map.of());
    }

    private static void send(Map<String, String> security, String topic, String key, String value,
            Map<String, String> headers) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.putAll(security);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }
    }

    private static KafkaConsumer<String, String> consumer(Object security, String topic, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.putAll(security instanceof JsonNode credential ? as(credential) : (Map<?, ?>) security);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static ConsumerRecord<String, String> poll(KafkaConsumer<String, String> consumer,
            java.util.function.Predicate<ConsumerRecord<String, String>> wanted) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(45)).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                if (wanted.test(record)) {
                    found.add(record);
                }
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static List<ConsumerRecord<String, String>> drain(KafkaConsumer<String, String> consumer) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            consumer.poll(Duration.ofMillis(500)).forEach(all::add);
        }
        return all;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
