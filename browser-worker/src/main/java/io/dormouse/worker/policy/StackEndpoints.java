package io.dormouse.worker.policy;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jboss.logging.Logger;

/**
 * The stack's own services (registry, store, monitor, workers, Kafka, PostgreSQL, Redis, the egress proxy itself): no
 * page may connect to them, whatever the allow lists say. A service on this machine is matched on every address the
 * machine answers on (loopback, the wildcard address, each interface's address), since a service bound to
 * {@code 0.0.0.0} is reachable on all of them.
 */
final class StackEndpoints {
    private static final Logger LOG = Logger.getLogger(StackEndpoints.class);

    private record Endpoint(String name, int port, Set<InetAddress> addresses, boolean onThisMachine) {
    }

    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
    private final Set<InetAddress> machineAddresses = machineAddresses();

    /** {@code host:port}, {@code [v6]:port} or a URL such as {@code http://host:8101}. */
    void add(String spec) {
        String value = spec.strip();
        if (value.isEmpty()) {
            return;
        }
        String scheme = null;
        int schemeEnd = value.indexOf("://");
        if (schemeEnd > 0) {
            scheme = value.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            value = value.substring(schemeEnd + 3);
        }
        int pathStart = value.indexOf('/');
        if (pathStart >= 0) {
            value = value.substring(0, pathStart);
        }
        value = value.substring(value.lastIndexOf('@') + 1);
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            host = close < 0 ? value : value.substring(1, close);
            port = close >= 0 && value.length() > close + 2 ? value.substring(close + 2) : "";
        } else {
            int colon = value.lastIndexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? "" : value.substring(colon + 1);
        }
        int number;
        try {
            number = port.isEmpty() ? defaultPort(scheme) : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (host.isEmpty() || number <= 0 || number > 65_535) {
            throw new IllegalArgumentException("'" + spec + "' is not a stack endpoint such as 127.0.0.1:8101");
        }
        add(host, number);
    }

    void add(String host, int port) {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            Collections.addAll(addresses, InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            // A name that does not resolve here cannot be reached from here either; its port is still refused locally.
            LOG.warnf("stack endpoint %s:%d does not resolve; only this machine's port %d is refused", host, port,
                    port);
        }
        boolean local = addresses.isEmpty() || addresses.stream().anyMatch(this::isThisMachine);
        endpoints.add(new Endpoint(host + ":" + port, port, Set.copyOf(addresses), local));
    }

    /** The endpoint {@code address:port} is, if it is one of the stack's. */
    Optional<String> match(InetAddress address, int port) {
        boolean thisMachine = isThisMachine(address);
        return endpoints.stream()
                .filter(endpoint -> endpoint.port() == port
                        && (endpoint.onThisMachine() && thisMachine || endpoint.addresses().contains(address)))
                .map(Endpoint::name).findFirst();
    }

    List<String> names() {
        return endpoints.stream().map(Endpoint::name).toList();
    }

    private boolean isThisMachine(InetAddress address) {
        return address.isLoopbackAddress() || address.isAnyLocalAddress() || machineAddresses.contains(address);
    }

    private static int defaultPort(String scheme) {
        if (scheme == null) {
            return -1;
        }
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            case "redis" -> 6379;
            case "postgresql", "postgres" -> 5432;
            default -> -1;
        };
    }

    private static Set<InetAddress> machineAddresses() {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(nic.getInetAddresses()).stream()
                        .map(StackEndpoints::withoutScope).toList());
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list this machine's network interfaces", e);
        }
        return Set.copyOf(addresses);
    }

    /** {@code fe80::1%eth0} and {@code fe80::1} are the same address for matching. */
    private static InetAddress withoutScope(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an interface address always has 4 or 16 bytes", e);
        }
    }
}
