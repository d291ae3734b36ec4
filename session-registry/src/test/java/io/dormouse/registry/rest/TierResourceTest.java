package io.dormouse.registry.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.registry.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Hibernation tiers: stored, validated, and changed only with an admin key. */
@QuarkusTest
class TierResourceTest {
    @BeforeAll
    static void authenticate() {
        TestKeys.authenticateAsAdmin();
    }

    @Test
    void tiersAreChangedByAdminsAndValidated() {
        given().when().get("/v1/hibernation/tiers").then().statusCode(200)
                .body("cold.storage", equalTo("disk"));
        given().contentType(ContentType.JSON).body("{\"hot\":{\"maxIdleSeconds\":120,\"storage\":\"memory\"}}")
                .when().put("/v1/hibernation/tiers").then().statusCode(200)
                .body("hot.maxIdleSeconds", equalTo(120)).body("warm.storage", equalTo("redis"));
        given().when().get("/v1/hibernation/tiers").then().statusCode(200).body("hot.maxIdleSeconds", equalTo(120));

        given().contentType(ContentType.JSON).body("{\"lukewarm\":{\"maxIdleSeconds\":1,\"storage\":\"disk\"}}")
                .when().put("/v1/hibernation/tiers").then().statusCode(400)
                .body("message", containsString("hot, warm, cold"));
        given().contentType(ContentType.JSON).body("{\"cold\":{\"maxIdleSeconds\":0,\"storage\":\"disk\"}}")
                .when().put("/v1/hibernation/tiers").then().statusCode(400)
                .body("message", containsString("maxIdleSeconds"));
        given().contentType(ContentType.JSON).body("{\"cold\":{\"maxIdleSeconds\":60,\"storage\":\"tape\"}}")
                .when().put("/v1/hibernation/tiers").then().statusCode(400)
                .body("message", containsString("storage"));

        given().contentType(ContentType.JSON).body("{\"warm\":{\"maxIdleSeconds\":60,\"storage\":\"disk\"}}")
                .when().put("/v1/hibernation/tiers").then().statusCode(400)
                .body("message", containsString("each tier needs its own"));
        given().when().get("/v1/hibernation/tiers").then().statusCode(200).body("warm.storage", equalTo("redis"));

        String agent = given().contentType(ContentType.JSON).body("{\"tenant\":\"tiers-agent\"}")
                .when().post("/v1/admin/keys").then().statusCode(201).extract().path("key");
        given().auth().oauth2(agent).contentType(ContentType.JSON)
                .body("{\"hot\":{\"maxIdleSeconds\":60,\"storage\":\"memory\"}}")
                .when().put("/v1/hibernation/tiers").then().statusCode(403);
    }
}
