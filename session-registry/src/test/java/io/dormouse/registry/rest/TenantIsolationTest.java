package io.dormouse.registry.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.registry.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * API keys map callers to tenants: no key or a bad one is a 401, another tenant's session is a 404 on every endpoint
 * (never a 403 that would tell it exists), and only admin keys manage keys.
 */
@QuarkusTest
class TenantIsolationTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void authenticate() {
        TestKeys.authenticateAsAdmin();
    }

    @Test
    void anotherTenantsSessionIsNotFoundOnEveryEndpoint() {
        String acme = issue("acme-" + suffix, "AGENT");
        String globex = issue("globex-" + suffix, "AGENT");
        String tag = "iso-" + suffix;
        String id = as(acme).contentType(ContentType.JSON).body("{\"profile\":\"p\",\"tags\":[\"" + tag + "\"]}")
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
        // A command of acme's, so there is something to look up.
        String commandId = "cmd_" + "A".repeat(16);
        as(acme).contentType(ContentType.JSON).header("Dormouse-Command-Id", commandId).queryParam("timeoutMs", 50)
                .body("{\"type\":\"url\"}").when().post("/v1/sessions/" + id + "/actions").then().statusCode(504);

        List<Function<RequestSpecification, Response>> calls = List.of(
                r -> r.get("/v1/sessions/" + id),
                r -> r.contentType(ContentType.JSON).body("{\"tags\":[\"x\"]}").put("/v1/sessions/" + id + "/tags"),
                r -> r.contentType(ContentType.JSON).body("{\"add\":[\"x\"]}").patch("/v1/sessions/" + id + "/tags"),
                r -> r.contentType(ContentType.JSON).body("{\"type\":\"url\"}").post("/v1/sessions/" + id + "/actions"),
                r -> r.post("/v1/sessions/" + id + "/hibernate"),
                r -> r.post("/v1/sessions/" + id + "/resume"),
                r -> r.get("/v1/sessions/" + id + "/history"),
                r -> r.get("/v1/sessions/" + id + "/artifacts/art_" + "0".repeat(32)),
                r -> r.get("/v1/commands/" + commandId),
                r -> r.contentType(ContentType.JSON).body("{\"id\":\"" + id + "\"}").post("/v1/pool/release"),
                r -> r.delete("/v1/sessions/" + id));
        for (Function<RequestSpecification, Response> call : calls) {
            Response response = call.apply(as(globex));
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(404);
            assertThat(response.asString()).doesNotContain("forbidden");
        }
        as(globex).queryParam("tags", tag).when().get("/v1/sessions").then().statusCode(200).body("size()",
                equalTo(0));
        as(globex).contentType(ContentType.JSON).body("{\"tags\":[\"" + tag + "\"]}").when()
                .post("/v1/pool/checkout").then().statusCode(204);

        // Nothing globex did touched acme's session.
        as(acme).when().get("/v1/sessions/" + id).then().statusCode(200).body("tags", equalTo(List.of(tag)));
        as(acme).queryParam("tags", tag).when().get("/v1/sessions").then().statusCode(200).body("size()",
                equalTo(1));
        as(acme).when().get("/v1/commands/" + commandId).then().statusCode(200);
    }

    @Test
    void missingUnknownAndRevokedKeysAreRefused() {
        given().auth().none().when().get("/v1/sessions").then().statusCode(401).body("error", equalTo("unauthorized"))
                .header("WWW-Authenticate", startsWith("Bearer"));
        as("dmk_not_a_key").when().get("/v1/sessions").then().statusCode(401);

        Response issued = given().contentType(ContentType.JSON)
                .body("{\"tenant\":\"revoked-" + suffix + "\",\"label\":\"short-lived\"}")
                .when().post("/v1/admin/keys");
        issued.then().statusCode(201).body("role", equalTo("AGENT"));
        String key = issued.path("key");
        as(key).when().get("/v1/sessions").then().statusCode(200);
        given().when().delete("/v1/admin/keys/" + issued.path("id")).then().statusCode(204);
        as(key).when().get("/v1/sessions").then().statusCode(401);
        // Health and the API description stay open.
        given().auth().none().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void onlyAdminKeysManageKeysAndKeysAreNeverShownAgain() {
        String agent = issue("tenant-" + suffix, "AGENT");
        as(agent).contentType(ContentType.JSON).body("{\"tenant\":\"other\"}").when().post("/v1/admin/keys")
                .then().statusCode(403).body("error", equalTo("forbidden"));
        String listed = given().queryParam("tenant", "tenant-" + suffix).when().get("/v1/admin/keys").then()
                .statusCode(200).body("size()", equalTo(1)).extract().asString();
        assertThat(listed).doesNotContain(agent);
        given().contentType(ContentType.JSON).body("{\"tenant\":\"Bad Tenant\"}").when().post("/v1/admin/keys")
                .then().statusCode(400).body("message", containsString("tenant: 1 to 64"));
    }

    private static String issue(String tenant, String role) {
        return given().contentType(ContentType.JSON).body("{\"tenant\":\"" + tenant + "\",\"role\":\"" + role + "\"}")
                .when().post("/v1/admin/keys").then().statusCode(201).extract().path("key");
    }

    private static RequestSpecification as(String key) {
        return given().auth().oauth2(key);
    }
}
