package io.dormouse.registry.rest;

import java.util.Map;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.dormouse.protocol.ProfileHealth;
import io.dormouse.registry.security.CallerContext;
import io.dormouse.registry.service.ProfileCatalog;
import io.dormouse.registry.service.SessionException;
import io.smallrye.mutiny.Uni;

/**
 * Profiles' health settings on {@code /v1/profiles}: {@code PUT /v1/profiles/{name}/health {"memoryThresholdMb": 300,
 * "authProbe": {"requiredCookie": "sid", "loggedOutUrlPattern": "/login", "intervalSeconds": 60}}}. Profiles are
 * shared by all tenants, so changes need an admin key; every session of the profile gets them with its next command
 * to a worker.
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
    public Uni<Map<String, ProfileHealth>> all() {
        return catalog.all();
    }

    @GET
    @Path("/{name}/health")
    public Uni<ProfileHealth> get(@PathParam("name") String name) {
        return catalog.get(validName(name));
    }

    @PUT
    @Path("/{name}/health")
    public Uni<ProfileHealth> put(@PathParam("name") String name, ProfileHealth health) {
        requireAdmin();
        if (health == null) {
            throw new SessionException(SessionException.Kind.INVALID, "body: {\"memoryThresholdMb\": 300, "
                    + "\"authProbe\": {\"requiredCookie\": \"sid\"}} with either or both");
        }
        return catalog.put(validName(name), health);
    }

    @DELETE
    @Path("/{name}/health")
    public Uni<Void> delete(@PathParam("name") String name) {
        requireAdmin();
        return catalog.remove(validName(name));
    }

    private void requireAdmin() {
        if (!caller.caller().isAdmin()) {
            throw new SessionException(SessionException.Kind.FORBIDDEN, "changing a profile needs an admin key");
        }
    }

    private static String validName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new SessionException(SessionException.Kind.INVALID,
                    "profile must be 1 to 64 of [A-Za-z0-9._-], got '" + name + "'");
        }
        return name;
    }
}
