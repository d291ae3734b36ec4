package io.dormouse.worker.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.dormouse.worker.config.WorkerConfig;

/**
 * Where sessions may go. The URLs agents open are judged by {@link UrlJudge} (scheme allow list, fail closed); hosts,
 * addresses and ports on every connection a page opens, redirects included, by the {@link EgressProxy} all browser
 * traffic goes through. A host name is resolved and every address it resolves to is checked, and the connection goes
 * to the checked address, so a name that resolves to a metadata or private address cannot slip through. The stack's
 * own services are refused whatever the allow lists say.
 */
@ApplicationScoped
public class NavigationPolicy {
    private static final Logger LOG = Logger.getLogger(NavigationPolicy.class);

    private final UrlJudge urls;
    private final Set<String> deniedHosts;
    private final Set<String> allowedHosts;
    private final List<Cidr> deniedCidrs;
    private final boolean allowLoopback;
    private final List<Cidr> allowedCidrs;
    private final StackEndpoints stack = new StackEndpoints();

    /** The policy's settings; every list may be empty. */
    public record Rules(Set<String> allowedSchemes, List<String> deniedHosts, List<String> allowedHosts,
            List<String> deniedCidrs, boolean allowLoopback, List<String> allowedCidrs, List<String> stackEndpoints) {
    }

    @Inject
    public NavigationPolicy(WorkerConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "") String kafkaBootstrap,
            @ConfigProperty(name = "quarkus.rest-client.hibernation-store.url", defaultValue = "") String storeUrl,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8103") int httpPort) {
        this(rulesOf(config, kafkaBootstrap, storeUrl, httpPort));
        LOG.infof("navigation policy: schemes %s; denied address blocks %s; loopback %s for pages; the stack's own"
                + " services %s are refused to every page", urls.allowed(), deniedCidrs,
                allowsLoopback() ? "ALLOWED (local stack)" : "denied", stack.names());
    }

    public NavigationPolicy(Rules rules) {
        this.urls = new UrlJudge(rules.allowedSchemes());
        this.deniedHosts = lower(rules.deniedHosts());
        this.allowedHosts = lower(rules.allowedHosts());
        this.deniedCidrs = rules.deniedCidrs().stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
        this.allowLoopback = rules.allowLoopback();
        this.allowedCidrs = rules.allowedCidrs().stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
        rules.stackEndpoints().forEach(stack::add);
    }

    private static Rules rulesOf(WorkerConfig config, String kafkaBootstrap, String storeUrl, int httpPort) {
        WorkerConfig.Navigation navigation = config.navigation();
        List<String> endpoints = new ArrayList<>(navigation.stackEndpoints().orElse(List.of()));
        endpoints.addAll(List.of(kafkaBootstrap.split(",")));
        endpoints.add(storeUrl);
        endpoints.add("127.0.0.1:" + httpPort);
        return new Rules(Set.copyOf(navigation.allowedSchemes()), navigation.denyHosts().orElse(List.of()),
                navigation.allowHosts().orElse(List.of()), navigation.denyCidrs(), navigation.allowLoopback(),
                navigation.allowCidrs().orElse(List.of()), endpoints.stream().filter(s -> !s.isBlank()).toList());
    }

    /** The verdict on a URL an agent asked to open; an allowed one carries the spelling to open. */
    public UrlJudge.Verdict checkUrl(String url) {
        return urls.judge(url);
    }

    /** Whether a tab or frame may stay on {@code url}; see {@link UrlJudge#mayShow}. */
    public boolean mayShow(String url) {
        return urls.mayShow(url);
    }

    /** Refuses {@code host:port} to pages from now on: a port the worker opened itself. */
    public void addStackEndpoint(String host, int port) {
        stack.add(host, port);
    }

    /**
     * Checks a destination a page connects to. Returns the addresses the connection may use, or the reason it may
     * not.
     */
    public Decision checkDestination(String host, int port) {
        String name = stripBrackets(host).toLowerCase(Locale.ROOT);
        if (matchesHost(deniedHosts, name)) {
            return Decision.deny(host + " is on the navigation policy's deny list");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            return Decision.unresolved("cannot resolve " + host);
        }
        boolean hostAllowed = matchesHost(allowedHosts, name);
        boolean restricted = !allowedHosts.isEmpty() || !allowedCidrs.isEmpty();
        for (InetAddress address : addresses) {
            Optional<String> service = stack.match(address, port);
            if (service.isPresent()) {
                return Decision.deny(host + ":" + port + " is one of this Dormouse stack's own services ("
                        + service.get() + "), which no page may reach");
            }
            boolean exempt = allowLoopback && address.isLoopbackAddress();
            if (!exempt && deniedCidrs.stream().anyMatch(cidr -> cidr.contains(address))) {
                return Decision.deny(host + " resolves to " + address.getHostAddress()
                        + ", an address the navigation policy blocks");
            }
            if (restricted && !hostAllowed && allowedCidrs.stream().noneMatch(cidr -> cidr.contains(address))) {
                return Decision.deny(host + " is not on the navigation policy's allow list");
            }
        }
        return Decision.allow(addresses);
    }

    private boolean allowsLoopback() {
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            return allowLoopback || deniedCidrs.stream().noneMatch(cidr -> cidr.contains(loopback));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("127.0.0.1 is a literal", e);
        }
    }

    /** The outcome of a destination check. */
    public record Decision(boolean allowed, String reason, InetAddress[] addresses) {
        static Decision allow(InetAddress[] addresses) {
            return new Decision(true, null, addresses);
        }

        static Decision deny(String reason) {
            return new Decision(false, reason, new InetAddress[0]);
        }

        /** Not a policy decision: the name does not resolve, which the browser reports as a network error. */
        static Decision unresolved(String reason) {
            return new Decision(true, reason, new InetAddress[0]);
        }
    }

    private static boolean matchesHost(Set<String> patterns, String host) {
        for (String pattern : patterns) {
            if (pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static Set<String> lower(List<String> values) {
        return values.stream().map(String::strip).filter(value -> !value.isEmpty())
                .map(value -> value.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
