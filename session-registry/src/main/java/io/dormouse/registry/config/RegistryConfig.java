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

    /** An admin key for tenant {@code default}, installed at start-up ({@code DORMOUSE_ADMIN_KEY}). */
    Optional<String> adminKey();

    /** Extra time for a command that has to rehydrate or hibernate a context on top of its own work. */
    @WithDefault("15s")
    Duration lifecycleGrace();

    Retention retention();

    /** How soon a profile change made through another registry instance reaches this one's commands. */
    @WithDefault("10s")
    Duration profileRefresh();

    /** How often the {@code dormouse_sessions} gauges are recounted. */
    @WithDefault("15s")
    Duration censusInterval();

    /** Pruning of idle sessions. */
    interface Retention {
        /** Rules such as {@code idle=30d} or {@code idle=12h;tag=scratch}; none by default. */
        Optional<List<String>> rules();

        @WithDefault("10m")
        Duration interval();
    }
}
