package io.dormouse.registry.rest;

import java.util.Map;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.dormouse.protocol.ProfileHealth;
import io.dormouse.registry.security.CallerContext;
import io.dormouse.registry.security.Roles;
import io.dormouse.registry.service.ProfileCatalog;
import io.dormouse.registry.service.SessionException;
import io.smallrye.mutiny.Uni;

/**
 * A tenant's profiles' health settings on {@code /v1/profiles}: {@code PUT /v1/profiles/{name}/health
 * {"memoryThresholdMb": 300, "authProbe": {"requiredCookie": "sid", "loggedOutUrlPattern": "/login"}}}. Each tenant
 * has its own profiles (an auth probe runs JavaScript in its sessions' pages); its admin keys change them, the
 * operator may name any tenant with {@code ?tenant=}. Every session of the profile gets them with its next command.
 */
@Path("/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProfileResource {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Inject
    ProfileCatalog catalog;

    @Inject
    CallerContext caller;

    @GET
    @RolesAllowed(Roles.AGENT)
    public Uni<Map<String, ProfileHealth>> all(@QueryParam("tenant") String tenant) {
        return catalog.all(caller.actingTenant(tenant, "profiles"));
    }

    @GET
    @Path("/{name}/health")
    @RolesAllowed(Roles.AGENT)
    public Uni<ProfileHealth> get(@PathParam("name") String name, @QueryParam("tenant") String tenant) {
        return catalog.get(caller.actingTenant(tenant, "profiles"), validName(name));
    }

    @PUT
    @Path("/{name}/health")
    @RolesAllowed(Roles.ADMIN)
    public Uni<ProfileHealth> put(@PathParam("name") String name, @QueryParam("tenant") String tenant,
            ProfileHealth health) {
        if (health == null) {
            throw new SessionException(SessionException.Kind.INVALID, "body: {\"memoryThresholdMb\": 300, "
                    + "\"authProbe\": {\"requiredCookie\": \"sid\"}} with either or both");
        }
        return catalog.put(caller.actingTenant(tenant, "profiles"), validName(name), health);
    }

    @DELETE
    @Path("/{name}/health")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Void> delete(@PathParam("name") String name, @QueryParam("tenant") String tenant) {
        return catalog.remove(caller.actingTenant(tenant, "profiles"), validName(name));
    }

    private static String validName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new SessionException(SessionException.Kind.INVALID,
                    "profile must be 1 to 64 of [A-Za-z0-9._-], got '" + name + "'");
        }
        return name;
    }
}
