package io.dormouse.registry.monitor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.dormouse.protocol.ContextMetrics;
import io.smallrye.mutiny.Uni;

/** The health-monitor's latest metric sample of a live session, which the registry serves with its own counters. */
@RegisterRestClient(configKey = "health-monitor")
@ClientHeaderParam(name = "Authorization", value = "{io.dormouse.registry.monitor.MonitorAuthorization.header}")
@Path("/v1/sessions/{sessionId}/metrics")
public interface MonitorClient {
    @GET
    Uni<ContextMetrics> latestSample(@PathParam("sessionId") String sessionId);
}
