package io.dormouse.registry.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionActivated;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.WorkerId;
import io.dormouse.registry.TestKafka;
import io.dormouse.registry.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The session journal: what happened to a session, in order, paged, with secrets masked. */
@QuarkusTest
class SessionHistoryTest {

    @BeforeAll
    static void authenticate() {
        TestKeys.authenticateAsAdmin();
    }
    @Test
    void theJournalListsCommandsAndEventsInOrderWithSecretsMasked() {
        String id = given().contentType(ContentType.JSON).body("{\"profile\":\"journal\",\"tags\":[\"a\"]}")
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body("{\"add\":[\"b\"]}")
                .when().patch("/v1/sessions/" + id + "/tags").then().statusCode(200);
        // No worker runs in this test: the command is journaled, then times out waiting for one.
        // A client-chosen command id may be up to 100 characters; the journal keeps it whole.
        given().contentType(ContentType.JSON).queryParam("timeoutMs", 100)
                .header("Dormouse-Command-Id", "client-chosen:" + "x".repeat(80))
                .body("{\"type\":\"fill\",\"selector\":\"#password\",\"value\":\"hunter2\"}")
                .when().post("/v1/sessions/" + id + "/actions").then().statusCode(504);
        given().when().delete("/v1/sessions/" + id).then().statusCode(204);

        List<Map<String, Object>> entries = new ArrayList<>();
        String after = "0";
        while (after != null) {
            Response page = given().queryParam("after", after).queryParam("limit", 2)
                    .when().get("/v1/sessions/" + id + "/history");
            assertThat(page.statusCode()).isEqualTo(200);
            entries.addAll(page.jsonPath().getList("$"));
            after = page.header("Dormouse-Next-Cursor");
        }
        assertThat(entries).extracting(entry -> entry.get("kind") + ":" + entry.get("type")).containsExactly(
                "EVENT:SessionCreated", "EVENT:SessionTagsChanged", "COMMAND:RunAction", "EVENT:SessionDeleted");
        Map<?, ?> command = (Map<?, ?>) entries.get(2).get("detail");
        Map<?, ?> action = (Map<?, ?>) command.get("action");
        assertThat(action.get("type")).isEqualTo("fill");
        assertThat(action.get("selector")).isEqualTo("#password");
        assertThat(action.get("value")).isEqualTo("***");
        assertThat(entries.toString()).doesNotContain("hunter2");
        assertThat(((Map<?, ?>) entries.get(1).get("detail")).get("tags")).isEqualTo(List.of("a", "b"));
    }

    @Test
    void anUnknownSessionHasNoHistory() {
        given().when().get("/v1/sessions/ses_000000000000/history").then().statusCode(404)
                .body("error", equalTo("session-not-found"));
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "dormouse.topics.events")
    String eventsTopic;

    /** Events a worker publishes are journaled once, however often they are delivered. */
    @Test
    void workerEventsAreJournaledOnce() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"profile\":\"journal\"}")
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        SessionActivated activated = SessionActivated.of(CommandId.random(), SessionId.of(id), WorkerId.of("wrk_test"));
        for (int i = 0; i < 2; i++) {
            TestKafka.send(bootstrapServers, eventsTopic, id, ProtocolJson.encode(activated));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Map<String, Object>> entries = given().when().get("/v1/sessions/" + id + "/history").then()
                    .statusCode(200).extract().jsonPath().getList("$");
            assertThat(entries).extracting(entry -> entry.get("type")).containsExactly("SessionCreated",
                    "SessionActivated");
        });
        given().when().get("/v1/sessions/" + id).then().statusCode(200).body("state", equalTo("ACTIVE"));
    }
}
