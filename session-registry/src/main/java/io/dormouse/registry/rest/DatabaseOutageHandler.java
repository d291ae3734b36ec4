package io.dormouse.registry.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.registry.repository.DatabaseFailures;
import io.dormouse.registry.service.SessionException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers 503 {@code database-unavailable} (JSON, like every other refusal) for a request that met a missing
 * PostgreSQL before it reached a resource: the API key is looked up during authentication, where
 * {@link ErrorMapper} does not apply and Quarkus would answer a 500 page. Every other failure goes on to the next
 * handler.
 */
@ApplicationScoped
public class DatabaseOutageHandler {
    private static final Logger LOG = Logger.getLogger(DatabaseOutageHandler.class);

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext routing) {
        if (routing.response().headWritten() || !DatabaseFailures.unavailable(routing.failure())) {
            routing.next();
            return;
        }
        LOG.warnf("request refused: PostgreSQL is unavailable (%s)", routing.failure());
        routing.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("Retry-After", "1").putHeader(ApiVersionHeader.HEADER, ApiVersionHeader.VERSION)
                .end(ProtocolJson.encode(ErrorMapper.bodyOf(SessionException.databaseUnavailable())));
    }
}
