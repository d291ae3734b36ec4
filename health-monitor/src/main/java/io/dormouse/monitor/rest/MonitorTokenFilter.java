package io.dormouse.monitor.rest;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.dormouse.monitor.config.MonitorConfig;
import io.dormouse.protocol.ServiceToken;

/**
 * The monitor's API is the operator's and the registry's: every {@code /v1} request must carry
 * {@code Authorization: Bearer <DORMOUSE_MONITOR_TOKEN>}. It shows every tenant's sessions, so a tenant's API key is
 * not enough; tenants see their sessions' figures through the registry's {@code GET /v1/sessions/{id}/metrics}.
 * Health and metrics under {@code /q} stay open for probes.
 */
public class MonitorTokenFilter {
    /** Looked up per request: RESTEasy creates its filters during static init, before runtime configuration. */
    @Inject
    Instance<MonitorConfig> config;

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1")
                || ServiceToken.matches(request.getHeaderString(HttpHeaders.AUTHORIZATION), config.get().token())) {
            return null;
        }
        return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity("{\"error\":\"unauthorized\",\"message\":\"the health-monitor needs its service token"
                        + " (Authorization: Bearer <DORMOUSE_MONITOR_TOKEN>)\"}")
                .build();
    }
}
