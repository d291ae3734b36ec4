package io.dormouse.registry;

import io.restassured.RestAssured;

/** The admin key the test profile installs (tenant {@code default}), made the default credential of every request. */
public final class TestKeys {
    public static final String ADMIN = "dmk_test_admin_key_for_registry_tests";

    private TestKeys() {
    }

    public static void authenticateAsAdmin() {
        RestAssured.authentication = RestAssured.oauth2(ADMIN);
    }
}
