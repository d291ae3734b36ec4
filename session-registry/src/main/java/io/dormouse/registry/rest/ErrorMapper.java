package io.dormouse.registry.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.dormouse.protocol.ActionError;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.registry.repository.DatabaseFailures;
import io.dormouse.registry.service.SessionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Turns every refusal into {@code {error, message}} with the status a client can act on. */
public class ErrorMapper {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    /** The body every error response carries: a stable code to branch on and a sentence for humans. */
    public record ErrorBody(String error, String message, String commandId) {
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> refused(SessionException e) {
        Response.Status status = switch (e.kind()) {
            case INVALID -> Response.Status.BAD_REQUEST;
            case NOT_FOUND, COMMAND_NOT_FOUND, PROFILE_NOT_FOUND -> Response.Status.NOT_FOUND;
            case GONE -> Response.Status.GONE;
            case CONFLICT -> Response.Status.CONFLICT;
            case TIMEOUT -> Response.Status.GATEWAY_TIMEOUT;
            case FORBIDDEN -> Response.Status.FORBIDDEN;
            case BROKER_UNAVAILABLE, DATABASE_UNAVAILABLE -> Response.Status.SERVICE_UNAVAILABLE;
        };
        return RestResponse.status(status, bodyOf(e));
    }

    static ErrorBody bodyOf(SessionException e) {
        return new ErrorBody(e.kind().code, e.getMessage(), e.commandId());
    }

    /** Quarkus maps this one itself with an empty body; the more specific mapper wins. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> mismatched(MismatchedInputException e) {
        return badBody(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> malformed(JsonProcessingException e) {
        return badBody(e);
    }

    /** Quarkus wraps other body-reading failures in a bare 400; recover the reason from the cause. */
    @ServerExceptionMapper
    public RestResponse<?> webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException cause) {
            return badBody(cause);
        }
        return RestResponse.ResponseBuilder.create(e.getResponse().getStatusInfo(),
                new ErrorBody(e.getResponse().getStatusInfo().getReasonPhrase().toLowerCase().replace(' ', '-'),
                        e.getMessage(), null))
                .build();
    }

    private static RestResponse<ErrorBody> badBody(JsonProcessingException e) {
        return RestResponse.status(Response.Status.BAD_REQUEST,
                new ErrorBody("invalid-request", ProtocolJson.describe(e, Object.class), null));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalid(IllegalArgumentException e) {
        return RestResponse.status(Response.Status.BAD_REQUEST, new ErrorBody("invalid-request", e.getMessage(), null));
    }

    /** No key, or a key that is unknown or revoked. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public RestResponse<ErrorBody> unauthenticated(RuntimeException e) {
        String message = e instanceof AuthenticationFailedException
                ? "the API key is unknown or revoked"
                : "an API key is required: Authorization: Bearer <key>";
        return RestResponse.ResponseBuilder.create(Response.Status.UNAUTHORIZED, new ErrorBody("unauthorized",
                message, null)).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dormouse\"").build();
    }

    /** A valid key whose role does not reach the endpoint. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> forbidden(ForbiddenException e) {
        return RestResponse.status(Response.Status.FORBIDDEN, new ErrorBody("forbidden",
                "this API key's role may not do this (roles: agent < admin of its tenant < operator)", null));
    }

    /**
     * Anything unforeseen (a bug, Kafka failing past its probe): still JSON, and logged with its cause; a database
     * that is not there is an outage (503), not a fault. The client gets no class names, SQL or stack from it.
     */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> unexpected(RuntimeException e) {
        if (DatabaseFailures.unavailable(e)) {
            LOG.warnf("request refused: PostgreSQL is unavailable (%s)", e);
            return refused(SessionException.databaseUnavailable());
        }
        LOG.errorf(e, "request failed unexpectedly");
        return RestResponse.status(Response.Status.INTERNAL_SERVER_ERROR,
                new ErrorBody("internal", "the registry could not complete the request; the failure is in its log",
                        null));
    }

    /**
     * A failure the worker reported: 502, except a hibernation-store that did not answer, which is an outage the
     * caller should wait out (503) rather than a fault of its session.
     */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> workerFailed(WorkerFailureException e) {
        ActionError error = e.failure().error();
        Response.Status status = ActionError.STORE_UNAVAILABLE.equals(error.code())
                ? Response.Status.SERVICE_UNAVAILABLE
                : Response.Status.BAD_GATEWAY;
        return RestResponse.status(status, new ErrorBody(error.code(), error.message(),
                e.failure().commandId().value()));
    }
}
