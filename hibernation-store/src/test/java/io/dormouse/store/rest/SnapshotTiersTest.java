package io.dormouse.store.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.protocol.DormouseEvent;
import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.HibernationTiersConfigured;
import io.dormouse.protocol.KafkaClientSecurity;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.protocol.SnapshotCorrupted;
import io.dormouse.protocol.SnapshotMoved;
import io.dormouse.protocol.TierPolicy;
import io.dormouse.protocol.Viewport;
import io.dormouse.store.crypto.SnapshotCipher;
import io.dormouse.store.service.SnapshotLifecycle;
import io.dormouse.store.tier.SnapshotTiers;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The store against real Redis, the real filesystem and a real Kafka broker: tiers, ageing and promotion, versions and
 * rewind, fork, encryption at rest, key rotation, corruption, and the service token.
 */
@QuarkusTest
class SnapshotTiersTest {
    private static final String TOKEN = "dormouse-test-store-token";
    private static final List<DormouseEvent> EVENTS_SEEN = new CopyOnWriteArrayList<>();
    private static volatile boolean listening = true;
    private static Thread listener;

    @Inject
    SnapshotLifecycle lifecycle;

    @Inject
    SnapshotTiers tiers;

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void listenToEvents() throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        String events = ConfigProvider.getConfig().getValue("dormouse.topics.events", String.class);
        Map<String, Object> adminSettings = new HashMap<>(KafkaClientSecurity.fromEnvironment());
        adminSettings.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(adminSettings)) {
            for (String topic : List.of(events, events + ".dlq",
                    ConfigProvider.getConfig().getValue("dormouse.topics.commands", String.class))) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.putAll(KafkaClientSecurity.fromEnvironment());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "snapshot-tiers-test-" + System.nanoTime());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(events));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        listener = Thread.ofPlatform().start(() -> {
            try (consumer) {
                while (listening) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        EVENTS_SEEN.add(ProtocolJson.decode(record.value(), DormouseEvent.class));
                    }
                }
            }
        });
    }

    @AfterAll
    static void stopListening() throws InterruptedException {
        listening = false;
        listener.join();
    }

    @Test
    void requestsWithoutTheServiceTokenAre401() {
        SessionId id = SessionId.random();
        given().when().get("/v1/snapshots/" + id).then().statusCode(401).body("error", equalTo("unauthorized"));
        given().auth().oauth2("not-the-token").when().get("/v1/snapshots/" + id).then().statusCode(401);
        given().auth().oauth2("not-the-token").contentType(ContentType.JSON).body(snapshot(id, HibernationTier.COLD,
                "x", 0)).when().put("/v1/snapshots/" + id).then().statusCode(401);
        store().when().get("/v1/snapshots/" + id).then().statusCode(404);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void noTierHoldsACookieInPlaintextAndEachReadsBackWhole() throws IOException {
        String canary = "plaintext-canary-" + System.nanoTime();
        for (HibernationTier tier : HibernationTier.values()) {
            SessionId id = SessionId.random();
            byte[] body = snapshot(id, tier, canary, 0);
            store().contentType(ContentType.JSON).body(body).when().put("/v1/snapshots/" + id).then().statusCode(200);
            byte[] read = store().when().get("/v1/snapshots/" + id).then().statusCode(200).extract().asByteArray();
            assertThat(read).isEqualTo(body);
        }

        byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
        int redisBlobs = 0;
        String prefix = ConfigProvider.getConfig().getValue("dormouse.store.redis-key-prefix", String.class);
        for (String key : redis.key(String.class).scan(new KeyScanArgs().match(prefix + "*")).toIterable()) {
            for (byte[] blob : redis.hash(String.class, String.class, byte[].class).hgetall(key).values()) {
                redisBlobs++;
                assertThat(indexOf(blob, needle)).as("Redis key %s", key).isNegative();
            }
        }
        int files = 0;
        Path directory = Path.of(ConfigProvider.getConfig().getValue("dormouse.store.directory", String.class));
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files++;
                assertThat(indexOf(Files.readAllBytes(file), needle)).as("file %s", file).isNegative();
            }
        }
        assertThat(redisBlobs).isPositive();
        assertThat(files).isPositive();
    }

    @Test
    void snapshotsAgeDownTierByTierAndComeBackUpWhenRead() {
        lifecycle.tiersConfigured(HibernationTiersConfigured.of(Map.of(
                "hot", new TierPolicy(1, "memory"), "warm", new TierPolicy(1, "redis"))));
        try {
            SessionId id = SessionId.random();
            store().contentType(ContentType.JSON).body(snapshot(id, HibernationTier.HOT, "c", 0)).when()
                    .put("/v1/snapshots/" + id).then().statusCode(200);
            store().when().get("/v1/snapshots/" + id + "/versions").then().body("tier", contains("hot"));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> store().when()
                    .get("/v1/snapshots/" + id + "/versions").then().body("tier", contains("cold")));
            assertThat(tiers.storage(HibernationTier.COLD).versions(id)).containsExactly(1L);
            assertThat(tiers.storage(HibernationTier.WARM).versions(id)).isEmpty();
            assertThat(tiers.storage(HibernationTier.HOT).versions(id)).isEmpty();

            store().when().get("/v1/snapshots/" + id).then().statusCode(200);
            assertThat(tiers.storage(HibernationTier.HOT).versions(id)).containsExactly(1L);
            assertThat(tiers.storage(HibernationTier.WARM).versions(id)).as("written through").containsExactly(1L);
            assertThat(tiers.storage(HibernationTier.COLD).versions(id)).isEmpty();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(moves(id)).containsSubsequence(
                    "hot>warm:aged", "warm>cold:aged", "cold>hot:accessed"));
            given().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("dormouse_snapshots_moved_total{from=\"warm\",reason=\"aged\",to=\"cold\"}"))
                    .body(containsString("dormouse_snapshots_memory_bytes"));
        } finally {
            lifecycle.tiersConfigured(HibernationTiersConfigured.of(Map.of(
                    "hot", new TierPolicy(600, "memory"), "warm", new TierPolicy(3600, "redis"))));
        }
    }

    @Test
    void onlyTheLastVersionsAreKeptAndRewindMakesAnEarlierOneLatest() {
        SessionId id = SessionId.random();
        for (int scroll = 1; scroll <= 5; scroll++) {
            store().contentType(ContentType.JSON).body(snapshot(id, HibernationTier.COLD, "c", scroll)).when()
                    .put("/v1/snapshots/" + id).then().statusCode(200);
        }
        store().when().get("/v1/snapshots/" + id + "/versions").then().statusCode(200)
                .body("version", contains(3, 4, 5)).body("keyId", contains("test2", "test2", "test2"));

        store().contentType(ContentType.JSON).body("{\"version\":2}").when().post("/v1/snapshots/" + id + "/rewind")
                .then().statusCode(404).body("message", containsString("[3, 4, 5]"));
        Instant before = Instant.now();
        store().contentType(ContentType.JSON).body("{\"version\":3}").when().post("/v1/snapshots/" + id + "/rewind")
                .then().statusCode(200);

        SessionSnapshot latest = ProtocolJson.decode(store().when().get("/v1/snapshots/" + id).then()
                .statusCode(200).header(SnapshotResource.VERSION_HEADER, "6").extract().asByteArray(),
                SessionSnapshot.class);
        assertThat(latest.pages().getFirst().scrollY()).isEqualTo(3.0);
        assertThat(latest.takenAt()).isAfterOrEqualTo(before.minusMillis(1));
        store().when().get("/v1/snapshots/" + id + "/versions").then().body("version", contains(4, 5, 6));

        store().when().delete("/v1/snapshots/" + id).then().statusCode(204);
        store().when().get("/v1/snapshots/" + id + "/versions").then().statusCode(200).body("size()", equalTo(0));
        for (HibernationTier tier : HibernationTier.values()) {
            assertThat(tiers.storage(tier).versions(id)).isEmpty();
        }
    }

    @Test
    void forkCopiesTheLatestSnapshotToNewSessions() {
        SessionId source = SessionId.random();
        store().contentType(ContentType.JSON).body(snapshot(source, HibernationTier.WARM, "logged-in", 7)).when()
                .put("/v1/snapshots/" + source).then().statusCode(200);
        SessionId first = SessionId.random();
        SessionId second = SessionId.random();

        store().contentType(ContentType.JSON).body(Map.of("targets", List.of(first.value(), second.value())))
                .when().post("/v1/snapshots/" + source + "/fork").then().statusCode(200).body("size()", equalTo(2));

        for (SessionId copy : List.of(first, second)) {
            SessionSnapshot snapshot = ProtocolJson.decode(store().when().get("/v1/snapshots/" + copy).then()
                    .statusCode(200).extract().asByteArray(), SessionSnapshot.class);
            assertThat(snapshot.sessionId()).isEqualTo(copy);
            assertThat(snapshot.cookies().getFirst().value()).isEqualTo("logged-in");
            assertThat(snapshot.appliedCommands()).isEmpty();
        }
        store().contentType(ContentType.JSON).body(Map.of("targets", List.of(first.value()))).when()
                .post("/v1/snapshots/" + source + "/fork").then().statusCode(400)
                .body("message", containsString("already has snapshots"));
    }

    @Test
    void aCorruptSnapshotIsRefusedAndReportedNeverServedAsEmpty() throws IOException {
        SessionId id = SessionId.random();
        store().contentType(ContentType.JSON).body(snapshot(id, HibernationTier.COLD, "c", 0)).when()
                .put("/v1/snapshots/" + id).then().statusCode(200);
        Path file = Path.of(ConfigProvider.getConfig().getValue("dormouse.store.directory", String.class), "cold",
                id.value(), "1.snap");
        byte[] blob = Files.readAllBytes(file);
        blob[blob.length - 20] ^= 0x40;
        Files.write(file, blob);

        store().when().get("/v1/snapshots/" + id).then().statusCode(422)
                .body("error", equalTo("snapshot-corrupted")).body("message", containsString("integrity"));

        await().atMost(Duration.ofSeconds(10)).until(() -> EVENTS_SEEN.stream()
                .anyMatch(e -> e instanceof SnapshotCorrupted c && c.sessionId().equals(id) && c.version() == 1
                        && c.tier() == HibernationTier.COLD));
    }

    @Test
    void aSnapshotSealedWithARetiredKeyOpensAndIsResealedWithTheActiveOne() {
        SessionId id = SessionId.random();
        String keys = ConfigProvider.getConfig().getValue("dormouse.store.encryption.keys", String.class);
        byte[] body = snapshot(id, HibernationTier.COLD, "rotated", 0);
        tiers.storage(HibernationTier.COLD).put(id, 1, new SnapshotCipher(keys, "test1").seal(id, body));

        byte[] read = store().when().get("/v1/snapshots/" + id).then().statusCode(200).extract().asByteArray();

        assertThat(read).isEqualTo(body);
        byte[] stored = tiers.storage(HibernationTier.COLD).get(id, 1).orElseThrow();
        assertThat(new SnapshotCipher(keys, "test2").keyIdOf(stored)).isEqualTo("test2");
    }

    @Test
    void badSnapshotsAreRefusedWithTheirReason() {
        SessionId id = SessionId.random();
        store().contentType(ContentType.JSON).body("{\"formatVersion\":1}").when().put("/v1/snapshots/" + id)
                .then().statusCode(400).body("message", containsString("not a valid snapshot"));
        store().contentType(ContentType.JSON).body(snapshot(SessionId.random(), HibernationTier.COLD, "c", 0))
                .when().put("/v1/snapshots/" + id).then().statusCode(400).body("message", containsString("belongs"));
        store().contentType(ContentType.JSON).body("{}").when().put("/v1/snapshots/not-a-session").then()
                .statusCode(400);
    }

    private static RequestSpecification store() {
        return given().auth().oauth2(TOKEN);
    }

    private static List<String> moves(SessionId id) {
        return EVENTS_SEEN.stream().filter(e -> e instanceof SnapshotMoved m && m.sessionId().equals(id))
                .map(e -> (SnapshotMoved) e)
                .map(m -> m.from().wireName() + ">" + m.to().wireName() + ":" + m.reason()).toList();
    }

    static byte[] snapshot(SessionId id, HibernationTier tier, String cookieValue, double scrollY) {
        SessionSpec spec = new SessionSpec("tiers", Viewport.DEFAULT, null, null, null, null, tier);
        return ProtocolJson.encodeBytes(new SessionSnapshot(SessionSnapshot.FORMAT_VERSION, id, Instant.now(), spec,
                List.of(new SessionSnapshot.Cookie("sid", cookieValue, "127.0.0.1", "/", -1, true, false, "Lax")),
                List.of(new SessionSnapshot.OriginStorage("http://127.0.0.1:1", Map.of("token", cookieValue),
                        Map.of(), null)),
                List.of(new SessionSnapshot.PageState("http://127.0.0.1:1/", "t", List.of(), 0, 0.0, scrollY)), 0,
                Map.of(), List.of()));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer : for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
