package io.dormouse.registry.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.dormouse.registry.security.CallerContext;
import io.dormouse.registry.service.SessionCensus;
import io.dormouse.registry.service.SessionException;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/admin/census}: live sessions by state and tier across every tenant, for admin keys only. */
@Path("/v1/admin/census")
@Produces(MediaType.APPLICATION_JSON)
public class CensusResource {
    @Inject
    SessionCensus census;

    @Inject
    CallerContext caller;

    @GET
    public Uni<SessionCensus.Census> get() {
        if (!caller.caller().isAdmin()) {
            throw new SessionException(SessionException.Kind.FORBIDDEN,
                    "the census covers every tenant: admin keys only");
        }
        return census.take();
    }
}
