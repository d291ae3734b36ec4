package io.dormouse.registry.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.registry.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The session census: counted by state and tier across tenants, for admins, and published as gauges. */
@QuarkusTest
class CensusResourceTest {
    @BeforeAll
    static void authenticate() {
        TestKeys.authenticateAsAdmin();
    }

    @Test
    void sessionsAreCountedByStateAndTierAndDeletedOnesAreNot() {
        int before = coldCreated();
        String first = create("cold");
        create("cold");
        assertThat(coldCreated()).isEqualTo(before + 2);

        given().when().delete("/v1/sessions/" + first).then().statusCode(204);
        assertThat(coldCreated()).isEqualTo(before + 1);

        String agent = given().contentType(ContentType.JSON).body("{\"tenant\":\"census-agent\"}")
                .when().post("/v1/admin/keys").then().statusCode(201).extract().path("key");
        given().auth().oauth2(agent).when().get("/v1/admin/census").then().statusCode(403);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(given().when().get("/q/metrics")
                .then().statusCode(200).extract().asString())
                .contains("dormouse_sessions{state=\"CREATED\",tier=\"cold\"} " + (before + 1) + ".0"));
    }

    private static int coldCreated() {
        Integer count = given().when().get("/v1/admin/census").then().statusCode(200).extract()
                .path("byStateAndTier.CREATED.cold");
        return count == null ? 0 : count;
    }

    private static String create(String tier) {
        return given().contentType(ContentType.JSON).body("{\"profile\":\"census\",\"hibernationTier\":\"" + tier
                + "\"}").when().post("/v1/sessions").then().statusCode(201).extract().path("id");
    }
}
