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

    /** A live session no command used for this long is hibernated (reason {@code idle}); 0 keeps sessions live. */
    @WithDefault("300s")
    Duration hibernateAfter();

    @WithDefault("5s")
    Duration idleCheckInterval();

    @WithDefault("10s")
    Duration memoryCheckInterval();

    Browser browser();

    interface Browser {
        /** Chromium binary; Playwright's own browser downloads are not used. */
        @WithDefault("/usr/bin/chromium")
        String executablePath();

        @WithDefault("true")
        boolean headless();

        /** Flags for a headless Chromium in a container or a sandbox without a network beyond what sessions use. */
        @WithDefault("--no-sandbox,--disable-gpu,--disable-quic,--no-first-run,--disable-background-networking,"
                + "--disable-component-update,--disable-sync,--disable-dev-shm-usage")
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
