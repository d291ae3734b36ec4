package io.dormouse.monitor.registry;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** The registry's count of live sessions by state and tier, which the overview shows next to the workers. */
@RegisterRestClient(configKey = "session-registry")
@Path("/v1/admin/census")
public interface RegistryClient {
    @GET
    Uni<JsonNode> census(@HeaderParam("Authorization") String authorization);
}
