package io.dormouse.registry.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.protocol.AuthProbe;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.RunAction;
import io.dormouse.protocol.SessionCommand;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionNeedsReauth;
import io.dormouse.protocol.SessionReauthenticated;
import io.dormouse.registry.TestKafka;
import io.dormouse.registry.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Profiles' health settings: validated, changed only by admins, and carried by every command the registry sends a
 * worker for a session of the profile; the monitor's re-authentication verdicts become the {@code needs-reauth} tag.
 */
@QuarkusTest
class ProfileResourceTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "dormouse.topics.actions")
    String actionsTopic;

    @ConfigProperty(name = "dormouse.topics.events")
    String eventsTopic;

    @BeforeAll
    static void authenticate() {
        TestKeys.authenticateAsAdmin();
    }

    @Test
    void healthSettingsAreValidatedAndChangedByAdminsOnly() {
        String profile = "bank-" + UUID.randomUUID().toString().substring(0, 8);
        given().when().get("/v1/profiles/" + profile + "/health").then().statusCode(404)
                .body("error", equalTo("profile-not-found"));

        refused(profile, "{\"authProbe\":{}}", "at least one of requiredCookie");
        refused(profile, "{\"authProbe\":{\"loggedOutUrlPattern\":\"(unclosed\"}}", "not a regular expression");
        refused(profile, "{\"authProbe\":{\"requiredCookie\":\"sid\",\"intervalSeconds\":1}}", "at least 5");
        refused(profile, "{\"memoryThresholdMb\":1}", "memoryThresholdMb");
        refused(profile, "{\"authProbe\":{\"requiredCookie\":\"no spaces\"}}", "not a cookie name");
        given().contentType(ContentType.JSON).body("{}").when().put("/v1/profiles/bad%20name/health").then()
                .statusCode(400).body("message", containsString("profile must be"));

        given().contentType(ContentType.JSON)
                .body("{\"memoryThresholdMb\":300,\"authProbe\":{\"requiredCookie\":\"sid\","
                        + "\"loggedOutUrlPattern\":\"/login\"}}")
                .when().put("/v1/profiles/" + profile + "/health").then().statusCode(200)
                .body("authProbe.intervalSeconds", equalTo(AuthProbe.DEFAULT_INTERVAL_SECONDS));
        given().when().get("/v1/profiles/" + profile + "/health").then().statusCode(200)
                .body("memoryThresholdMb", equalTo(300)).body("authProbe.requiredCookie", equalTo("sid"));
        given().when().get("/v1/profiles").then().statusCode(200)
                .body("'" + profile + "'.authProbe.loggedOutUrlPattern", equalTo("/login"));

        String agent = given().contentType(ContentType.JSON).body("{\"tenant\":\"profiles-agent\"}")
                .when().post("/v1/admin/keys").then().statusCode(201).extract().path("key");
        given().auth().oauth2(agent).contentType(ContentType.JSON).body("{\"memoryThresholdMb\":100}")
                .when().put("/v1/profiles/" + profile + "/health").then().statusCode(403);
        given().auth().oauth2(agent).when().delete("/v1/profiles/" + profile + "/health").then().statusCode(403);

        given().when().delete("/v1/profiles/" + profile + "/health").then().statusCode(204);
        given().when().get("/v1/profiles/" + profile + "/health").then().statusCode(404);
    }

    @Test
    void commandsToWorkersCarryTheProfilesCurrentSettings() {
        String profile = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"authProbe\":{\"loggedInExpression\":\"!!window.user\","
                + "\"intervalSeconds\":30}}").when().put("/v1/profiles/" + profile + "/health").then()
                .statusCode(200);
        String id = given().contentType(ContentType.JSON).body("{\"profile\":\"" + profile + "\"}")
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        try (KafkaConsumer<String, String> actions = TestKafka.consumerFromNow(bootstrapServers, actionsTopic)) {
            // No worker runs here: the action times out, but the command is on the actions topic.
            given().contentType(ContentType.JSON).body("{\"type\":\"url\"}")
                    .when().post("/v1/sessions/" + id + "/actions?timeoutMs=300").then().statusCode(504);

            RunAction sent = await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : actions.poll(Duration.ofMillis(200))) {
                    if (id.equals(record.key())
                            && ProtocolJson.decode(record.value(), SessionCommand.class) instanceof RunAction run) {
                        return run;
                    }
                }
                return null;
            }, run -> run != null);
            assertThat(sent.spec().health().authProbe().loggedInExpression()).isEqualTo("!!window.user");
            assertThat(sent.spec().health().authProbe().intervalSeconds()).isEqualTo(30);
        }
    }

    @Test
    void reauthVerdictsTagAndUntagTheSession() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"profile\":\"reauth\",\"tags\":[\"pool\"]}")
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        publish(SessionNeedsReauth.of(SessionId.of(id), AuthProbe.COOKIE, "no cookie named sid"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/v1/sessions/" + id)
                .then().statusCode(200).body("tags", contains("pool",
                        SessionNeedsReauth.TAG)));
        given().when().get("/v1/sessions/" + id + "/history").then().statusCode(200)
                .body("type", hasItem("SessionNeedsReauth"));

        publish(SessionReauthenticated.of(SessionId.of(id)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/v1/sessions/" + id)
                .then().statusCode(200).body("tags", contains("pool")));
    }

    @Test
    void metricsOfASessionWithoutAContextGiveTheRegistrysCounters() {
        String id = given().contentType(ContentType.JSON).body("{\"profile\":\"metrics\"}")
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        given().when().get("/v1/sessions/" + id + "/metrics").then().statusCode(200)
                .body("sessionId", equalTo(id)).body("state", equalTo("CREATED")).body("sample", equalTo("NONE"))
                .body("recycleCount", equalTo(0)).body("memoryMb", nullValue());
        given().when().get("/v1/sessions/ses_000000000000/metrics").then().statusCode(404);
    }

    private static void refused(String profile, String body, String reason) {
        given().contentType(ContentType.JSON).body(body).when().put("/v1/profiles/" + profile + "/health").then()
                .statusCode(400).body("message", containsString(reason));
    }

    private void publish(SessionEvent event) throws Exception {
        TestKafka.send(bootstrapServers, eventsTopic, event.sessionId().value(), ProtocolJson.encode(event));
    }
}
