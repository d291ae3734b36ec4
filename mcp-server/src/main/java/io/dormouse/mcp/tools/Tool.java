package io.dormouse.mcp.tools;

import io.dormouse.client.DormouseClient;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * One MCP tool: its name, what a model reads about it, its input schema, what it does to the world (the MCP hints a
 * host uses to ask its user before a call), and what it does with the caller's client.
 */
public record Tool(String name, String description, Schema input, Effect effect, Handler handler) {

    /** What a call does to the session or the web: hosts may ask before {@code CHANGES} and always before {@code DELETES}. */
    public enum Effect {
        READS,
        CHANGES,
        DELETES
    }

    /** What the tool does: one or more calls to the registry with the caller's own key. */
    @FunctionalInterface
    public interface Handler {
        McpSchema.CallToolResult call(DormouseClient client, Args args);
    }

    public McpSchema.Tool definition() {
        boolean reads = effect == Effect.READS;
        return McpSchema.Tool.builder(name, input.toMap()).description(description)
                .annotations(new McpSchema.ToolAnnotations(null, reads, effect == Effect.DELETES, reads, true, null))
                .build();
    }
}
