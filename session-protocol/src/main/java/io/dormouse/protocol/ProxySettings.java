package io.dormouse.protocol;

import java.net.URI;
import java.util.Set;

/** Per-session proxy applied to the browser context. */
public record ProxySettings(String server, String username, String password) {
    private static final Set<String> SCHEMES = Set.of("http", "https", "socks5");

    public ProxySettings {
        URI uri;
        try {
            uri = server == null ? null : URI.create(server);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "proxy.server must be a URL with scheme http, https or socks5 and a host, got '" + server + "'");
        }
    }

    /** Keeps credentials out of logs. */
    @Override
    public String toString() {
        return "ProxySettings[server=" + server + ", username=" + (username == null ? "none" : "***") + "]";
    }
}
