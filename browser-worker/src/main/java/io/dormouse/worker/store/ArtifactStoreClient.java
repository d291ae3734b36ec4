package io.dormouse.worker.store;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The hibernation-store's artifact API: screenshots and PDFs too large for a result record (claim check). */
@RegisterRestClient(configKey = "hibernation-store")
@ClientHeaderParam(name = "Authorization", value = "{io.dormouse.worker.store.StoreAuthorization.header}")
@Path("/v1/artifacts")
public interface ArtifactStoreClient {
    @PUT
    @Path("/{sessionId}/{artifactId}")
    @Consumes(MediaType.WILDCARD)
    void put(@PathParam("sessionId") String sessionId, @PathParam("artifactId") String artifactId,
            @HeaderParam("Content-Type") String contentType, byte[] body);
}
