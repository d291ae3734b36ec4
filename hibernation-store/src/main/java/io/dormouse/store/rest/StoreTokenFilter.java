package io.dormouse.store.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.dormouse.store.config.StoreConfig;
import io.dormouse.store.rest.ErrorMapper.ErrorBody;

/**
 * The store's API is internal: every {@code /v1} request must carry {@code Authorization: Bearer <token>} with the
 * shared service token, compared in constant time. Health and metrics under {@code /q} stay open for probes.
 */
public class StoreTokenFilter {
    private static final String BEARER = "Bearer ";

    @Inject
    StoreConfig config;

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1")) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.startsWith(BEARER) && MessageDigest.isEqual(
                header.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8),
                config.token().getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(new ErrorBody("unauthorized", "the hibernation-store needs the service token "
                        + "(Authorization: Bearer <DORMOUSE_STORE_TOKEN>)"))
                .build();
    }
}
