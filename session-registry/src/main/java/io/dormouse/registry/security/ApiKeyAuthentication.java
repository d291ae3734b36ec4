package io.dormouse.registry.security;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.dormouse.registry.rest.ErrorMapper;
import io.smallrye.mutiny.Uni;

/**
 * Every call under {@code /v1/} needs {@code Authorization: Bearer <API key>}; the key decides the tenant whose
 * sessions the call sees. Health, metrics and the OpenAPI document under {@code /q/} stay open.
 */
public class ApiKeyAuthentication {
    private static final String BEARER = "Bearer ";

    @Inject
    ApiKeys keys;

    @Inject
    CallerContext callerContext;

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1/")) {
            return Uni.createFrom().nullItem();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().item(unauthorized("an API key is required: Authorization: Bearer <key>"));
        }
        return keys.authenticate(header.substring(BEARER.length()).strip()).map(caller -> {
            if (caller.isEmpty()) {
                return unauthorized("the API key is unknown or revoked");
            }
            callerContext.set(caller.get());
            return null;
        });
    }

    private static Response unauthorized(String message) {
        return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dormouse\"")
                .entity(new ErrorMapper.ErrorBody("unauthorized", message, null)).build();
    }
}
