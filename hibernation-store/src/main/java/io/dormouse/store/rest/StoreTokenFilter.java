package io.dormouse.store.rest;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.dormouse.protocol.ServiceToken;
import io.dormouse.store.config.StoreConfig;
import io.dormouse.store.rest.ErrorMapper.ErrorBody;

/**
 * The store's API is internal: every {@code /v1} request must carry {@code Authorization: Bearer <token>} with the
 * shared service token, compared in constant time. Health and metrics under {@code /q} stay open for probes.
 */
public class StoreTokenFilter {
    /** Looked up per request: RESTEasy creates its filters during static init, before runtime configuration. */
    @Inject
    Instance<StoreConfig> config;

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1")) {
            return null;
        }
        if (ServiceToken.matches(request.getHeaderString(HttpHeaders.AUTHORIZATION), config.get().token())) {
            return null;
        }
        return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(new ErrorBody("unauthorized", "the hibernation-store needs the service token "
                        + "(Authorization: Bearer <DORMOUSE_STORE_TOKEN>)"))
                .build();
    }
}
