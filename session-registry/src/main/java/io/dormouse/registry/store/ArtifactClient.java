package io.dormouse.registry.store;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/** Reads claim-checked action results (large screenshots, PDFs) from the hibernation-store. */
@RegisterRestClient(configKey = "hibernation-store")
@ClientHeaderParam(name = "Authorization", value = "{io.dormouse.registry.store.StoreAuthorization.header}")
@Path("/v1/artifacts")
public interface ArtifactClient {
    @GET
    @Path("/{sessionId}/{artifactId}")
    Uni<RestResponse<byte[]>> get(@PathParam("sessionId") String sessionId,
            @PathParam("artifactId") String artifactId);
}
