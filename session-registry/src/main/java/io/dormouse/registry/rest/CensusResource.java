package io.dormouse.registry.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.dormouse.registry.security.Roles;
import io.dormouse.registry.service.SessionCensus;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/admin/census}: live sessions by state and tier across every tenant, for admin keys only. */
@Path("/v1/admin/census")
@Produces(MediaType.APPLICATION_JSON)
public class CensusResource {
    @Inject
    SessionCensus census;

    /** The census covers every tenant: the operator's key and the health-monitor's only. */
    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.MONITOR})
    public Uni<SessionCensus.Census> get() {
        return census.take();
    }
}
