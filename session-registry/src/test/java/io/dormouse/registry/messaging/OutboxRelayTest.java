package io.dormouse.registry.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.DormouseEvent;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionTagsChanged;
import io.dormouse.registry.TestKafka;
import io.dormouse.registry.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Lifecycle events leave through the outbox: in order, and even when they were stored but never published. */
@QuarkusTest
class OutboxRelayTest {

    @BeforeAll
    static void authenticate() {
        TestKeys.authenticateAsAdmin();
    }
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    @ConfigProperty(name = "dormouse.topics.events")
    String eventsTopic;

    @Test
    void createRetagAndDeleteAreAnnouncedInOrderAndTheOutboxDrains() throws Exception {
        try (KafkaConsumer<String, String> events = consumer()) {
            String id = given().contentType(ContentType.JSON).body("{\"profile\":\"outbox\",\"tags\":[\"a\"]}")
                    .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
            given().contentType(ContentType.JSON).body("{\"tags\":[\"b\"]}")
                    .when().put("/v1/sessions/" + id + "/tags").then().statusCode(200);
            given().when().delete("/v1/sessions/" + id).then().statusCode(204);

            List<String> types = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
                    if (id.equals(record.key())) {
                        types.add(ProtocolJson.decode(record.value(), DormouseEvent.class).getClass()
                                .getSimpleName());
                    }
                }
                return types.size() >= 3;
            });
            assertThat(types).containsExactly("SessionCreated", "SessionTagsChanged", "SessionDeleted");
            await().atMost(Duration.ofSeconds(5)).until(() -> pendingFor(id) == 0);
        }
    }

    /** A message committed with its state change but never published (the registry died in between) still goes out. */
    @Test
    void aStoredButUnpublishedMessageIsPublishedByTheScheduledRelay() throws Exception {
        SessionId id = SessionId.random();
        SessionTagsChanged leftOver = SessionTagsChanged.of(CommandId.random(), id, List.of("left-over"));
        try (KafkaConsumer<String, String> events = consumer();
                Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                PreparedStatement insert = db.prepareStatement("INSERT INTO outbox (channel, message_key, payload,"
                        + " created_at) VALUES ('EVENTS', ?, ?, ?)")) {
            insert.setString(1, id.value());
            insert.setString(2, ProtocolJson.encode(leftOver));
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();

            List<String> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
                    if (id.value().equals(record.key())) {
                        received.add(record.value());
                    }
                }
                return !received.isEmpty();
            });
            assertThat(ProtocolJson.decode(received.get(0), DormouseEvent.class)).isEqualTo(leftOver);
            await().atMost(Duration.ofSeconds(5)).until(() -> pendingFor(id.value()) == 0);
        }
    }

    private long pendingFor(String key) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                PreparedStatement count = db.prepareStatement("SELECT count(*) FROM outbox WHERE message_key = ?")) {
            count.setString(1, key);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private KafkaConsumer<String, String> consumer() {
        return TestKafka.consumerFromNow(bootstrapServers, eventsTopic);
    }
}
