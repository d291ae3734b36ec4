package io.dormouse.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.dormouse.protocol.ProtocolJson;

/** HTTP to one registry with one API key: JSON in and out with the protocol's own mapper, typed errors. */
final class Http {
    /** The version of the HTTP API this client speaks; the registry names its own in {@code Dormouse-Api-Version}. */
    static final String API_VERSION = "1";
    static final String CLIENT_VERSION = "0.1.0";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final URI base;
    final String apiKey;
    final Duration timeout;

    Http(URI base, String apiKey, Duration timeout) {
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    /** One answer: status, the {@code Dormouse-*} headers that matter here, and the body. */
    record Reply(int status, JsonNode body, byte[] bytes, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** A request's query, in order; null values are left out. */
    static Map<String, Object> query(Object... pairs) {
        Map<String, Object> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                query.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return query;
    }

    Reply send(String method, String path, Object body, Map<String, Object> query, Map<String, String> headers,
            Duration requestTimeout) {
        StringJoiner params = new StringJoiner("&");
        query.forEach((name, value) -> params.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8)));
        URI uri = URI.create(base + path + (params.length() == 0 ? "" : "?" + params));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Accept", "application/json").header("User-Agent", "dormouse-java/" + CLIENT_VERSION);
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(ProtocolJson.encodeBytes(body)));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // A refused connection has no message of its own: its type says what happened.
            throw new DormouseException.Unavailable("unavailable", method + " " + uri + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DormouseException.Unavailable("interrupted", method + " " + uri + " was interrupted", 0, null);
        }
        Map<String, String> kept = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!values.isEmpty()) {
                kept.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0));
            }
        });
        byte[] bytes = response.body();
        boolean json = kept.getOrDefault("content-type", "").startsWith("application/json");
        JsonNode decoded = bytes.length > 0 && json
                ? ProtocolJson.decode(new String(bytes, StandardCharsets.UTF_8), JsonNode.class)
                : MissingNode.getInstance();
        Reply reply = new Reply(response.statusCode(), decoded, bytes, kept);
        if (reply.status() >= 400) {
            String code = decoded.path("error").asText("http-" + reply.status());
            String message = decoded.path("message").asText(new String(bytes, StandardCharsets.UTF_8));
            throw DormouseException.of(code, message, reply.status(), decoded.path("commandId").asText(null), false);
        }
        return reply;
    }

    Reply send(String method, String path, Object body) {
        return send(method, path, body, Map.of(), Map.of(), timeout);
    }

    Reply get(String path, Map<String, Object> query) {
        return send("GET", path, null, query, Map.of(), timeout);
    }
}
