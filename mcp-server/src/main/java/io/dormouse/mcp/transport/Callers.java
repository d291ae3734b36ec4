package io.dormouse.mcp.transport;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.client.DormouseClient;
import io.dormouse.client.DormouseException;
import io.dormouse.mcp.config.McpConfig;
import io.quarkus.cache.CacheResult;

/**
 * The registry clients of the callers of the HTTP transport, one per API key: each request acts with its own key, so
 * the registry's tenancy applies unchanged. Keys are checked against the registry and the answer kept briefly.
 */
@ApplicationScoped
public class Callers {
    @Inject
    McpConfig config;

    @CacheResult(cacheName = "mcp-callers")
    public DormouseClient client(String apiKey) {
        return DormouseClient.builder().url(config.registryUrl()).apiKey(apiKey).timeout(Duration.ofSeconds(60))
                .build();
    }

    /**
     * Whether the registry takes {@code apiKey}. An unreachable registry is not a refused key: it throws, so the caller
     * gets 503 and the answer is not kept.
     */
    @CacheResult(cacheName = "mcp-keys")
    public boolean accepted(String apiKey) {
        try {
            client(apiKey).hibernationTiers();
            return true;
        } catch (DormouseException e) {
            if (e.status() == 401 || e.status() == 403) {
                return false;
            }
            throw e;
        }
    }
}
