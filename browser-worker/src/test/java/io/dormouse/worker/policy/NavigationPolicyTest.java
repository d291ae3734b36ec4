package io.dormouse.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Destinations as a hostile page picks them: private ranges, odd spellings of loopback, the stack's own ports. */
class NavigationPolicyTest {
    private static final Set<String> SCHEMES = Set.of("http", "https", "about", "data");
    private static final List<String> SHIPPED_DENY_CIDRS = shippedDefault("dormouse.worker.navigation.deny-cidrs");
    private static final int STORE_PORT = 8101;

    private static NavigationPolicy policy(boolean allowLoopback, List<String> allowCidrs) {
        return new NavigationPolicy(new NavigationPolicy.Rules(SCHEMES, List.of(), List.of(), SHIPPED_DENY_CIDRS,
                allowLoopback, allowCidrs, List.of("127.0.0.1:" + STORE_PORT, "http://localhost:8100/")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "0.0.0.0", "10.1.2.3", "172.16.0.1",
            "172.31.255.255", "192.168.1.1", "100.64.0.1", "169.254.169.254", "192.0.0.170", "198.18.0.1",
            "224.0.0.1", "239.255.255.250", "255.255.255.255", "[::1]", "::1", "[::]", "[::ffff:127.0.0.1]",
            "[::ffff:a9fe:a9fe]", "[::127.0.0.1]", "[fd00:ec2::254]", "[fd12:3456::1]", "[fe80::1]", "[ff02::1]",
            "[64:ff9b:1::a00:1]", "2130706433", "0x7f.1", "017700000001"})
    void productionDefaultsRefuseEverythingButThePublicInternet(String host) {
        NavigationPolicy.Decision decision = policy(false, List.of()).checkDestination(host, 80);
        // Spellings the JVM does not read as addresses (2130706433, 0x7f.1) do not resolve at all here; Chromium
        // normalises them to dotted quads before it asks the proxy, so the proxy only ever sees the dotted form.
        assertThat(decision.allowed() && decision.addresses().length > 0).as(host).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "1.1.1.1", "[2606:4700:4700::1111]"})
    void publicAddressesPass(String host) {
        assertThat(policy(false, List.of()).checkDestination(host, 443).allowed()).as(host).isTrue();
    }

    @Test
    void theLocalStackAllowsLoopbackButNeverTheStacksPorts() {
        NavigationPolicy local = policy(true, List.of());
        assertThat(local.checkDestination("127.0.0.1", 8000).allowed()).isTrue();
        assertThat(local.checkDestination("[::1]", 8000).allowed()).isTrue();
        for (String host : List.of("127.0.0.1", "127.0.0.2", "localhost", "[::1]", "0.0.0.0")) {
            NavigationPolicy.Decision decision = local.checkDestination(host, STORE_PORT);
            assertThat(decision.allowed()).as(host).isFalse();
        }
        assertThat(local.checkDestination("127.0.0.1", 8100).reason()).contains("own services");
        // Private ranges stay refused on the local stack.
        assertThat(local.checkDestination("10.0.0.1", 80).allowed()).isFalse();
    }

    @Test
    void anAllowListNeverOpensTheStacksPorts() {
        NavigationPolicy allowingLoopback = policy(true, List.of("127.0.0.0/8"));
        assertThat(allowingLoopback.checkDestination("127.0.0.1", STORE_PORT).allowed()).isFalse();
        assertThat(allowingLoopback.checkDestination("127.0.0.1", 8000).allowed()).isTrue();
        assertThat(allowingLoopback.checkDestination("93.184.216.34", 80).allowed()).as("not on the allow list")
                .isFalse();
    }

    @Test
    void aStackServiceIsRefusedOnEveryAddressOfThisMachine() throws IOException {
        Optional<InetAddress> lan = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()).findFirst();
        NavigationPolicy open = new NavigationPolicy(new NavigationPolicy.Rules(SCHEMES, List.of(), List.of(),
                List.of(), false, List.of(), List.of("127.0.0.1:" + STORE_PORT)));
        assertThat(open.checkDestination("127.0.0.1", STORE_PORT + 1).allowed()).isTrue();
        lan.ifPresent(address -> assertThat(open.checkDestination(address.getHostAddress(), STORE_PORT).allowed())
                .as(address.getHostAddress()).isFalse());
        open.addStackEndpoint("127.0.0.1", 4444);
        assertThat(open.checkDestination("localhost", 4444).allowed()).isFalse();
    }

    @Test
    void aMalformedBlockIsAConfigurationError() {
        for (String block : List.of("example.com/8", "10.0.0.0/33", "10.0.0.0/x", "/8")) {
            assertThatThrownBy(() -> Cidr.parse(block)).as(block).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The value application.properties ships for {@code key} when its variable is unset. */
    private static List<String> shippedDefault(String key) {
        Properties properties = new Properties();
        try (InputStream in = NavigationPolicyTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String value = properties.getProperty(key);
        String fallback = value.substring(value.indexOf(':') + 1, value.lastIndexOf('}'));
        return List.of(fallback.replace(" ", "").split(","));
    }
}
