package io.dormouse.worker.policy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.dormouse.protocol.ProxySettings;

/** The HTTP/1.1 proxy wire format the {@link EgressProxy} speaks: request heads, destinations and its own answers. */
final class ProxyWire {
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    /** {@code \r\n\r\n} as four bytes in an int. */
    private static final int END_OF_HEAD = 0x0D0A0D0A;

    private ProxyWire() {
    }

    /** Where a request goes. */
    record Destination(String host, int port, String pathAndQuery) {
        static Destination ofAuthority(String authority) {
            int colon = authority.lastIndexOf(':');
            if (colon <= 0 || authority.endsWith("]")) {
                return null;
            }
            try {
                int port = Integer.parseInt(authority.substring(colon + 1));
                return port > 0 && port <= 65_535 ? new Destination(authority.substring(0, colon), port, null) : null;
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
                out.append(UpstreamProxies.proxyAuthorization(upstream));
            }
            out.append("Connection: close\r\n\r\n");
            return out.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    static void respond(OutputStream out, int status, String reason, String headers, String body)
            throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n" + headers
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + content.length
                + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(content);
        out.flush();
    }
}
