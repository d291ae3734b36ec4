package io.dormouse.worker.policy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import javax.net.ssl.SSLSocketFactory;

import io.dormouse.protocol.ProxySettings;

/**
 * How the {@link EgressProxy} reaches a destination the policy allowed: straight to the checked addresses, or through
 * the session's own proxy (HTTP, HTTPS or SOCKS5, with credentials), itself at an address the policy checked.
 */
final class UpstreamProxies {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int HEAD_READ_TIMEOUT_MILLIS = 30_000;

    private UpstreamProxies() {
    }

    /** The session proxy's host and port, as the policy must check them. */
    record Address(String host, int port, String scheme) {
        static Address of(ProxySettings upstream) {
            URI proxy = URI.create(upstream.server());
            String scheme = proxy.getScheme().toLowerCase(Locale.ROOT);
            int port = proxy.getPort() > 0 ? proxy.getPort() : "socks5".equals(scheme) ? 1080 : 8080;
            return new Address(proxy.getHost(), port, scheme);
        }
    }

    /**
     * Opens the connection for {@code destination}: to {@code checked} directly, or to the upstream proxy at
     * {@code checkedProxy} and on through it.
     */
    static Socket connect(ProxySettings upstream, InetAddress[] checkedProxy, ProxyWire.Destination destination,
            InetAddress[] checked, boolean plainHttp) throws IOException {
        if (upstream == null) {
            return connectTo(destination.host(), checked, destination.port(), false);
        }
        Address proxy = Address.of(upstream);
        Socket socket = connectTo(proxy.host(), checkedProxy, proxy.port(), "https".equals(proxy.scheme()));
        try {
            if ("socks5".equals(proxy.scheme())) {
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
    private static Socket connectTo(String host, InetAddress[] checked, int port, boolean tls) throws IOException {
        if (checked.length == 0) {
            throw new IOException("cannot resolve " + host);
        }
        IOException last = null;
        for (InetAddress address : checked) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
                return tls
                        ? ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true)
                        : socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw last;
    }

    private static void openHttpTunnel(Socket socket, ProxySettings upstream, ProxyWire.Destination destination)
            throws IOException {
        String request = "CONNECT " + destination + " HTTP/1.1\r\nHost: " + destination + "\r\n"
                + proxyAuthorization(upstream) + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        socket.setSoTimeout(HEAD_READ_TIMEOUT_MILLIS);
        ProxyWire.Head response = ProxyWire.Head.read(socket.getInputStream());
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
}
