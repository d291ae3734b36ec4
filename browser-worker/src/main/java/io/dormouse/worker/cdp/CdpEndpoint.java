package io.dormouse.worker.cdp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.dormouse.protocol.CdpClientConnected;
import io.dormouse.protocol.CdpClientDisconnected;
import io.dormouse.protocol.ServiceToken;
import io.dormouse.protocol.SessionEvent;
import io.dormouse.protocol.SessionId;
import io.dormouse.worker.browser.BrowserRuntime;
import io.dormouse.worker.browser.CdpAttachments;
import io.dormouse.worker.browser.SessionContexts;
import io.dormouse.worker.config.WorkerConfig;
import io.dormouse.worker.messaging.WorkerPublisher;
import io.dormouse.worker.policy.NavigationPolicy;
import io.dormouse.worker.service.WorkerIdentity;
import io.dormouse.worker.service.WorkerService;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The worker's end of the CDP gateway: {@code GET /internal/cdp/{session}}, upgraded to a WebSocket by the registry's
 * gateway (with the shared gateway token), is relayed to a browser-level DevTools connection confined to that
 * session's context. Connected clients keep their session active; when the last leaves, the session is checkpointed at
 * once. A session that leaves this worker takes its clients' sockets with it.
 */
@ApplicationScoped
public class CdpEndpoint {
    private static final Logger LOG = Logger.getLogger(CdpEndpoint.class);
    static final String PATH = "/internal/cdp/:session";
    /** The address value that means "this host's own address and the HTTP port", for containers. */
    static final String AUTO_ADDRESS = "auto";

    @Inject
    WorkerConfig config;

    @Inject
    SessionContexts contexts;

    @Inject
    CdpAttachments attachments;

    @Inject
    BrowserRuntime runtime;

    @Inject
    NavigationPolicy policy;

    @Inject
    WorkerPublisher publisher;

    @Inject
    WorkerIdentity identity;

    @Inject
    WorkerService sessions;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8103")
    int httpPort;

    private final Map<SessionId, Set<CdpRelay>> relays = new ConcurrentHashMap<>();
    private volatile WebSocketClient browserSockets;

    void routes(@Observes Router router) {
        if (config.gateway().token().isEmpty()) {
            return;
        }
        int limit = config.gateway().maxMessageBytes();
        browserSockets = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(limit).setMaxMessageSize(limit));
        router.get(PATH).handler(this::connect);
    }

    /** Where the registry's gateway reaches this worker; empty when it serves no CDP clients. */
    public Optional<String> advertisedAddress() {
        if (config.gateway().token().isEmpty()) {
            return Optional.empty();
        }
        String address = config.gateway().address().orElse("127.0.0.1:" + httpPort);
        if (address.equals(AUTO_ADDRESS)) {
            address = ownAddress() + ":" + httpPort;
        }
        return Optional.of(address);
    }

    /** This host's address as its own name resolves: a container's on its network, a pod's on the cluster's. */
    private static String ownAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("dormouse.worker.gateway.address=auto, but this host's name does not"
                    + " resolve; set the address the registry reaches this worker on", e);
        }
    }

    /** Connected clients of {@code id}. */
    public int clients(SessionId id) {
        return relays.getOrDefault(id, Set.of()).size();
    }

    private void connect(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (!ServiceToken.matches(request.getHeader(HttpHeaders.AUTHORIZATION), config.gateway().token().get())) {
            routing.response().setStatusCode(401).end(error("unauthorized", "the gateway token is required"));
            return;
        }
        SessionId id;
        try {
            id = SessionId.of(routing.pathParam("session"));
        } catch (IllegalArgumentException e) {
            routing.response().setStatusCode(400).end(error("invalid-request", e.getMessage()));
            return;
        }
        String connectionId = Optional.ofNullable(request.getHeader("X-Dormouse-Connection"))
                .filter(value -> value.matches("[A-Za-z0-9_-]{1,64}"))
                .orElse("cdp_" + UUID.randomUUID().toString().replace("-", ""));
        request.pause();
        long started = System.nanoTime();
        // Learning the context's id may be a Playwright call: never on the event loop.
        vertx.executeBlocking(() -> attachments.contextId(id), false).onComplete(found -> {
            LOG.debugf("CDP connection %s: context of session %s known in %d ms", connectionId, id,
                    (System.nanoTime() - started) / 1_000_000);
            if (found.failed()) {
                routing.response().setStatusCode(503).end(error("gateway-unavailable", "the context of session " + id
                        + " could not be inspected: " + found.cause().getMessage()));
                return;
            }
            if (found.result().isEmpty()) {
                routing.response().setStatusCode(404).end(error("session-not-live",
                        "session " + id + " has no live context on this worker"));
                return;
            }
            Optional<BrowserRuntime.DevTools> devTools = runtime.devTools();
            if (devTools.isEmpty()) {
                routing.response().setStatusCode(503).end(error("gateway-unavailable",
                        "this worker's browser has no DevTools endpoint"));
                return;
            }
            if (attachments.clients(id, +1) > config.gateway().maxClientsPerSession()) {
                attachments.clients(id, -1);
                routing.response().setStatusCode(409).end(error("too-many-clients", "session " + id + " already has "
                        + config.gateway().maxClientsPerSession() + " CDP clients; disconnect one first"));
                return;
            }
            open(routing, id, connectionId, found.result().get(), devTools.get());
        });
    }

    private void open(RoutingContext routing, SessionId id, String connectionId, String contextId,
            BrowserRuntime.DevTools devTools) {
        browserSockets.connect(new WebSocketConnectOptions().setAbsoluteURI(devTools.browserUrl()))
                .onFailure(e -> {
                    attachments.clients(id, -1);
                    routing.response().setStatusCode(503).end(error("gateway-unavailable",
                            "the browser's DevTools endpoint did not answer: " + e.getMessage()));
                })
                .onSuccess(browser -> routing.request().toWebSocket().onFailure(e -> {
                    attachments.clients(id, -1);
                    browser.close();
                }).onSuccess(client -> {
                    CdpRelay relay = new CdpRelay(connectionId, client, browser,
                            out -> new CdpFilter(contextId, policy::checkUrl, out));
                    relays.computeIfAbsent(id, ignored -> ConcurrentHashMap.newKeySet()).add(relay);
                    relay.start(() -> attachments.activity(id), reason -> closed(id, relay, reason));
                    announce(CdpClientConnected.of(id, identity.id(), connectionId, clients(id)));
                    // The session may have left between the check and now; its clients would be left hanging.
                    if (!contexts.isLive(id)) {
                        relay.close(CdpClientDisconnected.SESSION_CLOSED);
                    }
                }));
    }

    private void closed(SessionId id, CdpRelay relay, String reason) {
        Set<CdpRelay> open = relays.getOrDefault(id, Set.of());
        open.remove(relay);
        relays.computeIfPresent(id, (ignored, set) -> set.isEmpty() ? null : set);
        int left = Math.max(0, attachments.clients(id, -1));
        announce(CdpClientDisconnected.of(id, identity.id(), relay.connectionId, left, reason, relay.messages()));
        if (left == 0 && contexts.isLive(id)) {
            // What the client did is kept at once, not after the next idle round.
            vertx.executeBlocking(() -> {
                sessions.checkpoint(id);
                return null;
            }, false).onFailure(e -> LOG.warnf(e, "checkpoint of session %s after its CDP client left failed; the"
                    + " next round retries", id));
        }
    }

    void onContextClosed(@Observes SessionContexts.ContextClosed closed) {
        Set<CdpRelay> open = relays.remove(closed.sessionId());
        if (open != null) {
            open.forEach(relay -> relay.close(CdpClientDisconnected.SESSION_CLOSED));
        }
    }

    private void announce(SessionEvent event) {
        vertx.executeBlocking(() -> {
            publisher.publish(event);
            return null;
        }, false).onFailure(e -> LOG.warnf(e, "could not publish %s for session %s", event.getClass().getSimpleName(),
                event.sessionId()));
    }

    private static String error(String code, String message) {
        return io.vertx.core.json.JsonObject.of("error", code, "message", message).encode();
    }
}
