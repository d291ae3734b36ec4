package io.dormouse.registry.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Registry settings under {@code dormouse.registry}. */
@ConfigMapping(prefix = "dormouse.registry")
public interface RegistryConfig {
    /** How long an HTTP caller waits for a worker's outcome when it does not say. */
    @WithDefault("30s")
    Duration actionTimeout();

    /** The longest wait a caller may ask for. */
    @WithDefault("5m")
    Duration maxActionTimeout();

    /** The operator's key (tenant {@code default}, role OPERATOR), installed at start-up ({@code DORMOUSE_ADMIN_KEY}). */
    Optional<String> adminKey();

    /** The health-monitor's key (role MONITOR: the census only), installed at start-up ({@code DORMOUSE_MONITOR_KEY}). */
    Optional<String> monitorKey();

    /**
     * The AES-256 key (base64 of 32 bytes) sealing the secrets the registry keeps, a session proxy's password
     * ({@code DORMOUSE_REGISTRY_KEY}); required, so a registry never stores them in the clear.
     */
    String secretKey();

    /** Extra time for a command that has to rehydrate or hibernate a context on top of its own work. */
    @WithDefault("15s")
    Duration lifecycleGrace();

    Retention retention();

    Gateway gateway();

    /** The CDP gateway: connect URLs, their tickets, and the relay to the workers. */
    interface Gateway {
        /** The secret workers take the gateway's relays with ({@code DORMOUSE_GATEWAY_TOKEN}); absent, no gateway. */
        Optional<String> token();

        /** How long a connect URL's ticket admits new connections; a connection made stays. */
        @WithDefault("1h")
        Duration ticketTtl();

        /**
         * The WebSocket base clients reach the registry at, e.g. {@code wss://dormouse.example.com}; absent, the
         * connect URL is built from the request's own host.
         */
        Optional<String> publicUrl();

        /** How long a connect waits for a worker to announce where it serves after it took the session. */
        @WithDefault("10s")
        Duration workerWait();

        /** The largest CDP message relayed. */
        @WithDefault("134217728")
        int maxMessageBytes();
    }

    /** How long the command journal keeps what commands returned. */
    Commands commands();

    /** The command journal's bounds. */
    interface Commands {
        /**
         * An outcome's result (page content, cookie values) is dropped from the journal this long after the command
         * ended; its status and error stay, so {@code GET /v1/commands/{id}} still tells how it ended.
         */
        @WithDefault("1h")
        Duration resultRetention();

        /** A journaled command is forgotten this long after it was sent; a retry of its id after that runs again. */
        @WithDefault("7d")
        Duration retention();

        @WithDefault("1m")
        Duration pruneInterval();
    }

    /** How soon a profile change made through another registry instance reaches this one's commands. */
    @WithDefault("10s")
    Duration profileRefresh();

    /** How often the {@code dormouse_sessions} gauges are recounted. */
    @WithDefault("15s")
    Duration censusInterval();

    Broker broker();

    /** How the registry notices that the Kafka broker is gone, and how long a command waits for it. */
    interface Broker {
        /** How often the broker is asked whether it answers. */
        @WithDefault("1s")
        Duration probeInterval();

        /** How long a probe waits for the broker to answer. */
        @WithDefault("2s")
        Duration probeTimeout();

        /** How long a command waits for the broker's acknowledgement before its caller is answered 503. */
        @WithDefault("3s")
        Duration ackTimeout();
    }

    /** The Kafka trust boundary the registry maintains as the control plane. */
    KafkaAccess kafka();

    /** Principals, their consumer groups, and what tenants are told about the broker. */
    interface KafkaAccess {
        /**
         * Whether the registry creates the services' and tenants' ACLs; off only for a broker without an authorizer
         * (Dev Services), which then has no trust boundary at all.
         */
        @WithDefault("true")
        boolean manageAcls();

        @WithDefault("dormouse-worker")
        String workerPrincipal();

        @WithDefault("dormouse-workers")
        String workerGroup();

        @WithDefault("dormouse-store")
        String storePrincipal();

        @WithDefault("dormouse-hibernation-store")
        String storeGroup();

        @WithDefault("dormouse-monitor")
        String monitorPrincipal();

        @WithDefault("dormouse-health-monitor")
        String monitorGroup();

        /** A tenant's principal is this followed by the tenant's name. */
        @WithDefault("tenant-")
        String tenantPrincipalPrefix();

        /** The bootstrap servers tenants are told to use; the registry's own by default. */
        Optional<String> clientBootstrapServers();
    }

    /** Pruning of idle sessions. */
    interface Retention {
        /** Rules such as {@code idle=30d} or {@code idle=12h;tag=scratch}; none by default. */
        Optional<List<String>> rules();

        @WithDefault("10m")
        Duration interval();
    }
}
