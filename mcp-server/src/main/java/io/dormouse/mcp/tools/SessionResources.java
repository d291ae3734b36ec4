package io.dormouse.mcp.tools;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dormouse.client.DormouseClient;
import io.dormouse.client.DormouseException;
import io.dormouse.client.Session;
import io.dormouse.protocol.Action;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The resources: {@code dormouse://sessions/{id}} (state, tags, and the active page's URL and title while the session
 * is active; reading it never wakes a hibernated session) and {@code dormouse://sessions/{id}/history}.
 */
public final class SessionResources {
    static final String SESSION = "dormouse://sessions/{id}";
    static final String HISTORY = "dormouse://sessions/{id}/history";
    private static final Pattern URI = Pattern.compile("dormouse://sessions/([^/]+)(/history)?");

    private SessionResources() {
    }

    static List<McpSchema.ResourceTemplate> templates() {
        return List.of(
                McpSchema.ResourceTemplate.builder(SESSION, "session")
                        .description("A Dormouse session: state, tags, tier, timestamps and, while it is active, the "
                                + "URL and title of its active tab.")
                        .mimeType("application/json").build(),
                McpSchema.ResourceTemplate.builder(HISTORY, "session-history")
                        .description("The latest 50 entries of a session's journal: actions and their outcomes, "
                                + "hibernations, wakes.")
                        .mimeType("application/json").build());
    }

    /** The resource at {@code uri} as the caller's client sees it. */
    public static McpSchema.ReadResourceResult read(DormouseClient client, String uri) {
        Matcher match = URI.matcher(uri);
        if (!match.matches() || !SessionId.isValid(match.group(1))) {
            throw McpError.RESOURCE_NOT_FOUND.apply(uri);
        }
        SessionId id = SessionId.of(match.group(1));
        try {
            JsonNode body = match.group(2) == null ? session(client, id) : SessionTools.latestHistory(client, id, 50);
            McpSchema.TextResourceContents text = McpSchema.TextResourceContents
                    .builder(uri, ProtocolJson.encode(body)).mimeType("application/json").build();
            return McpSchema.ReadResourceResult.builder(List.of(text)).build();
        } catch (DormouseException.SessionNotFound | DormouseException.SessionDeleted e) {
            throw McpError.RESOURCE_NOT_FOUND.apply(uri);
        } catch (DormouseException e) {
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(e.getMessage())
                    .data(Map.of("code", e.code())).build();
        }
    }

    private static JsonNode session(DormouseClient client, SessionId id) {
        Session session = client.getSession(id);
        ObjectNode body = ToolResults.view(session.info());
        if ("ACTIVE".equals(session.info().state())) {
            ObjectNode page = body.putObject("page");
            page.set("url", session.act(new Action.GetUrl()).result());
            page.set("title", session.act(new Action.GetTitle()).result());
        }
        return body;
    }

    public static List<McpServerFeatures.SyncResourceTemplateSpecification> forOneClient(DormouseClient client) {
        return templates().stream().map(template -> new McpServerFeatures.SyncResourceTemplateSpecification(template,
                (exchange, request) -> read(client, request.uri()))).toList();
    }

    public static List<McpStatelessServerFeatures.SyncResourceTemplateSpecification> forEachCaller(
            Function<McpTransportContext, DormouseClient> clients) {
        return templates().stream().map(template -> new McpStatelessServerFeatures.SyncResourceTemplateSpecification(
                template, (context, request) -> read(clients.apply(context), request.uri()))).toList();
    }

}
