package io.dormouse.worker.policy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.protocol.ProxySettings;
import io.dormouse.protocol.SessionId;

/**
 * The HTTP proxy on 127.0.0.1 that every browser context of this worker uses, so the {@link NavigationPolicy} sees
 * every connection a page opens: navigations, subresources, redirects (each hop is a new request to the proxy),
 * WebSockets and workers. A context authenticates with its session id, which also picks the session's own upstream
 * proxy (HTTP, HTTPS or SOCKS5, with credentials) when its spec names one; otherwise connections go out directly, to
 * the address the policy checked.
 * <p>
 * One virtual thread per connection; a plain-HTTP request is forwarded with {@code Connection: close}, so each client
 * connection carries one request, and CONNECT tunnels are piped until either side closes.
 */
@ApplicationScoped
public class EgressProxy {
    /** Marks the proxy's refusal of a plain-HTTP request, so the worker can tell it from the site's own 403. */
    public static final String POLICY_HEADER = "x-dormouse-policy";

    private static final Logger LOG = Logger.getLogger(EgressProxy.class);
    private static final int HEAD_READ_TIMEOUT_MILLIS = 30_000;

    private final NavigationPolicy policy;
    private final String secret;
    private final Map<String, EgressRoute> routes = new ConcurrentHashMap<>();
    private volatile ServerSocket server;

    @Inject
    public EgressProxy(NavigationPolicy policy) {
        this.policy = policy;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** How a browser context reaches the proxy: its address and the credentials that name the session. */
    public record Endpoint(String server, String username, String password) {
        @Override
        public String toString() {
            return "Endpoint[server=" + server + ", username=" + username + "]";
        }
    }

    /** Routes the session's connections; its context must send them to the returned route's endpoint. */
    public EgressRoute register(SessionId id, ProxySettings upstream) {
        return register(id.value(), upstream);
    }

    /**
     * A route under any key: a pre-warmed context gets one before it knows its session, and keeps it, since a context's
     * proxy credentials are fixed when it is created.
     */
    public synchronized EgressRoute register(String key, ProxySettings upstream) {
        startIfNeeded();
        EgressRoute route = new EgressRoute(upstream,
                new Endpoint("http://127.0.0.1:" + server.getLocalPort(), key, secret));
        routes.put(key, route);
        return route;
    }

    public void unregister(EgressRoute route) {
        routes.remove(route.endpoint().username(), route);
    }

    private void startIfNeeded() {
        if (server != null) {
            return;
        }
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the egress proxy on 127.0.0.1", e);
        }
        ServerSocket listening = server;
        // A page asking the proxy to connect to the proxy itself would reach it without the session's credentials.
        policy.addStackEndpoint("127.0.0.1", listening.getLocalPort());
        Thread.ofVirtual().name("egress-accept").start(() -> accept(listening));
        LOG.infof("egress proxy listening on 127.0.0.1:%d", listening.getLocalPort());
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Thread.ofVirtual().name("egress-connection").start(() -> serve(client));
            } catch (IOException e) {
                if (!listening.isClosed()) {
                    LOG.errorf(e, "egress proxy stopped accepting connections");
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(HEAD_READ_TIMEOUT_MILLIS);
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            ProxyWire.Head head = ProxyWire.Head.read(fromClient);
            if (head == null) {
                return;
            }
            EgressRoute route = authenticate(head);
            if (route == null) {
                ProxyWire.respond(toClient, 407, "Proxy Authentication Required",
                        "Proxy-Authenticate: Basic realm=\"dormouse\"\r\n", "");
                return;
            }
            boolean tunnel = "CONNECT".equals(head.method());
            ProxyWire.Destination destination = tunnel
                    ? ProxyWire.Destination.ofAuthority(head.target())
                    : ProxyWire.Destination.ofAbsoluteUri(head.target());
            if (destination == null) {
                ProxyWire.respond(toClient, 400, "Bad Request", "",
                        "the proxy takes CONNECT or absolute http:// URLs only");
                return;
            }
            NavigationPolicy.Decision decision = policy.checkDestination(destination.host(), destination.port());
            ProxySettings upstream = route.upstream();
            NavigationPolicy.Decision viaProxy = upstream == null ? null : checkUpstream(upstream);
            NavigationPolicy.Decision refusal = !decision.allowed()
                    ? decision
                    : viaProxy != null && !viaProxy.allowed() ? viaProxy : null;
            if (refusal != null) {
                route.denied(destination.host(), refusal.reason());
                ProxyWire.respond(toClient, 403, "Forbidden", POLICY_HEADER + ": denied\r\n", refusal.reason());
                return;
            }
            Socket outbound;
            try {
                outbound = UpstreamProxies.connect(upstream, viaProxy == null ? null : viaProxy.addresses(),
                        destination, decision.addresses(), !tunnel);
            } catch (IOException e) {
                ProxyWire.respond(toClient, 502, "Bad Gateway", "",
                        "cannot reach " + destination + ": " + e.getMessage());
                return;
            }
            try (outbound) {
                client.setSoTimeout(0);
                if (tunnel) {
                    toClient.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    toClient.flush();
                } else {
                    outbound.getOutputStream().write(head.forwarded(upstream, destination));
                    outbound.getOutputStream().flush();
                }
                pipe(fromClient, outbound, client);
            }
        } catch (IOException e) {
            // The browser or the far side closed the connection mid-way; there is no one left to tell.
            LOG.debugf("egress connection ended: %s", e.getMessage());
        }
    }

    /** A session's own proxy is a destination like any other: a proxy on a denied address would be a way in. */
    private NavigationPolicy.Decision checkUpstream(ProxySettings upstream) {
        UpstreamProxies.Address proxy = UpstreamProxies.Address.of(upstream);
        NavigationPolicy.Decision decision = policy.checkDestination(proxy.host(), proxy.port());
        if (!decision.allowed()) {
            return NavigationPolicy.Decision.deny("the session's proxy " + proxy.host() + ":" + proxy.port()
                    + " is refused: " + decision.reason());
        }
        return decision;
    }

    /** Copies client to upstream on a second thread and upstream to client here, until either side is done. */
    private static void pipe(InputStream fromClient, Socket upstream, Socket client) throws IOException {
        Thread upload = Thread.ofVirtual().name("egress-upload").start(() -> {
            try {
                fromClient.transferTo(upstream.getOutputStream());
                upstream.shutdownOutput();
            } catch (IOException e) {
                LOG.debugf("egress upload ended: %s", e.getMessage());
            }
        });
        try {
            upstream.getInputStream().transferTo(client.getOutputStream());
        } catch (SocketException e) {
            LOG.debugf("egress download ended: %s", e.getMessage());
        } finally {
            upstream.close();
            client.close();
            upload.interrupt();
        }
    }

    private EgressRoute authenticate(ProxyWire.Head head) {
        String authorization = head.header("proxy-authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !secret.equals(decoded.substring(colon + 1))) {
            return null;
        }
        return routes.get(decoded.substring(0, colon));
    }

    @PreDestroy
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
