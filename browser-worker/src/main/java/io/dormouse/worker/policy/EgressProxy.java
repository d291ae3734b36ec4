package io.dormouse.worker.policy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLSocketFactory;

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
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int HEAD_READ_TIMEOUT_MILLIS = 30_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** {@code \r\n\r\n} as four bytes in an int. */
    private static final int END_OF_HEAD = 0x0D0A0D0A;

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
            Head head = Head.read(fromClient);
            if (head == null) {
                return;
            }
            EgressRoute route = authenticate(head);
            if (route == null) {
                respond(toClient, 407, "Proxy Authentication Required",
                        "Proxy-Authenticate: Basic realm=\"dormouse\"\r\n", "");
                return;
            }
            boolean tunnel = "CONNECT".equals(head.method());
            Destination destination = tunnel
                    ? Destination.ofAuthority(head.target())
                    : Destination.ofAbsoluteUri(head.target());
            if (destination == null) {
                respond(toClient, 400, "Bad Request", "", "the proxy takes CONNECT or absolute http:// URLs only");
                return;
            }
            NavigationPolicy.Decision decision = policy.checkDestination(destination.host());
            if (!decision.allowed()) {
                route.denied(destination.host(), decision.reason());
                respond(toClient, 403, "Forbidden", POLICY_HEADER + ": denied\r\n", decision.reason());
                return;
            }
            Socket upstream;
            try {
                upstream = connect(route.upstream(), destination, decision.addresses(), !tunnel);
            } catch (IOException e) {
                respond(toClient, 502, "Bad Gateway", "", "cannot reach " + destination + ": " + e.getMessage());
                return;
            }
            try (upstream) {
                client.setSoTimeout(0);
                if (tunnel) {
                    toClient.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    toClient.flush();
                } else {
                    upstream.getOutputStream().write(head.forwarded(route.upstream(), destination));
                    upstream.getOutputStream().flush();
                }
                pipe(fromClient, upstream, client);
            }
        } catch (IOException e) {
            // The browser or the far side closed the connection mid-way; there is no one left to tell.
            LOG.debugf("egress connection ended: %s", e.getMessage());
        }
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

    private EgressRoute authenticate(Head head) {
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

    private static Socket connect(ProxySettings upstream, Destination destination, InetAddress[] checked,
            boolean plainHttp) throws IOException {
        if (upstream == null) {
            return connectDirect(destination, checked);
        }
        URI proxy = URI.create(upstream.server());
        String scheme = proxy.getScheme().toLowerCase(Locale.ROOT);
        int port = proxy.getPort() > 0 ? proxy.getPort() : "socks5".equals(scheme) ? 1080 : 8080;
        Socket socket = "https".equals(scheme)
                ? SSLSocketFactory.getDefault().createSocket()
                : new Socket();
        try {
            socket.connect(new InetSocketAddress(proxy.getHost(), port), CONNECT_TIMEOUT_MILLIS);
            if ("socks5".equals(scheme)) {
                Socks5.open(socket, upstream, destination.host(), destination.port());
            } else if (!plainHttp) {
                openHttpTunnel(socket, upstream, destination);
            }
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Connects to the addresses the policy checked, never to a fresh resolution of the name. */
    private static Socket connectDirect(Destination destination, InetAddress[] checked) throws IOException {
        if (checked.length == 0) {
            throw new IOException("cannot resolve " + destination.host());
        }
        IOException last = null;
        for (InetAddress address : checked) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, destination.port()), CONNECT_TIMEOUT_MILLIS);
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw last;
    }

    private static void openHttpTunnel(Socket socket, ProxySettings upstream, Destination destination)
            throws IOException {
        String request = "CONNECT " + destination + " HTTP/1.1\r\nHost: " + destination + "\r\n"
                + proxyAuthorization(upstream) + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        socket.setSoTimeout(HEAD_READ_TIMEOUT_MILLIS);
        Head response = Head.read(socket.getInputStream());
        socket.setSoTimeout(0);
        if (response == null || !response.target().startsWith("200")) {
            throw new IOException("the upstream proxy refused the tunnel: "
                    + (response == null ? "no answer" : response.target()));
        }
    }

    static String proxyAuthorization(ProxySettings upstream) {
        if (upstream.username() == null) {
            return "";
        }
        String credentials = upstream.username() + ":" + (upstream.password() == null ? "" : upstream.password());
        return "Proxy-Authorization: Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    private static void respond(OutputStream out, int status, String reason, String headers, String body)
            throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n" + headers
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + content.length
                + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(content);
        out.flush();
    }

    @PreDestroy
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** Where a request goes. */
    record Destination(String host, int port, String pathAndQuery) {
        static Destination ofAuthority(String authority) {
            int colon = authority.lastIndexOf(':');
            if (colon <= 0 || authority.endsWith("]")) {
                return null;
            }
            try {
                return new Destination(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)),
                        null);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        static Destination ofAbsoluteUri(String target) {
            try {
                URI uri = new URI(target);
                if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    return null;
                }
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
                return new Destination(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80, path + query);
            } catch (URISyntaxException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** A request or response line and its headers. For a response, {@code target} holds the status and reason. */
    record Head(String method, String target, String version, List<String[]> headers) {
        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int lastFour = 0;
            while (lastFour != END_OF_HEAD) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                bytes.write(b);
                if (bytes.size() > MAX_HEAD_BYTES) {
                    throw new IOException("head larger than " + MAX_HEAD_BYTES + " bytes");
                }
                lastFour = (lastFour << 8) | b;
            }
            String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] first = lines[0].split(" ", 3);
            if (first.length < 2) {
                throw new IOException("malformed first line '" + lines[0] + "'");
            }
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.add(new String[]{lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1)
                            .strip()});
                }
            }
            boolean response = first[0].startsWith("HTTP/");
            return response
                    ? new Head(null, first[1] + (first.length > 2 ? " " + first[2] : ""), first[0], headers)
                    : new Head(first[0], first[1], first.length > 2 ? first[2] : "HTTP/1.1", headers);
        }

        String header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst()
                    .orElse(null);
        }

        /**
         * The request as it leaves: origin-form to the site (or through a SOCKS5 tunnel), absolute-form with the
         * upstream's credentials to an HTTP upstream; proxy headers stripped; one request per connection.
         */
        byte[] forwarded(ProxySettings upstream, Destination destination) {
            boolean httpUpstream = upstream != null && !upstream.server().toLowerCase(Locale.ROOT).startsWith("socks5");
            StringBuilder out = new StringBuilder();
            out.append(method).append(' ').append(httpUpstream ? target : destination.pathAndQuery()).append(' ')
                    .append(version).append("\r\n");
            for (String[] header : headers) {
                String name = header[0].toLowerCase(Locale.ROOT);
                if (!name.startsWith("proxy-") && !name.equals("connection") && !name.equals("keep-alive")) {
                    out.append(header[0]).append(": ").append(header[1]).append("\r\n");
                }
            }
            if (httpUpstream) {
                out.append(proxyAuthorization(upstream));
            }
            out.append("Connection: close\r\n\r\n");
            return out.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
