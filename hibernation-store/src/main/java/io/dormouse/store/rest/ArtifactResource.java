package io.dormouse.store.rest;

import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;

import io.dormouse.protocol.SessionId;
import io.dormouse.store.config.StoreConfig;
import io.dormouse.store.repository.ArtifactRepository;
import io.dormouse.store.service.SnapshotService.RejectedSnapshotException;
import io.smallrye.common.annotation.Blocking;

/**
 * Claim-checked action results: {@code PUT/GET /v1/artifacts/{sessionId}/{artifactId}}. A worker stores a screenshot
 * or PDF too large for a Kafka record here; the registry serves it to the agent.
 */
@Path("/v1/artifacts/{sessionId}/{artifactId}")
@Blocking
public class ArtifactResource {
    private static final Pattern ARTIFACT_ID = Pattern.compile("art_[0-9a-f]{32}");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[a-z]+/[a-z0-9.+-]+");

    @Inject
    ArtifactRepository artifacts;

    @Inject
    StoreConfig config;

    @PUT
    @Consumes(MediaType.WILDCARD)
    public RestResponse<Void> put(@PathParam("sessionId") String sessionId, @PathParam("artifactId") String artifactId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        if (contentType == null || !CONTENT_TYPE.matcher(contentType).matches()) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID,
                    "Content-Type must name the artifact's type, such as image/png, got '" + contentType + "'");
        }
        if (body.length > config.maxSnapshotBytes()) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.TOO_LARGE, "artifact of "
                    + body.length + " bytes is over the limit of " + config.maxSnapshotBytes());
        }
        artifacts.write(session(sessionId), artifact(artifactId), new ArtifactRepository.Artifact(body, contentType));
        return RestResponse.status(Response.Status.CREATED);
    }

    @GET
    public Response get(@PathParam("sessionId") String sessionId, @PathParam("artifactId") String artifactId) {
        return artifacts.read(session(sessionId), artifact(artifactId))
                .map(found -> Response.ok(found.bytes(), found.contentType()).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
    }

    private static SessionId session(String value) {
        if (!SessionId.isValid(value)) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID,
                    "'" + value + "' is not a session id");
        }
        return SessionId.of(value);
    }

    private static String artifact(String value) {
        if (!ARTIFACT_ID.matcher(value).matches()) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID,
                    "'" + value + "' is not an artifact id");
        }
        return value;
    }
}
