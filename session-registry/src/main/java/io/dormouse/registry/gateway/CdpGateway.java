package io.dormouse.registry.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.protocol.ActionCompleted;
import io.dormouse.protocol.ActionFailed;
import io.dormouse.protocol.CommandId;
import io.dormouse.protocol.ServiceToken;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionState;
import io.dormouse.registry.config.RegistryConfig;
import io.dormouse.registry.repository.DatabaseFailures;
import io.dormouse.registry.security.ApiKeys;
import io.dormouse.registry.security.Caller;
import io.dormouse.registry.security.Roles;
import io.dormouse.registry.service.CommandRouter;
import io.dormouse.registry.service.SessionException;
import io.dormouse.registry.service.SessionService;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The CDP gateway: {@code GET /v1/sessions/{id}/cdp} upgraded to a WebSocket, authenticated with a connect ticket
 * ({@code ?token=}) or an API key, is relayed to the worker that owns the session, which confines it to the session's
 * browser context. A hibernated session is woken first; a session whose worker is gone is resumed wherever its
 * partition went. The registry keeps no state per connection beyond the two sockets, so any replica can take any
 * client.
 */
@ApplicationScoped
public class CdpGateway {
    private static final Logger LOG = Logger.getLogger(CdpGateway.class);
    static final String PATH = "/v1/sessions/:id/cdp";
    private static final Duration ADDRESS_POLL = Duration.ofMillis(100);

    @Inject
    RegistryConfig config;

    @Inject
    CdpTickets tickets;

    @Inject
    ApiKeys keys;

    @Inject
    SessionService sessions;

    @Inject
    CommandRouter commands;

    @Inject
    WorkerDirectory workers;

    @Inject
    Vertx vertx;

    private volatile WebSocketClient workerSockets;

    /** Why a connection is refused before the upgrade: the HTTP status and the API's error code. */
    static final class Refusal extends RuntimeException {
        final int status;
        final String code;

        Refusal(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    void routes(@Observes Router router) {
        int limit = config.gateway().maxMessageBytes();
        workerSockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(limit)
                .setMaxMessageSize(limit).setConnectTimeout(5000));
        router.get(PATH).handler(this::connect);
    }

    private void connect(RoutingContext routing) {
        if (config.gateway().token().isEmpty()) {
            refuse(routing, new Refusal(503, "gateway-disabled", "the CDP gateway is off: DORMOUSE_GATEWAY_TOKEN"
                    + " is not set"));
            return;
        }
        if (!routing.request().headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
            refuse(routing, new Refusal(400, "invalid-request", "connect with a WebSocket client (a CDP client"
                    + " library), not plain HTTP"));
            return;
        }
        SessionId id;
        try {
            id = SessionId.of(routing.pathParam("id"));
        } catch (IllegalArgumentException e) {
            refuse(routing, new Refusal(404, "session-not-found", e.getMessage()));
            return;
        }
        routing.request().pause();
        String token = routing.request().getParam("token");
        String authorization = routing.request().getHeader(HttpHeaders.AUTHORIZATION);
        String connectionId = "cdp_" + UUID.randomUUID().toString().replace("-", "");
        Context here = vertx.getOrCreateContext();
        long started = System.nanoTime();
        run(here, () -> tenantOf(id, token, authorization).chain(tenant -> ownerOf(id, tenant)
                .map(address -> new Route(id, tenant, address, started))),
                route -> relay(routing, route, connectionId, true), failure -> refuse(routing, failure));
    }

    /** Where a connection goes; {@code started}: when it arrived ({@link System#nanoTime()}), for the log. */
    private record Route(SessionId session, String tenant, String address, long started) {
    }

    /**
     * Runs {@code work} on a duplicated context marked safe, as Hibernate Reactive requires (a REST request gets one;
     * a plain route does not), and hands its outcome back on {@code here}.
     */
    private static <T> void run(Context here, Supplier<Uni<T>> work, Consumer<T> onItem,
            Consumer<Throwable> onFailure) {
        Context duplicate = VertxContext.createNewDuplicatedContext(here);
        duplicate.runOnContext(ignored -> {
            VertxContextSafetyToggle.setCurrentContextSafe(true);
            work.get().subscribe().with(item -> here.runOnContext(done -> onItem.accept(item)),
                    failure -> here.runOnContext(done -> onFailure.accept(failure)));
        });
    }

    private Uni<String> tenantOf(SessionId id, String token, String authorization) {
        if (token != null) {
            return tickets.verify(token, id).map(ticket -> Uni.createFrom().item(ticket.tenant()))
                    .orElseGet(() -> Uni.createFrom().failure(new Refusal(401, "unauthorized", "the connect ticket"
                            + " is not valid for this session or has expired; POST /v1/sessions/" + id.value()
                            + "/connect for a fresh URL")));
        }
        String key = bearer(authorization);
        if (key == null) {
            return Uni.createFrom().failure(new Refusal(401, "unauthorized", "a connect ticket (?token=) or an API"
                    + " key (Authorization: Bearer) is required"));
        }
        return keys.authenticate(key).map(caller -> caller
                .filter(found -> found.role().grants().contains(Roles.AGENT))
                .map(Caller::tenant)
                .orElseThrow(() -> new Refusal(401, "unauthorized", "the API key is not valid for sessions")));
    }

    /**
     * Where the session lives now: its worker, when it is active on one that serves CDP clients; otherwise it is
     * resumed (rehydrated if it was hibernated, brought back from its checkpoint if its worker died) first.
     */
    private Uni<String> ownerOf(SessionId id, String tenant) {
        return sessions.get(id, tenant).chain(row -> {
            Optional<String> address = row.state == SessionState.ACTIVE
                    ? workers.addressOf(row.workerId)
                    : Optional.empty();
            return address.map(found -> Uni.createFrom().item(found)).orElseGet(() -> wake(id, tenant));
        });
    }

    private Uni<String> wake(SessionId id, String tenant) {
        return commands.resume(CommandId.random(), id, tenant).chain(outcome -> switch (outcome) {
            case ActionFailed failed -> Uni.createFrom().failure(new Refusal(503, failed.error().code(),
                    "session " + id.value() + " could not be woken: " + failed.error().message()));
            case ActionCompleted completed -> addressAfterWake(completed.workerId().value());
        });
    }

    /** A worker that just started may not have announced its address yet: waited for, briefly. */
    private Uni<String> addressAfterWake(String workerId) {
        Optional<String> known = workers.addressOf(workerId);
        if (known.isPresent()) {
            return Uni.createFrom().item(known.get());
        }
        long deadline = System.nanoTime() + config.gateway().workerWait().toNanos();
        return Uni.createFrom().item(() -> workers.addressOf(workerId))
                // whilst() emits every attempt, the last one (found, or past the deadline) included.
                .repeat().withDelay(ADDRESS_POLL).whilst(found -> found.isEmpty() && System.nanoTime() < deadline)
                .collect().last()
                .map(found -> found.orElseThrow(() -> new Refusal(503, "worker-unavailable", "worker " + workerId
                        + " took the session but has not said where it serves CDP clients")));
    }

    private void relay(RoutingContext routing, Route route, String connectionId, boolean mayRetry) {
        int colon = route.address().lastIndexOf(':');
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(route.address().substring(0, colon))
                .setPort(Integer.parseInt(route.address().substring(colon + 1)))
                .setURI("/internal/cdp/" + route.session().value())
                .addHeader(HttpHeaders.AUTHORIZATION.toString(), ServiceToken.header(config.gateway().token().get()))
                .addHeader("X-Dormouse-Connection", connectionId);
        Context here = vertx.getOrCreateContext();
        long routed = System.nanoTime();
        workerSockets.connect(options).onSuccess(worker -> {
            LOG.debugf("CDP connection %s to session %s: routed to %s in %d ms, the worker took it in %d ms",
                    connectionId, route.session(), route.address(), (routed - route.started()) / 1_000_000,
                    (System.nanoTime() - routed) / 1_000_000);
            upgrade(routing, worker);
        }).onFailure(failure -> {
            int status = failure instanceof UpgradeRejectedException rejected ? rejected.getStatus() : 0;
            if (status == 409) {
                refuse(routing, new Refusal(409, "too-many-clients", "session " + route.session().value()
                        + " has as many CDP clients as it may; disconnect one first"));
            } else if (mayRetry && (status == 404 || status == 0)) {
                // The session left that worker (or the worker died) since the registry last heard: wake it again.
                LOG.debugf("worker at %s does not hold session %s (%s); resuming it", route.address(),
                        route.session(), failure.getMessage());
                run(here, () -> wake(route.session(), route.tenant()),
                        address -> relay(routing, new Route(route.session(), route.tenant(), address,
                                route.started()), connectionId, false),
                        wakeFailure -> refuse(routing, wakeFailure));
            } else {
                refuse(routing, new Refusal(503, "worker-unavailable", "the worker holding session "
                        + route.session().value() + " did not take the connection: " + failure.getMessage()));
            }
        });
    }

    private static void upgrade(RoutingContext routing, WebSocket worker) {
        routing.request().toWebSocket().onSuccess(client -> CdpPipe.between(client, worker))
                .onFailure(failure -> worker.close());
    }

    private static void refuse(RoutingContext routing, Throwable failure) {
        // A missing database (met looking up the key or the session) is the same outage the HTTP API reports.
        Throwable reason = DatabaseFailures.unavailable(failure) ? SessionException.databaseUnavailable() : failure;
        Refusal refusal = switch (reason) {
            case Refusal known -> known;
            case SessionException session -> new Refusal(switch (session.kind()) {
                case NOT_FOUND -> 404;
                case GONE -> 410;
                case CONFLICT -> 409;
                case FORBIDDEN -> 403;
                case INVALID -> 400;
                case TIMEOUT -> 504;
                case COMMAND_NOT_FOUND, PROFILE_NOT_FOUND -> 404;
                case BROKER_UNAVAILABLE, DATABASE_UNAVAILABLE -> 503;
            }, session.kind().code, session.getMessage());
            default -> {
                LOG.warnf(failure, "CDP connect failed");
                yield new Refusal(503, "gateway-unavailable", "the connection could not be set up: "
                        + failure.getMessage());
            }
        };
        if (routing.response().ended()) {
            return;
        }
        routing.response().setStatusCode(refusal.status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", refusal.code).put("message", refusal.getMessage()).encode());
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = authorization.substring(7).strip();
        return key.isEmpty() ? null : key;
    }
}
