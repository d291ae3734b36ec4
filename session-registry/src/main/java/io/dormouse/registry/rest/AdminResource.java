package io.dormouse.registry.rest;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.dormouse.registry.security.ApiKeyEntity;
import io.dormouse.registry.security.ApiKeys;
import io.dormouse.registry.security.Caller;
import io.dormouse.registry.security.CallerContext;
import io.dormouse.registry.service.SessionException;
import io.smallrye.mutiny.Uni;

/** API keys, for admin keys only: {@code /v1/admin/keys}. A new key is returned once and stored only as a hash. */
@Path("/v1/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {
    @Inject
    ApiKeys keys;

    @Inject
    CallerContext caller;

    /** Body of a key request. {@code role}: AGENT (default) or ADMIN. */
    public record KeyRequest(String tenant, Caller.Role role, String label) {
        public KeyRequest {
            if (!Caller.isValidTenant(tenant)) {
                throw new IllegalArgumentException("tenant: 1 to 64 of [a-z0-9._-], starting with a letter or digit,"
                        + " got '" + tenant + "'");
            }
            role = role == null ? Caller.Role.AGENT : role;
            Validation.optionalText(label, "label", 128);
        }
    }

    /** A key's record; {@code key} is present only in the answer to the request that made it. */
    public record KeyView(String id, String tenant, Caller.Role role, String label, Instant createdAt,
            Instant revokedAt, String key) {
        static KeyView of(ApiKeyEntity entity, String key) {
            return new KeyView(entity.id, entity.tenantId, Caller.Role.valueOf(entity.role), entity.label,
                    entity.createdAt, entity.revokedAt, key);
        }
    }

    @POST
    public Uni<RestResponse<KeyView>> issue(KeyRequest request) {
        requireAdmin();
        if (request == null) {
            throw new SessionException(SessionException.Kind.INVALID, "request body is required: {tenant, role?}");
        }
        return keys.issue(request.tenant(), request.role(), request.label())
                .map(issued -> RestResponse.status(RestResponse.Status.CREATED,
                        KeyView.of(issued.record(), issued.key())));
    }

    @GET
    public Uni<List<KeyView>> list(@QueryParam("tenant") String tenant) {
        requireAdmin();
        return keys.list(tenant).map(found -> found.stream().map(entity -> KeyView.of(entity, null)).toList());
    }

    @DELETE
    @Path("/{keyId}")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<Void>> revoke(@PathParam("keyId") String keyId) {
        requireAdmin();
        return keys.revoke(keyId).map(revoked -> {
            if (!revoked) {
                throw new SessionException(SessionException.Kind.NOT_FOUND, "no active key '" + keyId + "'");
            }
            return RestResponse.noContent();
        });
    }

    private void requireAdmin() {
        if (!caller.caller().isAdmin()) {
            throw new SessionException(SessionException.Kind.FORBIDDEN, "managing API keys needs an admin key");
        }
    }
}
