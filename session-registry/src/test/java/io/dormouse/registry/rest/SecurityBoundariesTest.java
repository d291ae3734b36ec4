package io.dormouse.registry.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.agroal.api.AgroalDataSource;
import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionState;
import io.dormouse.registry.TestKafka;
import io.dormouse.registry.TestKeys;
import io.dormouse.registry.repository.CommandRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The registry's boundaries as a hostile tenant with a valid key tries them: another tenant's command ids, keys,
 * profiles and the operator's endpoints; malformed spec fields; and secrets that must not rest in the clear.
 */
@QuarkusTest
class SecurityBoundariesTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "dormouse.topics.results")
    String resultsTopic;

    @ConfigProperty(name = "dormouse.topics.events")
    String eventsTopic;

    @ConfigProperty(name = "dormouse.registry.monitor-key")
    String monitorKey;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CommandRepository commands;

    @BeforeAll
    static void authenticate() {
        TestKeys.authenticateAsAdmin();
    }

    @Test
    void aCommandIdIsTheTenantsOwn() throws Exception {
        String acme = issue("acme-" + suffix, "AGENT");
        String mallory = issue("mallory-" + suffix, "AGENT");
        String acmeSession = createSession(acme);
        String mallorySession = createSession(mallory);
        String shared = "cmd_shared_" + suffix;

        // acme's command; no worker runs here, so it stays pending until an outcome is published for it.
        act(acme, acmeSession, shared).then().statusCode(504);
        complete(acmeSession, shared, "acme's secret page text");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(acme).get("/v1/commands/" + shared).then()
                .statusCode(200).body("status", equalTo("COMPLETED")));

        // mallory reuses the id on its own session: a command of its own, not acme's result.
        String reused = act(mallory, mallorySession, shared).then().statusCode(504).extract().asString();
        assertThat(reused).doesNotContain("acme's secret");
        as(mallory).get("/v1/commands/" + shared).then().statusCode(200)
                .body("sessionId", equalTo(mallorySession)).body("status", equalTo("PENDING"))
                .body(not(containsString("acme's secret")));
        as(acme).get("/v1/commands/" + shared).then().statusCode(200).body("sessionId", equalTo(acmeSession))
                .body("outcome.result", equalTo("acme's secret page text"));

        // mallory pre-empts an id acme will use and completes it: acme's later command still runs as its own.
        String preempted = "cmd_preempt_" + suffix;
        act(mallory, mallorySession, preempted).then().statusCode(504);
        complete(mallorySession, preempted, "mallory's planted answer");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(mallory).get("/v1/commands/" + preempted)
                .then().body("status", equalTo("COMPLETED")));
        String acmes = act(acme, acmeSession, preempted).then().statusCode(504).extract().asString();
        assertThat(acmes).doesNotContain("planted");

        // Within one tenant an id names one command: reusing it for another session is a conflict.
        String acmeOther = createSession(acme);
        act(acme, acmeOther, shared).then().statusCode(409).body("message", containsString(acmeSession));
    }

    @Test
    void aTenantAdminStaysInItsTenant() {
        String tenant = "t1-" + suffix;
        String admin = issue(tenant, "ADMIN");
        String other = issue("t2-" + suffix, "ADMIN");

        as(admin).contentType(ContentType.JSON).body("{\"tenant\":\"t2-" + suffix + "\"}").post("/v1/admin/keys")
                .then().statusCode(403);
        as(admin).contentType(ContentType.JSON).body("{\"role\":\"OPERATOR\"}").post("/v1/admin/keys")
                .then().statusCode(403);
        as(admin).contentType(ContentType.JSON).body("{\"role\":\"MONITOR\"}").post("/v1/admin/keys")
                .then().statusCode(403);
        as(admin).contentType(ContentType.JSON).body("{\"role\":\"AGENT\"}").post("/v1/admin/keys")
                .then().statusCode(201).body("tenant", equalTo(tenant));
        as(admin).queryParam("tenant", "default").get("/v1/admin/keys").then().statusCode(403);
        as(admin).get("/v1/admin/keys").then().statusCode(200).body("tenant.unique()", equalTo(java.util.List.of(
                tenant)));
        // The operator's key is another tenant's: as unknown to a tenant admin as a key that does not exist.
        as(admin).delete("/v1/admin/keys/key_bootstrap_admin").then().statusCode(404);
        given().get("/v1/sessions").then().statusCode(200);

        // Operator-only endpoints.
        as(admin).contentType(ContentType.JSON).body("{\"hot\":{\"maxIdleSeconds\":1,\"storage\":\"memory\"}}")
                .put("/v1/hibernation/tiers").then().statusCode(403).body("error", equalTo("forbidden"));
        as(admin).get("/v1/admin/census").then().statusCode(403);

        // Profiles are the tenant's own: its auth probe reaches its own sessions only.
        String profile = "bank-" + suffix;
        as(admin).contentType(ContentType.JSON).body("{\"authProbe\":{\"loggedInExpression\":\"() => true\"}}")
                .put("/v1/profiles/" + profile + "/health").then().statusCode(200);
        as(other).get("/v1/profiles/" + profile + "/health").then().statusCode(404);
        as(other).queryParam("tenant", tenant).get("/v1/profiles").then().statusCode(403);
        given().get("/v1/profiles/" + profile + "/health").then().statusCode(404);
        given().queryParam("tenant", tenant).get("/v1/profiles/" + profile + "/health").then().statusCode(200);
        as(other).delete("/v1/profiles/" + profile + "/health").then().statusCode(404);
        as(admin).get("/v1/profiles/" + profile + "/health").then().statusCode(200);
    }

    @Test
    void theMonitorsKeyReadsTheCensusAndNothingElse() {
        as(monitorKey).get("/v1/admin/census").then().statusCode(200);
        as(monitorKey).get("/v1/sessions").then().statusCode(403);
        as(monitorKey).get("/v1/admin/keys").then().statusCode(403);
        given().get("/v1/admin/census").then().statusCode(200);
    }

    @Test
    void badSpecFieldsAndParametersAreRefusedByName() {
        String[][] cases = {
                {"{\"profile\":\"p\",\"userAgent\":\"Agent\\r\\nX-Injected: 1\"}", "userAgent"},
                {"{\"profile\":\"p\",\"locale\":\"../../etc\"}", "locale"},
                {"{\"profile\":\"p\",\"timezone\":\"Mars/Olympus\"}", "timezone"},
                {"{\"profile\":\"p\",\"viewport\":{\"width\":\"wide\",\"height\":600}}", "viewport.width"},
                {"{\"profile\":\"p\",\"tagz\":[]}", "unknown field 'tagz'"}};
        for (String[] bad : cases) {
            String message = given().contentType(ContentType.JSON).body(bad[0]).post("/v1/sessions").then()
                    .statusCode(400).extract().path("message");
            assertThat(message).as(bad[0]).contains(bad[1]).doesNotContain("java.", "io.dormouse", "Request",
                    "SessionSpec", "`");
        }
        String id = createSession(TestKeys.ADMIN);
        given().contentType(ContentType.JSON).body("{\"type\":\"url\"}").queryParam("timeoutMs", "abc")
                .post("/v1/sessions/" + id + "/actions").then().statusCode(400)
                .body("message", containsString("timeoutMs"));
        given().queryParam("limit", "many").get("/v1/sessions").then().statusCode(400)
                .body("message", containsString("limit"));
        given().queryParam("after", "x").get("/v1/sessions/" + id + "/history").then().statusCode(400)
                .body("message", containsString("after"));
    }

    @Test
    void aProxyPasswordIsSealedAtRestAndLeftOutOfEvents() throws Exception {
        String password = "hunter2-" + suffix;
        try (KafkaConsumer<String, String> events = TestKafka.consumerFromNow(bootstrapServers, eventsTopic)) {
            String id = given().contentType(ContentType.JSON).body("{\"profile\":\"p\",\"proxy\":{\"server\":"
                    + "\"http://proxy.example:3128\",\"username\":\"agent\",\"password\":\"" + password + "\"}}")
                    .post("/v1/sessions").then().statusCode(201).body(not(containsString(password)))
                    .body("proxy.hasCredentials", equalTo(true)).extract().path("id");
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement query = connection
                            .prepareStatement("SELECT spec::text FROM sessions WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet row = query.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString(1)).doesNotContain(password).contains("sealed:v1:");
                }
            }
            String created = await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
                    if (id.equals(record.key()) && record.value().contains("SessionCreated")) {
                        return record.value();
                    }
                }
                return null;
            }, value -> value != null);
            assertThat(created).contains("proxy.example").doesNotContain(password);
        }
    }

    @Test
    void commandResultsDoNotOutliveTheirBoundsOrTheirSession() throws Throwable {
        String id = createSession(TestKeys.ADMIN);
        String commandId = "cmd_bounded_" + suffix;
        act(TestKeys.ADMIN, id, commandId).then().statusCode(504);
        complete(id, commandId, "cookie=secret-value");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/v1/commands/" + commandId).then()
                .body("outcome.result", equalTo("cookie=secret-value")));

        // As the pruner does once the result retention passed: status stays, the result goes.
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> commands.purgeResults(Instant.now().plusSeconds(1))));
        given().get("/v1/commands/" + commandId).then().statusCode(200).body("status", equalTo("COMPLETED"))
                .body(not(containsString("secret-value")));
        // Deleting the session forgets its commands.
        given().delete("/v1/sessions/" + id).then().statusCode(204);
        given().get("/v1/commands/" + commandId).then().statusCode(404);
    }

    private void complete(String sessionId, String commandId, String result) throws Exception {
        TestKafka.send(bootstrapServers, resultsTopic, sessionId, ProtocolJson.encode(ActionCompleted.of(
                CommandId.of(commandId), SessionId.of(sessionId), null, TextNode.valueOf(result),
                SessionState.ACTIVE, null, null)));
    }

    private static io.restassured.response.Response act(String key, String sessionId, String commandId) {
        return as(key).contentType(ContentType.JSON).header("Dormouse-Command-Id", commandId)
                .queryParam("timeoutMs", 200).body("{\"type\":\"url\"}").post("/v1/sessions/" + sessionId + "/actions");
    }

    private static String createSession(String key) {
        return as(key).contentType(ContentType.JSON).body("{\"profile\":\"p\"}").post("/v1/sessions").then()
                .statusCode(201).extract().path("id");
    }

    private static String issue(String tenant, String role) {
        return given().contentType(ContentType.JSON).body("{\"tenant\":\"" + tenant + "\",\"role\":\"" + role + "\"}")
                .when().post("/v1/admin/keys").then().statusCode(201).extract().path("key");
    }

    private static RequestSpecification as(String key) {
        return given().auth().oauth2(key).when();
    }
}
