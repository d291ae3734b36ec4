package io.dormouse.registry.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.registry.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The test profile prunes sessions tagged ephemeral-retention after 2 s idle, checking every second. */
@QuarkusTest
class RetentionTest {
    @BeforeAll
    static void authenticate() {
        TestKeys.authenticateAsAdmin();
    }

    @Test
    void idleSessionsARuleSelectsAreDeletedJournaledAndAnnounced() {
        String pruned = create("[\"ephemeral-retention\"]");
        String kept = create("[\"kept\"]");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/v1/sessions/" + pruned)
                .then().statusCode(410));
        given().when().get("/v1/sessions/" + kept).then().statusCode(200);
        List<Map<String, Object>> history = given().when().get("/v1/sessions/" + pruned + "/history").then()
                .statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> deleted = history.get(history.size() - 1);
        assertThat(deleted.get("type")).isEqualTo("SessionDeleted");
        assertThat(((Map<?, ?>) deleted.get("detail")).get("reason")).isEqualTo("retention");
    }

    @Test
    void rulesAreParsedOrRefusedWithTheReason() {
        RetentionRule rule = RetentionRule.parse("idle=12h;tag=scratch;profile=temp");
        assertThat(rule).isEqualTo(new RetentionRule(Duration.ofHours(12), "scratch", "temp"));
        assertThat(RetentionRule.parse("idle=30d").idle()).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> RetentionRule.parse("tag=x")).hasMessageContaining("idle=<duration> is required");
        assertThatThrownBy(() -> RetentionRule.parse("idle=3 weeks")).hasMessageContaining("like 30s");
        assertThatThrownBy(() -> RetentionRule.parse("idle=1d;owner=x")).hasMessageContaining("unknown key");
    }

    private static String create(String tags) {
        return given().contentType(ContentType.JSON).body("{\"profile\":\"retention\",\"tags\":" + tags + "}")
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
    }
}
