package io.dormouse.registry.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
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
import io.dormouse.registry.security.Roles;
import io.dormouse.registry.service.SessionException;
import io.smallrye.mutiny.Uni;

/**
 * API keys on {@code /v1/admin/keys}. A tenant admin manages its own tenant's AGENT and ADMIN keys; the operator any
 * tenant's, of any role. A new key is returned once and stored only as a hash; another tenant's key is as unknown to
 * a tenant admin as one that does not exist.
 */
@Path("/v1/admin/keys")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {
    @Inject
    ApiKeys keys;

    @Inject
    CallerContext caller;

    /** Body of a key request. {@code tenant}: the caller's own by default; {@code role}: AGENT (default) or ADMIN. */
    public record KeyRequest(String tenant, Caller.Role role, String label) {
        public KeyRequest {
            if (tenant != null && !Caller.isValidTenant(tenant)) {
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
        if (request == null) {
            throw new SessionException(SessionException.Kind.INVALID, "request body is required: {tenant?, role?}");
        }
        String tenant = caller.actingTenant(request.tenant(), "keys");
        if (!caller.caller().isOperator() && request.role() != Caller.Role.AGENT
                && request.role() != Caller.Role.ADMIN) {
            throw new SessionException(SessionException.Kind.FORBIDDEN,
                    "a tenant admin key makes AGENT and ADMIN keys only, not " + request.role());
        }
        return keys.issue(tenant, request.role(), request.label())
                .map(issued -> RestResponse.status(RestResponse.Status.CREATED,
                        KeyView.of(issued.record(), issued.key())));
    }

    /** The caller's tenant's keys; the operator may name any tenant, or none for all. */
    @GET
    public Uni<List<KeyView>> list(@QueryParam("tenant") String tenant) {
        Caller me = caller.caller();
        return keys.list(me.isOperator() && tenant == null ? null : caller.actingTenant(tenant, "keys"))
                .map(found -> found.stream().map(entity -> KeyView.of(entity, null)).toList());
    }

    @DELETE
    @Path("/{keyId}")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<Void>> revoke(@PathParam("keyId") String keyId) {
        Caller me = caller.caller();
        return keys.revoke(keyId, me.isOperator() ? null : me.tenant()).map(revoked -> {
            if (!revoked) {
                throw new SessionException(SessionException.Kind.NOT_FOUND, "no active key '" + keyId + "'");
            }
            return RestResponse.noContent();
        });
    }
}
