package io.dormouse.registry.config;

import java.time.Duration;

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

    /** Extra time for a command that has to rehydrate or hibernate a context on top of its own work. */
    @WithDefault("15s")
    Duration lifecycleGrace();
}
