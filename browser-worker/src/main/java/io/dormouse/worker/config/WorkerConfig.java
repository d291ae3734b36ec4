package io.dormouse.worker.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Worker settings under {@code dormouse.worker}. */
@ConfigMapping(prefix = "dormouse.worker")
public interface WorkerConfig {
    /** This process's worker id; a random one when absent. */
    Optional<String> id();

    /** How many browser contexts this worker holds at most; past it the least recently used session is hibernated. */
    @WithDefault("8")
    int maxContexts();

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

    /** Bytes of a binary result (screenshot, PDF) a result message may carry; Kafka's default record limit is 1 MB. */
    @WithDefault("655360")
    int maxInlineResultBytes();

    @WithDefault("10s")
    Duration memoryCheckInterval();

    /** How long a profile's logged-in expression may take to settle before the probe counts it as failed. */
    @WithDefault("5s")
    Duration authProbeTimeout();

    Browser browser();

    Navigation navigation();

    /** The navigation policy (SSRF guard); see {@code NavigationPolicy}. */
    interface Navigation {
        /** URL schemes an agent may not navigate to. */
        @WithDefault("file,chrome,chrome-extension,chrome-untrusted,devtools,view-source")
        List<String> blockedSchemes();

        /** Address blocks no page may connect to: link-local and the cloud metadata endpoints by default. */
        @WithDefault("169.254.0.0/16,fd00:ec2::254/128")
        List<String> denyCidrs();

        /** Host names no page may connect to; {@code *.example.com} matches subdomains. */
        Optional<List<String>> denyHosts();

        /** When this or {@code allow-hosts} is set, pages may connect only to these address blocks or hosts. */
        Optional<List<String>> allowCidrs();

        Optional<List<String>> allowHosts();
    }

    interface Browser {
        /** Chromium binary; Playwright's own browser downloads are not used. */
        @WithDefault("/usr/bin/chromium")
        String executablePath();

        @WithDefault("true")
        boolean headless();

        /** Flags for a headless Chromium in a container or a sandbox without a network beyond what sessions use. */
        @WithDefault("--no-sandbox,--disable-gpu,--disable-quic,--no-first-run,--disable-background-networking,"
                + "--disable-component-update,--disable-sync,--disable-dev-shm-usage,--enable-precise-memory-info")
        List<String> args();

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
