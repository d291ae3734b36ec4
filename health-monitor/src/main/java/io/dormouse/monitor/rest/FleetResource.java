package io.dormouse.monitor.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;

import io.dormouse.monitor.service.FleetView;
import io.dormouse.monitor.service.HealthRules;
import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.SessionId;

/** Read-only view of workers, sessions' latest health samples and the monitor's recent recycles. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class FleetResource {
    @Inject
    FleetView fleet;

    @Inject
    HealthRules rules;

    /** What an operator looks at first: the workers and the latest recycles with their reasons. */
    public record Overview(List<FleetView.WorkerStatus> workers, long workersAlive,
            List<HealthRules.Recycle> recentRecycles) {
    }

    @GET
    @Path("/health/overview")
    public Overview overview() {
        List<FleetView.WorkerStatus> workers = fleet.workers();
        return new Overview(workers, workers.stream().filter(FleetView.WorkerStatus::alive).count(),
                rules.recentRecycles());
    }

    @GET
    @Path("/workers")
    public List<FleetView.WorkerStatus> workers() {
        return fleet.workers();
    }

    @GET
    @Path("/sessions/{id}/metrics")
    public RestResponse<ContextMetrics> sessionMetrics(@PathParam("id") String id) {
        if (!SessionId.isValid(id)) {
            return RestResponse.status(Response.Status.NOT_FOUND);
        }
        return fleet.sessionMetrics(SessionId.of(id)).map(RestResponse::ok)
                .orElseGet(() -> RestResponse.status(Response.Status.NOT_FOUND));
    }
}
