package io.dormouse.mcp.transport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.client.DormouseClient;
import io.dormouse.mcp.config.McpConfig;
import io.quarkus.cache.CacheResult;

/**
 * The registry clients of the callers of the HTTP transport, one per API key the registry accepted: each request acts
 * with its own key, so the registry's tenancy applies unchanged. Keys are checked with one shared HTTP client, so a
 * caller spraying made-up keys costs a request each (the answer kept briefly) and never a client of its own.
 */
@ApplicationScoped
public class Callers {
    private static final HttpClient CHECKS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    McpConfig config;

    /** The registry could not say whether a key is good. */
    public static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The client of a key {@link #accepted} said yes to. */
    @CacheResult(cacheName = "mcp-callers")
    public DormouseClient client(String apiKey) {
        return DormouseClient.builder().url(config.registryUrl()).apiKey(apiKey).timeout(Duration.ofSeconds(60))
                .build();
    }

    /**
     * Whether the registry takes {@code apiKey} (any role may read the hibernation tiers). A registry that cannot
     * answer is not a refusal: it throws, so the caller gets 503 and the answer is not kept.
     */
    @CacheResult(cacheName = "mcp-keys")
    public boolean accepted(String apiKey) {
        String base = config.registryUrl().replaceAll("/+$", "");
        HttpRequest check = HttpRequest.newBuilder(URI.create(base + "/v1/hibernation/tiers"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + apiKey).GET().build();
        int status;
        try {
            status = CHECKS.send(check, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new Unreachable("the registry at " + base + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while checking a key", e);
        }
        if (status == 401 || status == 403) {
            return false;
        }
        if (status != 200) {
            throw new Unreachable("the registry answered " + status + " to a key check", null);
        }
        return true;
    }
}
