package io.dormouse.mcp;

import java.util.function.Function;

import io.dormouse.client.DormouseClient;
import io.dormouse.mcp.tools.SessionResources;
import io.dormouse.mcp.tools.ToolCatalog;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;

/** Builds the MCP server, the same tools and resources over either transport. */
public final class McpServers {
    static final String NAME = "dormouse";
    static final String VERSION = "0.1.0";
    static final String INSTRUCTIONS = """
            Dormouse gives you persistent browser sessions. session_create returns a session_id: keep it, and pass it to \
            every page tool. A session keeps its tabs, cookies and storage for days, through hibernation and restarts; \
            to go on later, call session_resume (or any page tool) with the stored id. To act on a page, read it with \
            aria_snapshot and pass an element's reference as selector 'aria-ref=eN' to click, fill, type, press or \
            select_option. Errors carry a code such as policy-denied (the destination is not allowed), \
            selector-not-found or session-not-found.""";
    private static final ToolCatalog CATALOG = new ToolCatalog();

    private McpServers() {
    }

    private static McpSchema.ServerCapabilities capabilities() {
        return McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build();
    }

    /** A server for one host over a transport such as stdio, every call with {@code client}. */
    public static McpSyncServer forOneClient(McpServer.SyncSpecification<?> spec, DormouseClient client) {
        return spec.serverInfo(NAME, VERSION).instructions(INSTRUCTIONS).capabilities(capabilities())
                // The catalog checks arguments itself, so a bad call is a tool error with the API's code.
                .validateToolInputs(false)
                .tools(CATALOG.forOneClient(client))
                .resourceTemplates(SessionResources.forOneClient(client))
                .build();
    }

    /** A stateless server whose every request finds its caller's client in the transport context. */
    public static McpStatelessSyncServer stateless(McpServer.StatelessSyncSpecification spec,
            Function<McpTransportContext, DormouseClient> clients) {
        return spec.serverInfo(NAME, VERSION).instructions(INSTRUCTIONS).capabilities(capabilities())
                // The catalog checks arguments itself, so a bad call is a tool error with the API's code.
                .validateToolInputs(false)
                .tools(CATALOG.forEachCaller(clients))
                .resourceTemplates(SessionResources.forEachCaller(clients))
                .build();
    }
}
