package io.dormouse.worker.policy;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.dormouse.worker.config.WorkerConfig;

/**
 * Where sessions may go. Schemes are checked on the URLs agents navigate to; hosts and addresses on every connection
 * a page opens, redirects included, by the {@link EgressProxy} all browser traffic goes through. A host name is
 * resolved and every address it resolves to is checked, and the connection goes to the checked address, so a name
 * that resolves to a metadata address cannot slip through.
 */
@ApplicationScoped
public class NavigationPolicy {
    private final Set<String> blockedSchemes;
    private final Set<String> deniedHosts;
    private final Set<String> allowedHosts;
    private final List<Cidr> deniedCidrs;
    private final List<Cidr> allowedCidrs;

    @Inject
    public NavigationPolicy(WorkerConfig config) {
        this(config.navigation().blockedSchemes(), config.navigation().denyHosts().orElse(List.of()),
                config.navigation().allowHosts().orElse(List.of()), config.navigation().denyCidrs(),
                config.navigation().allowCidrs().orElse(List.of()));
    }

    public NavigationPolicy(List<String> blockedSchemes, List<String> deniedHosts, List<String> allowedHosts,
            List<String> deniedCidrs, List<String> allowedCidrs) {
        this.blockedSchemes = lower(blockedSchemes);
        this.deniedHosts = lower(deniedHosts);
        this.allowedHosts = lower(allowedHosts);
        this.deniedCidrs = deniedCidrs.stream().map(Cidr::parse).toList();
        this.allowedCidrs = allowedCidrs.stream().map(Cidr::parse).toList();
    }

    /** Why an agent may not navigate to {@code url}, if it may not; checks the scheme and a literal host. */
    public Optional<String> checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.empty(); // Chromium judges what it cannot parse; the proxy still checks the destination.
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (blockedSchemes.contains(scheme)) {
            return Optional.of("the " + scheme + ": scheme is blocked by the navigation policy");
        }
        return Optional.empty();
    }

    /**
     * Checks a destination a page connects to. Returns the addresses the connection may use, or the reason it may
     * not.
     */
    public Decision checkDestination(String host) {
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
        for (InetAddress address : addresses) {
            if (deniedCidrs.stream().anyMatch(cidr -> cidr.contains(address))) {
                return Decision.deny(host + " resolves to " + address.getHostAddress()
                        + ", an address the navigation policy blocks");
            }
            boolean restricted = !allowedHosts.isEmpty() || !allowedCidrs.isEmpty();
            if (restricted && !hostAllowed && allowedCidrs.stream().noneMatch(cidr -> cidr.contains(address))) {
                return Decision.deny(host + " is not on the navigation policy's allow list");
            }
        }
        return Decision.allow(addresses);
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

    /** An address block such as {@code 169.254.0.0/16} or {@code fd00:ec2::254/128}. */
    record Cidr(byte[] network, int prefixLength) {
        static Cidr parse(String text) {
            String value = text.strip();
            int slash = value.indexOf('/');
            try {
                InetAddress address = InetAddress.getByName(slash < 0 ? value : value.substring(0, slash));
                byte[] bytes = address.getAddress();
                int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(value.substring(slash + 1));
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("prefix length out of range in CIDR '" + text + "'");
                }
                return new Cidr(bytes, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an address block such as 10.0.0.0/8", e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = 0xFF << (8 - remainingBits);
            return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }
}
