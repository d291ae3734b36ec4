package io.dormouse.mcp.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.dormouse.client.DormouseClient;
import io.dormouse.client.DormouseException;
import io.dormouse.protocol.SessionId;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Every tool and resource the server offers, and how a call runs: with the caller's own client (so each MCP client
 * sees only its tenant's sessions), every failure a tool error with the API's code. The same catalog serves stdio
 * (one client from the environment) and HTTP (a client per API key).
 */
public final class ToolCatalog {
    private final List<Tool> tools;

    public ToolCatalog() {
        List<Tool> all = new ArrayList<>(SessionTools.all());
        all.addAll(PageTools.all());
        this.tools = List.copyOf(all);
    }

    public List<Tool> tools() {
        return tools;
    }

    /** Runs {@code tool}; a wrong argument, a refused call or a failed action comes back as a tool error. */
    public McpSchema.CallToolResult call(Tool tool, DormouseClient client, Map<String, Object> arguments) {
        SessionId session = null;
        try {
            if (arguments != null && arguments.get("session_id") instanceof String id && SessionId.isValid(id)) {
                session = SessionId.of(id);
            }
            Args args = new Args(arguments, tool.input());
            return tool.handler().call(client, args);
        } catch (ToolException e) {
            return ToolResults.failure(e.code(), e.getMessage(), session);
        } catch (DormouseException e) {
            return ToolResults.failure(e, session);
        } catch (IllegalArgumentException e) {
            // The protocol's own records refuse values out of range (a selector too long, an unknown tier…).
            return ToolResults.failure("invalid-request", e.getMessage(), session);
        }
    }

    /** The tools for a server with one client (stdio). */
    public List<McpServerFeatures.SyncToolSpecification> forOneClient(DormouseClient client) {
        return tools.stream().map(tool -> McpServerFeatures.SyncToolSpecification.builder().tool(tool.definition())
                .callHandler((exchange, request) -> call(tool, client, request.arguments())).build()).toList();
    }

    /** The tools for a stateless HTTP server: each request's client comes from its transport context. */
    public List<McpStatelessServerFeatures.SyncToolSpecification> forEachCaller(
            Function<McpTransportContext, DormouseClient> clients) {
        return tools.stream().map(tool -> McpStatelessServerFeatures.SyncToolSpecification.builder()
                .tool(tool.definition())
                .callHandler((context, request) -> call(tool, clients.apply(context), request.arguments())).build())
                .toList();
    }
}
