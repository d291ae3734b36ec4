package io.dormouse.mcp.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Lets through to {@code /mcp} only requests with {@code Authorization: Bearer <a Dormouse API key>} the registry
 * accepts; everything else gets 401 before any MCP message is read.
 */
@WebFilter(urlPatterns = {"/mcp", "/mcp/*"})
public class ApiKeyFilter extends HttpFilter {
    static final String API_KEY = "dormouse.apiKey";

    @Inject
    Callers callers;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String key = bearer(request.getHeader("Authorization"));
        if (key == null) {
            refuse(response, 401, "unauthorized", "send Authorization: Bearer <your Dormouse API key>");
            return;
        }
        boolean accepted;
        try {
            accepted = callers.accepted(key);
        } catch (RuntimeException e) {
            Throwable cause = e instanceof Callers.Unreachable ? e : e.getCause();
            if (!(cause instanceof Callers.Unreachable)) {
                throw e;
            }
            refuse(response, 503, "unavailable", "the registry could not check the key: " + cause.getMessage());
            return;
        }
        if (!accepted) {
            refuse(response, 401, "unauthorized", "the registry does not accept this API key");
            return;
        }
        request.setAttribute(API_KEY, key);
        chain.doFilter(request, response);
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = header.substring(7).trim();
        return key.isEmpty() || key.length() > 512 ? null : key;
    }

    private static void refuse(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"dormouse\"");
        }
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"error\":{\"code\":\"" + code + "\",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}").getBytes(StandardCharsets.UTF_8));
    }
}
