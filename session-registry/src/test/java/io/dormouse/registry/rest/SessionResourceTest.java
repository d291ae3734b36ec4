package io.dormouse.registry.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.registry.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The registry's HTTP API against a real PostgreSQL and Kafka; no worker runs, so nothing here needs a browser. */
@QuarkusTest
class SessionResourceTest {

    @BeforeAll
    static void authenticate() {
        TestKeys.authenticateAsAdmin();
    }
    private final String runTag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void createReturnsTheSessionWithoutProxyCredentials() {
        String id = given().contentType(ContentType.JSON)
                .body("""
                        {"profile":"shop","viewport":{"width":1920,"height":1080},"tags":["a","a","b"],
                         "proxy":{"server":"socks5://127.0.0.1:1080","username":"agent","password":"hunter2"},
                         "hibernationTier":"hot","metadata":{"owner":"agent-7"}}""")
                .when().post("/v1/sessions")
                .then().statusCode(201)
                .header("Location", containsString("/v1/sessions/ses_"))
                .body("id", matchesPattern("ses_[0-9A-Za-z]{12}"))
                .body("state", equalTo("CREATED"))
                .body("profile", equalTo("shop"))
                .body("viewport.width", equalTo(1920))
                .body("tags", contains("a", "b"))
                .body("hibernationTier", equalTo("hot"))
                .body("metadata.owner", equalTo("agent-7"))
                .body("proxy.server", equalTo("socks5://127.0.0.1:1080"))
                .body("proxy.hasCredentials", equalTo(true))
                .body(not(containsString("hunter2")))
                .extract().path("id");

        given().when().get("/v1/sessions/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("createdAt", notNullValue())
                .body(not(containsString("hunter2")));
    }

    @Test
    void listByTagsReturnsSessionsCarryingAllOfThem() {
        String both = create("[\"" + runTag + "\",\"blue\"]");
        String onlyRun = create("[\"" + runTag + "\"]");
        create("[\"blue\"]");

        given().queryParam("tags", runTag + ",blue").when().get("/v1/sessions")
                .then().statusCode(200).body("id", contains(both));
        given().queryParam("tags", runTag).when().get("/v1/sessions")
                .then().statusCode(200).body("id", containsInAnyOrder(both, onlyRun));
    }

    @Test
    void tagsAreReplacedWhole() {
        String id = create("[\"" + runTag + "\",\"available\"]");

        given().contentType(ContentType.JSON).body("{\"tags\":[\"" + runTag + "\",\"in-use\"]}")
                .when().put("/v1/sessions/" + id + "/tags")
                .then().statusCode(200).body("tags", contains(runTag, "in-use"));
        given().queryParam("tags", runTag + ",available").when().get("/v1/sessions")
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void deletedSessionsAreGoneAndDeletingTwiceIsHarmless() {
        String id = create("[\"" + runTag + "\"]");

        given().when().delete("/v1/sessions/" + id).then().statusCode(204);
        given().when().delete("/v1/sessions/" + id).then().statusCode(204);
        given().when().get("/v1/sessions/" + id)
                .then().statusCode(410).body("error", equalTo("session-deleted"));
        given().contentType(ContentType.JSON).body("{\"type\":\"url\"}")
                .when().post("/v1/sessions/" + id + "/actions")
                .then().statusCode(410);
        given().queryParam("tags", runTag).when().get("/v1/sessions")
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void badInputIsA400NamingTheProblem() {
        given().contentType(ContentType.JSON).body("{\"profile\":\"p\",\"tags\":[\"ok\",\"not ok\"]}")
                .when().post("/v1/sessions")
                .then().statusCode(400).body("error", equalTo("invalid-request"))
                .body("message", containsString("tags[1]"));
        given().contentType(ContentType.JSON).body("{\"profile\":\"p\",\"metadata\":{\"blob\":\"" + "x".repeat(20_000)
                + "\"}}")
                .when().post("/v1/sessions")
                .then().statusCode(400).body("message", containsString("metadata: at most 16384 bytes"));
        given().queryParam("limit", 0).when().get("/v1/sessions")
                .then().statusCode(400).body("message", containsString("limit"));
        String id = create("[]");
        given().contentType(ContentType.JSON).body("{\"type\":\"url\"}").queryParam("timeoutMs", 999_999_999)
                .when().post("/v1/sessions/" + id + "/actions")
                .then().statusCode(400).body("message", containsString("timeoutMs"));
        given().contentType(ContentType.JSON).body("{\"type\":\"url\"}").header("Dormouse-Command-Id", "bad id!")
                .when().post("/v1/sessions/" + id + "/actions")
                .then().statusCode(400).body("message", containsString("Dormouse-Command-Id"));
    }

    @Test
    void unknownSessionsAre404() {
        given().when().get("/v1/sessions/ses_000000000000").then().statusCode(404)
                .body("error", equalTo("session-not-found"));
        given().contentType(ContentType.JSON).body("{\"tags\":[]}").when().put("/v1/sessions/nonsense/tags")
                .then().statusCode(404);
    }

    @Test
    void aSessionThatNeverRanCannotBeHibernated() {
        String id = create("[]");

        given().when().post("/v1/sessions/" + id + "/hibernate")
                .then().statusCode(409).body("message", containsString("never been active"));
    }

    @Test
    void aCommandNoWorkerAnswersEndsIn504WithItsCommandId() {
        String id = create("[]");

        given().contentType(ContentType.JSON).body("{\"type\":\"url\"}").queryParam("timeoutMs", 200)
                .header("Dormouse-Command-Id", "cmd-" + runTag)
                .when().post("/v1/sessions/" + id + "/actions")
                .then().statusCode(504)
                .body("error", equalTo("worker-timeout"))
                .body("commandId", equalTo("cmd-" + runTag));

        given().when().get("/v1/commands/cmd-" + runTag)
                .then().statusCode(200)
                .body("commandId", equalTo("cmd-" + runTag))
                .body("sessionId", equalTo(id))
                .body("kind", equalTo("RunAction"))
                .body("status", equalTo("PENDING"));
        given().when().get("/v1/commands/cmd-unknown-" + runTag)
                .then().statusCode(404).body("error", equalTo("command-not-found"));
    }

    @Test
    void openApiAndHealthAreServed() {
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/v1/sessions"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    private static String create(String tags) {
        return given().contentType(ContentType.JSON).body("{\"profile\":\"default\",\"tags\":" + tags + "}")
                .when().post("/v1/sessions")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void aSessionThatWasNeverActiveCannotBeHibernatedOrRecycled() {
        String id = given().contentType(ContentType.JSON).body("{\"profile\":\"fresh\"}")
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        for (String request : List.of("hibernate", "recycle")) {
            given().when().post("/v1/sessions/" + id + "/" + request).then().statusCode(409)
                    .body("error", equalTo("invalid-state"))
                    .body("message", containsString("is CREATED: it has never been active"));
        }
        given().when().delete("/v1/sessions/" + id).then().statusCode(204);
        given().when().post("/v1/sessions/" + id + "/recycle").then().statusCode(410);
    }
}
