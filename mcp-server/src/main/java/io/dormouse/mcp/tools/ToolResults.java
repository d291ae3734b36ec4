package io.dormouse.mcp.tools;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dormouse.client.DormouseException;
import io.dormouse.client.SessionInfo;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Tool results as a model reads them: one JSON text naming the session acted on and its state (so a host that
 * stored nothing else can go on), the same JSON as structured content, and errors as tool errors with the API's code.
 */
public final class ToolResults {
    private ToolResults() {
    }

    /** What an action on {@code id} gave; the session is in {@code state} after it. */
    public static McpSchema.CallToolResult acted(SessionId id, String state, JsonNode result) {
        return json(actedBody(id, state, result), false);
    }

    private static ObjectNode actedBody(SessionId id, String state, JsonNode result) {
        ObjectNode body = ProtocolJson.mapper().createObjectNode();
        body.put("session_id", id.value());
        body.put("state", state);
        body.set("result", result == null ? ProtocolJson.mapper().nullNode() : result);
        return body;
    }

    /** A session as the API shows it (id, state, tags, tier, timestamps…). */
    public static McpSchema.CallToolResult session(SessionInfo info) {
        return json(view(info), false);
    }

    public static ObjectNode view(SessionInfo info) {
        ObjectNode body = ProtocolJson.mapper().createObjectNode();
        body.put("session_id", info.id().value());
        body.put("state", info.state());
        info.raw().properties().forEach(field -> {
            if (!"id".equals(field.getKey()) && !"state".equals(field.getKey())) {
                body.set(field.getKey(), field.getValue());
            }
        });
        return body;
    }

    public static McpSchema.CallToolResult json(JsonNode body, boolean isError) {
        return McpSchema.CallToolResult.builder().addTextContent(ProtocolJson.encode(body))
                .structuredContent(plain(body))
                .isError(isError).build();
    }

    /** A PNG as MCP image content, with a line of text saying which session it shows. */
    public static McpSchema.CallToolResult image(SessionId id, byte[] png) {
        JsonNode what = ProtocolJson.mapper().getNodeFactory().textNode("screenshot, image/png, " + png.length
                + " bytes");
        return McpSchema.CallToolResult.builder().addTextContent(ProtocolJson.encode(actedBody(id, "ACTIVE", what)))
                .addContent(
                        McpSchema.ImageContent.builder(Base64.getEncoder().encodeToString(png), "image/png").build())
                .isError(false).build();
    }

    /** The failure as a tool error: {@code {"error": {"code", "message"}, "session_id"?}}. */
    public static McpSchema.CallToolResult failure(String code, String message, SessionId id) {
        ObjectNode body = ProtocolJson.mapper().createObjectNode();
        if (id != null) {
            body.put("session_id", id.value());
        }
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return json(body, true);
    }

    public static McpSchema.CallToolResult failure(DormouseException e, SessionId id) {
        String prefix = e.code() + ": ";
        String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return failure(e.code(), message, id);
    }

    /** The body as plain maps and lists, which the SDK's own (Jackson 3) mapper writes without knowing Jackson 2. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(JsonNode body) {
        return ProtocolJson.mapper().convertValue(body, LinkedHashMap.class);
    }
}
