package io.dormouse.mcp.transport;

import java.io.IOException;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.dormouse.client.DormouseClient;
import io.dormouse.mcp.McpServers;
import io.dormouse.mcp.config.McpConfig;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;

/**
 * MCP's streamable HTTP on {@code /mcp}, stateless: every request carries its caller's key (checked by
 * {@link ApiKeyFilter}) and every tool call its session id, so no request depends on an earlier one reaching the same
 * replica. The SDK's servlet does the protocol; this one hands it the requests.
 */
@WebServlet(urlPatterns = "/mcp")
public class McpServlet extends HttpServlet {
    @Inject
    McpConfig config;

    @Inject
    Callers callers;

    private HttpServletStatelessServerTransport transport;
    private McpStatelessSyncServer server;

    @Override
    public void init() throws ServletException {
        DefaultServerTransportSecurityValidator.Builder origins = DefaultServerTransportSecurityValidator.builder();
        config.allowedOrigins().ifPresent(origins::allowedOrigins);
        transport = HttpServletStatelessServerTransport.builder().jsonMapper(McpJsonDefaults.getMapper())
                .messageEndpoint("/mcp").maxRequestSize(config.maxRequestBytes())
                .httpHeaderValidator(origins.build())
                .contextExtractor(request -> McpTransportContext
                        .create(Map.of(ApiKeyFilter.API_KEY, request.getAttribute(ApiKeyFilter.API_KEY))))
                .build();
        server = McpServers.stateless(McpServer.sync(transport), this::client);
    }

    private DormouseClient client(McpTransportContext context) {
        return callers.client((String) context.get(ApiKeyFilter.API_KEY));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        transport.service(request, response);
    }

    @Override
    public void destroy() {
        server.close();
    }
}
