package io.dormouse.store.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.dormouse.store.crypto.SnapshotCipher.CorruptSnapshotException;
import io.dormouse.store.service.SnapshotService.RejectedSnapshotException;

/** Refused requests, for every resource of the store, as JSON {@code {error, message}}. */
public class ErrorMapper {

    /** The body every error response carries. */
    public record ErrorBody(String error, String message) {
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> rejected(RejectedSnapshotException e) {
        Response.Status status = switch (e.reason()) {
            case INVALID -> Response.Status.BAD_REQUEST;
            case TOO_LARGE -> Response.Status.REQUEST_ENTITY_TOO_LARGE;
            case NOT_FOUND -> Response.Status.NOT_FOUND;
        };
        return RestResponse.status(status, new ErrorBody(e.reason().name().toLowerCase().replace('_', '-'),
                e.getMessage()));
    }

    /** 422: the request was fine, the stored snapshot is not; it is reported as {@code SnapshotCorrupted}. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> corrupt(CorruptSnapshotException e) {
        return RestResponse.ResponseBuilder.<ErrorBody>create(422)
                .entity(new ErrorBody("snapshot-corrupted", e.getMessage())).build();
    }
}
