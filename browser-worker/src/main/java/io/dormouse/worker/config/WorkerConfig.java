package io.dormouse.worker.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Worker settings under {@code dormouse.worker}. */
@ConfigMapping(prefix = "dormouse.worker")
public interface WorkerConfig {
    /** This process's worker id; a random one when absent. */
    Optional<String> id();

    /**
     * How many browser contexts this worker holds at most; past it the least recently used session is hibernated.
     * Absent: as many as the worker's memory holds at {@link #memoryPerContext()} each ({@link ContextCapacity}).
     */
    OptionalInt maxContexts();

    /**
     * The memory one live context is planned at when {@link #maxContexts()} is absent: a real site's tab with its
     * renderer (the reference article plans about 440 MB per active session; a plain page takes far less).
     */
    @WithDefault("400M")
    MemorySize memoryPerContext();

    /** How many workers share this machine's memory; the local launcher sets it when it starts several. */
    @WithDefault("1")
    int workersOnHost();

    /**
     * How many sessions this worker builds a context for at once (fresh or rehydrated). The rest wait their turn in
     * arrival order, so in a burst of wakes each caller waits for those ahead of it, not for every wake at once; a
     * second one keeps both cores busy while the first waits on Chromium.
     */
    @WithDefault("2")
    int concurrentActivations();

    @WithDefault("5s")
    Duration heartbeatInterval();

    @WithDefault("15s")
    Duration metricsInterval();

    /**
     * A live session no command used for this long is hibernated (reason {@code idle}) whatever its tier; 0 leaves it
     * to the hibernation-store, which goes by the tier's {@code maxIdleSeconds}.
     */
    @WithDefault("0s")
    Duration hibernateAfter();

    @WithDefault("5s")
    Duration idleCheckInterval();

    /** Browser contexts kept ready for the next activation or rehydration; 0 turns pre-warming off. */
    @WithDefault("2")
    int warmContexts();

    /**
     * Idle durations, ascending, at which a live session's {@code SessionIdle} event is published; the store hibernates
     * a session at the first one at or past its tier's {@code maxIdleSeconds}, so the defaults cover the default tiers.
     */
    @WithDefault("60s,300s,600s,3600s,86400s")
    List<Duration> idleThresholds();

    /** A live session changed by a command is checkpointed once no command used it for this long. */
    @WithDefault("1s")
    Duration checkpointDebounce();

    /** A session that keeps changing is still checkpointed at least this often. */
    @WithDefault("15s")
    Duration checkpointInterval();

    /**
     * Bytes of a result (JSON, screenshot, PDF) a result message may carry; Kafka's default record limit is 1 MB.
     * A larger one is claim-checked: stored in the hibernation-store and named in the result.
     */
    @WithDefault("655360")
    int maxInlineResultBytes();

    /** Bytes of a result the worker takes at all; a larger one fails with {@code result-too-large} at once. */
    @WithDefault("16777216")
    int maxResultBytes();

    @WithDefault("10s")
    Duration memoryCheckInterval();

    /** How long a profile's logged-in expression may take to settle before the probe counts it as failed. */
    @WithDefault("5s")
    Duration authProbeTimeout();

    Browser browser();

    Navigation navigation();

    Gateway gateway();

    /** The CDP gateway's side on this worker: where the registry relays CDP clients to, and with what. */
    interface Gateway {
        /**
         * The secret the registry's gateway presents ({@code DORMOUSE_GATEWAY_TOKEN}); absent, this worker serves no
         * CDP clients.
         */
        Optional<String> token();

        /**
         * {@code host:port} the gateway reaches this worker's HTTP port on; absent: 127.0.0.1 and that port;
         * {@code auto}: the address this host's name resolves to (a container's, a pod's) and that port.
         */
        Optional<String> address();

        /** CDP clients one session may have at once; one more is refused with 409. */
        @WithDefault("4")
        int maxClientsPerSession();

        /** The largest CDP message relayed (a full-page screenshot is a few MB of base64). */
        @WithDefault("134217728")
        int maxMessageBytes();
    }

    /** Whether Chromium runs with its sandbox. */
    enum Sandbox {
        AUTO,
        ON,
        OFF
    }

    /** The navigation policy (SSRF guard); see {@code NavigationPolicy}. */
    interface Navigation {
        /** The only URL schemes an agent may open; {@code about} allows {@code about:blank} alone. */
        @WithDefault("http,https,about,data")
        List<String> allowedSchemes();

        /**
         * Address blocks no page may connect to. The default (application.properties) denies everything that is not
         * the public internet: loopback, RFC 1918, CGNAT, link-local (cloud metadata), benchmarking, multicast and
         * reserved blocks, ULA, link-local and IPv4-compatible IPv6.
         */
        List<String> denyCidrs();

        /**
         * Lets pages reach loopback addresses despite {@code deny-cidrs}: the local stack's developer pages. The
         * stack's own ports stay refused.
         */
        @WithDefault("false")
        boolean allowLoopback();

        /** Host names no page may connect to; {@code *.example.com} matches subdomains. */
        Optional<List<String>> denyHosts();

        /** When this or {@code allow-hosts} is set, pages may connect only to these address blocks or hosts. */
        Optional<List<String>> allowCidrs();

        Optional<List<String>> allowHosts();

        /**
         * The stack's own services ({@code host:port} or URLs) that no page may reach whatever the allow lists say;
         * Kafka's bootstrap servers, the hibernation-store and this worker's own ports are always added.
         */
        Optional<List<String>> stackEndpoints();
    }

    interface Browser {
        /** Chromium binary; Playwright's own browser downloads are not used. */
        @WithDefault("/usr/bin/chromium")
        String executablePath();

        @WithDefault("true")
        boolean headless();

        /**
         * Flags for a headless Chromium in a container without a network beyond what sessions use. WebRTC may use
         * only the proxy, so it cannot send UDP past the egress proxy.
         */
        @WithDefault("--disable-gpu,--disable-quic,--no-first-run,--disable-background-networking,"
                + "--disable-component-update,--disable-sync,--disable-dev-shm-usage,--enable-precise-memory-info,"
                + "--force-webrtc-ip-handling-policy=disable_non_proxied_udp")
        List<String> args();

        /**
         * The account Chromium runs as when the worker runs as root (then Chromium can read none of root's files and
         * can use its sandbox); empty keeps it root, without a sandbox. Ignored when the worker is not root.
         */
        @WithDefault("nobody")
        Optional<String> runAs();

        /** Chromium's own sandbox: {@code auto} uses it where the platform allows, with a warning where not. */
        @WithDefault("auto")
        Sandbox sandbox();

        /**
         * When Chromium's memory (all its processes) exceeds this, every context is checkpointed and the browser
         * restarted; sessions rehydrate on their next command. Absent: no limit.
         */
        Optional<MemorySize> memoryLimit();

        /** Bounds every Playwright call that is not a session's own action (snapshots, closing, metrics). */
        @WithDefault("15s")
        Duration housekeepingTimeout();
    }
}
