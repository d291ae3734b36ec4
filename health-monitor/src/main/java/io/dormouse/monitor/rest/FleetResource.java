package io.dormouse.monitor.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.monitor.config.MonitorConfig;
import io.dormouse.monitor.registry.RegistryClient;
import io.dormouse.monitor.service.FleetView;
import io.dormouse.monitor.service.HealthRules;
import io.dormouse.protocol.ContextMetrics;
import io.dormouse.protocol.SessionId;
import io.smallrye.mutiny.Uni;

/**
 * Read-only view of workers, sessions' latest health samples, the registry's session census and the monitor's recent
 * recycles.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class FleetResource {
    @Inject
    FleetView fleet;

    @Inject
    HealthRules rules;

    @Inject
    MonitorConfig config;

    @Inject
    @RestClient
    RegistryClient registry;

    /**
     * What an operator looks at first: the workers, the registry's count of sessions by state and tier, and the
     * latest recycles with their reasons. {@code sessions} is null when the registry could not be asked, and
     * {@code sessionsUnavailable} says why.
     */
    public record Overview(List<FleetView.WorkerStatus> workers, long workersAlive, JsonNode sessions,
            String sessionsUnavailable, List<HealthRules.Recycle> recentRecycles) {
    }

    @GET
    @Path("/health/overview")
    public Uni<Overview> overview() {
        List<FleetView.WorkerStatus> workers = fleet.workers();
        long alive = workers.stream().filter(FleetView.WorkerStatus::alive).count();
        Uni<Overview> withoutCensus = Uni.createFrom().item(new Overview(workers, alive, null,
                "no registry key: set DORMOUSE_ADMIN_KEY", rules.recentRecycles()));
        return config.registryKey().filter(key -> !key.isBlank()).map(key -> registry.census("Bearer " + key)
                .map(census -> new Overview(workers, alive, census, null, rules.recentRecycles()))
                .onFailure().recoverWithItem(failure -> new Overview(workers, alive, null,
                        "the registry did not answer: " + failure.getMessage(), rules.recentRecycles())))
                .orElse(withoutCensus);
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
