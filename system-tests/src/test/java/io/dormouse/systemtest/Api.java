package io.dormouse.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.dormouse.protocol.ProtocolJson;

/** A small JSON-over-HTTP client for the tests, returning status and parsed body together. */
final class Api {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, JsonNode body, String raw) {
        JsonNode get(String field) {
            return body.path(field);
        }
    }

    private final String baseUrl;
    private final String token;

    /** The registry's API, as the stack's admin. */
    Api(String baseUrl) {
        this(baseUrl, DormouseStack.ADMIN_KEY);
    }

    private Api(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** {@code baseUrl}'s API as the holder of {@code key} (a tenant's API key, or none at all when null). */
    static Api as(String baseUrl, String key) {
        return new Api(baseUrl, key);
    }

    /** The hibernation-store's internal API, with the stack's service token. */
    static Api store(DormouseStack stack) {
        return new Api(stack.store().baseUrl(), DormouseStack.STORE_TOKEN);
    }

    /** The health-monitor's API, with its service token. */
    static Api monitor(DormouseStack stack) {
        return new Api(stack.monitor().baseUrl(), DormouseStack.MONITOR_TOKEN);
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    Reply post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply put(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    /** A new agent key of tenant {@code tenant}, issued with this (the operator's) key. */
    String tenantKey(String tenant) throws IOException, InterruptedException {
        return post("/v1/admin/keys", "{\"tenant\":\"" + tenant + "\",\"role\":\"AGENT\"}").body().path("key")
                .asText();
    }

    /** The action that navigates to {@code url}. */
    static String navigate(String url) {
        return "{\"type\":\"navigate\",\"url\":\"" + url + "\"}";
    }

    /** Runs one page action that must complete, and returns the action response. */
    JsonNode completed(String sessionId, String actionJson) throws IOException, InterruptedException {
        Reply reply = act(sessionId, actionJson);
        if (reply.status() != 200 || !"completed".equals(reply.get("status").asText())) {
            throw new AssertionError("the action " + actionJson + " did not complete: " + reply.raw());
        }
        return reply.body();
    }

    /** Runs one page action and returns the reply; the body is the action response. */
    Reply act(String sessionId, String actionJson) throws IOException, InterruptedException {
        return post("/v1/sessions/" + sessionId + "/actions", actionJson);
    }

    /** Runs one page action under a command id the caller chose, as a client retrying a request would. */
    Reply act(String sessionId, String actionJson, String commandId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/sessions/" + sessionId + "/actions"))
                .header("Content-Type", "application/json")
                .header("Dormouse-Command-Id", commandId)
                .POST(HttpRequest.BodyPublishers.ofString(actionJson)));
    }

    /** A request to a stack service with the stack's admin key (only the registry checks it). */
    static HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + DormouseStack.ADMIN_KEY);
    }

    Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(90)).build(),
                HttpResponse.BodyHandlers.ofString());
        String raw = response.body();
        JsonNode body = raw == null || raw.isBlank() ? MissingNode.getInstance() : ProtocolJson.mapper().readTree(raw);
        return new Reply(response.statusCode(), body, raw);
    }
}
