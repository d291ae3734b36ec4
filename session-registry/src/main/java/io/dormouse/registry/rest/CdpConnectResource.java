package io.dormouse.registry.rest;

import java.net.URI;
import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionState;
import io.dormouse.registry.config.RegistryConfig;
import io.dormouse.registry.gateway.CdpTickets;
import io.dormouse.registry.security.CallerContext;
import io.dormouse.registry.security.Roles;
import io.dormouse.registry.service.SessionException;
import io.dormouse.registry.service.SessionService;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/sessions/{id}/connect}: a CDP WebSocket URL for the session, with a ticket bound to it and to the
 * caller's tenant, for clients that take nothing but a URL (Playwright's {@code connectOverCDP}, Puppeteer's
 * {@code connect}, browser-use, Stagehand, Playwright MCP).
 */
@Path("/v1/sessions/{id}/connect")
@RolesAllowed(Roles.AGENT)
@Produces(MediaType.APPLICATION_JSON)
public class CdpConnectResource {
    @Inject
    SessionService sessions;

    @Inject
    CdpTickets tickets;

    @Inject
    RegistryConfig config;

    @Inject
    CallerContext caller;

    /** The connect URL and until when it admits new connections; {@code state}: the session's, before waking. */
    public record ConnectView(String sessionId, String cdpUrl, Instant expiresAt, SessionState state) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<ConnectView> connect(@PathParam("id") String id, @Context UriInfo uri) {
        if (config.gateway().token().isEmpty()) {
            throw new SessionException(SessionException.Kind.CONFLICT,
                    "the CDP gateway is off on this registry: set DORMOUSE_GATEWAY_TOKEN for it and its workers");
        }
        if (!SessionId.isValid(id)) {
            throw SessionException.notFound(id);
        }
        SessionId session = SessionId.of(id);
        String tenant = caller.tenant();
        return sessions.get(session, tenant).map(row -> {
            CdpTickets.Ticket ticket = tickets.issue(tenant, session);
            String url = base(uri) + "/v1/sessions/" + session.value() + "/cdp?token=" + ticket.token();
            return new ConnectView(session.value(), url, ticket.expiresAt(), row.state);
        });
    }

    private String base(UriInfo uri) {
        return config.gateway().publicUrl().map(url -> url.replaceAll("/+$", "")).orElseGet(() -> {
            URI requested = uri.getBaseUri();
            String scheme = "https".equalsIgnoreCase(requested.getScheme()) ? "wss" : "ws";
            return scheme + "://" + requested.getRawAuthority();
        });
    }
}
