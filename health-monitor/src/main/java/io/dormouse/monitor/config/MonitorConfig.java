package io.dormouse.monitor.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Health-monitor rules under {@code dormouse.monitor}. */
@ConfigMapping(prefix = "dormouse.monitor")
public interface MonitorConfig {
    /** A session whose JS heap passes this is recycled. */
    @WithDefault("400")
    long memoryThresholdMb();

    /** This many failed actions in a row tag a session {@code unhealthy}; a completed one clears it. */
    @WithDefault("5")
    int consecutiveFailures();

    Recycles recycles();

    /**
     * The registry's key for the monitor ({@code DORMOUSE_MONITOR_KEY}, role MONITOR: the census only), for the session
     * census in the overview; without one it is left out.
     */
    Optional<String> registryKey();

    /** The service token every {@code /v1} call to the monitor must carry ({@code DORMOUSE_MONITOR_TOKEN}). */
    String token();

    /** The storm guard: how often one session may be recycled. */
    interface Recycles {
        /** At most this many recycles of one session within {@link #window()}; past it, the session is tagged. */
        @WithDefault("3")
        int maxPerWindow();

        @WithDefault("1h")
        Duration window();

        /** After a recycle, triggers are ignored for this long, doubled with each recycle in the window. */
        @WithDefault("30s")
        Duration backoff();
    }
}
