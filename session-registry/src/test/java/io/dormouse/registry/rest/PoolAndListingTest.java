package io.dormouse.registry.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.dormouse.registry.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Pools, tag patches and listing against a real PostgreSQL: contention, leases, filters and cursor pages. */
@QuarkusTest
class PoolAndListingTest {

    @BeforeAll
    static void authenticate() {
        TestKeys.authenticateAsAdmin();
    }
    private final String runTag = "p" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void fiftyConcurrentCheckoutsOfTwentySessionsNeverHandOneOutTwice() throws Exception {
        for (int i = 0; i < 20; i++) {
            create("[\"" + runTag + "\",\"pool\"]");
        }
        ExecutorService clients = Executors.newFixedThreadPool(50);
        List<Callable<Response>> checkouts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            checkouts.add(() -> given().contentType(ContentType.JSON)
                    .body("{\"tags\":[\"" + runTag + "\"],\"leaseSeconds\":60}")
                    .when().post("/v1/pool/checkout").andReturn());
        }
        List<String> handedOut = new ArrayList<>();
        int empty = 0;
        for (Future<Response> reply : clients.invokeAll(checkouts)) {
            Response response = reply.get();
            if (response.statusCode() == 204) {
                empty++;
            } else {
                assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
                handedOut.add(response.path("session.id"));
                assertThat((String) response.path("leaseId")).startsWith("lse_");
            }
        }
        clients.shutdown();
        Set<String> distinct = new HashSet<>(handedOut);
        assertThat(handedOut).hasSize(20);
        assertThat(distinct).as("each session handed out once").hasSize(20);
        assertThat(empty).isEqualTo(30);

        String first = handedOut.get(0);
        given().contentType(ContentType.JSON).body("{\"id\":\"" + first + "\",\"leaseId\":\"lse_not-mine\"}")
                .when().post("/v1/pool/release").then().statusCode(409).body("message", containsString("lease"));
        given().contentType(ContentType.JSON).body("{\"id\":\"" + first + "\"}")
                .when().post("/v1/pool/release").then().statusCode(200).body("leasedUntil", nullValue());
        given().contentType(ContentType.JSON).body("{\"tags\":[\"" + runTag + "\"]}")
                .when().post("/v1/pool/checkout").then().statusCode(200).body("session.id", equalTo(first));
    }

    @Test
    void anExpiredLeaseReturnsTheSessionToThePoolByItself() {
        String tag = runTag + "-lease";
        String id = create("[\"" + tag + "\"]");
        given().contentType(ContentType.JSON).body("{\"tags\":[\"" + tag + "\"],\"leaseSeconds\":1}")
                .when().post("/v1/pool/checkout").then().statusCode(200).body("session.id", equalTo(id));
        given().contentType(ContentType.JSON).body("{\"tags\":[\"" + tag + "\"]}")
                .when().post("/v1/pool/checkout").then().statusCode(204);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/v1/sessions/" + id)
                .then().statusCode(200).body("leasedUntil", nullValue()));
        given().contentType(ContentType.JSON).body("{\"tags\":[\"" + tag + "\"]}")
                .when().post("/v1/pool/checkout").then().statusCode(200).body("session.id", equalTo(id));
    }

    @Test
    void tagPatchesAddAndRemoveTogetherAndConcurrentPatchesAllApply() throws Exception {
        String id = create("[\"a\",\"b\"]");
        given().contentType(ContentType.JSON).body("{\"add\":[\"c\"],\"remove\":[\"a\"]}")
                .when().patch("/v1/sessions/" + id + "/tags").then().statusCode(200).body("tags", contains("b", "c"));

        ExecutorService clients = Executors.newFixedThreadPool(10);
        List<Callable<Integer>> patches = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String tag = "t" + i;
            patches.add(() -> given().contentType(ContentType.JSON).body("{\"add\":[\"" + tag + "\"]}")
                    .when().patch("/v1/sessions/" + id + "/tags").statusCode());
        }
        for (Future<Integer> status : clients.invokeAll(patches)) {
            assertThat(status.get()).isEqualTo(200);
        }
        clients.shutdown();
        List<String> tags = given().when().get("/v1/sessions/" + id).then().statusCode(200).extract().path("tags");
        assertThat(tags).containsExactlyInAnyOrder("b", "c", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8",
                "t9");

        given().contentType(ContentType.JSON).body("{\"add\":[\"bad tag\"]}")
                .when().patch("/v1/sessions/" + id + "/tags").then().statusCode(400)
                .body("message", containsString("tags[0]"));
    }

    @Test
    void listingFiltersAndPagesWithAStableCursor() {
        String tag = runTag + "-list";
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(create("[\"" + tag + "\"" + (i % 2 == 0 ? ",\"even\"" : "") + "]"));
        }
        given().queryParam("anyTags", "nope," + tag).queryParam("limit", 1000).when().get("/v1/sessions")
                .then().statusCode(200).body("id", org.hamcrest.Matchers.hasItems(created.toArray(String[]::new)));
        given().queryParam("tags", tag + ",even").when().get("/v1/sessions")
                .then().statusCode(200).body("id", contains(created.get(0), created.get(2), created.get(4),
                        created.get(6)));
        given().queryParam("tags", tag).queryParam("state", "ACTIVE").when().get("/v1/sessions")
                .then().statusCode(200).body("size()", equalTo(0));
        given().queryParam("tags", tag).queryParam("profile", "other").when().get("/v1/sessions")
                .then().statusCode(200).body("size()", equalTo(0));

        List<String> paged = new ArrayList<>();
        Response page = given().queryParam("tags", tag).queryParam("limit", 3).when().get("/v1/sessions");
        paged.addAll(page.path("id"));
        String cursor = page.header("Dormouse-Next-Cursor");
        assertThat(page.header("Link")).contains("rel=\"next\"");
        // Rows inserted between pages do not shift the pages already started.
        String late = create("[\"" + tag + "\"]");
        while (cursor != null) {
            page = given().queryParam("tags", tag).queryParam("limit", 3).queryParam("cursor", cursor)
                    .when().get("/v1/sessions");
            assertThat(page.statusCode()).isEqualTo(200);
            paged.addAll(page.path("id"));
            cursor = page.header("Dormouse-Next-Cursor");
        }
        List<String> expected = new ArrayList<>(created);
        expected.add(late);
        assertThat(paged).containsExactlyElementsOf(expected);

        List<String> newestFirst = given().queryParam("tags", tag).queryParam("sort", "-createdAt")
                .queryParam("limit", 2).when().get("/v1/sessions").then().statusCode(200).extract().path("id");
        assertThat(newestFirst).containsExactly(late, created.get(6));

        given().queryParam("createdAfter", "yesterday").when().get("/v1/sessions").then().statusCode(400)
                .body("message", containsString("createdAfter"));
        given().queryParam("sort", "name").when().get("/v1/sessions").then().statusCode(400)
                .body("message", containsString("sort"));
        given().queryParam("cursor", "garbage!").when().get("/v1/sessions").then().statusCode(400)
                .body("message", containsString("cursor"));
        given().queryParam("state", "DELETED").when().get("/v1/sessions").then().statusCode(400)
                .body("message", containsString("state"));
    }

    private static String create(String tagsJson) {
        return given().contentType(ContentType.JSON).body("{\"profile\":\"pool\",\"tags\":" + tagsJson + "}")
                .when().post("/v1/sessions").then().statusCode(201).extract().path("id");
    }
}
