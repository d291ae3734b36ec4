package io.dormouse.mcp.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The MCP server's settings: which transport it speaks and the registry it acts through. */
@ConfigMapping(prefix = "dormouse.mcp")
public interface McpConfig {

    /** {@code http}: the streamable HTTP endpoint {@code /mcp}, a key per request; {@code stdio}: one host's pipes. */
    @WithDefault("http")
    Transport transport();

    /** The registry's HTTP API. */
    @WithDefault("http://localhost:8100")
    String registryUrl();

    /** For stdio: the API key every tool call uses (a host passes it in the server's environment). */
    Optional<String> apiKey();

    /** For HTTP: the browser origins allowed to call {@code /mcp}; requests from any other web page are refused. */
    Optional<List<String>> allowedOrigins();

    /** For HTTP: the largest request body accepted, in bytes. */
    @WithDefault("1048576")
    int maxRequestBytes();

    enum Transport {
        http,
        stdio
    }
}
