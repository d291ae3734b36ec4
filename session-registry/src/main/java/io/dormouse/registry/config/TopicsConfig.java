package io.dormouse.registry.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Topic names and partition counts, under {@code dormouse.topics}; the messaging channels read the same names. */
@ConfigMapping(prefix = "dormouse.topics")
public interface TopicsConfig {
    String commands();

    String actions();

    String results();

    String events();

    String metrics();

    String heartbeats();

    /** Sessions are spread over workers by action partition, so this caps how many workers can share the load. */
    @WithDefault("32")
    int actionPartitions();

    @WithDefault("8")
    int partitions();

    @WithDefault("1")
    short replicationFactor();

    /**
     * How long the results topic (and its dead-letter topic) keeps outcomes, which can carry page content and cookie
     * values: long enough for a consumer to catch up, short enough not to be an archive of secrets.
     */
    @WithDefault("1h")
    Duration resultsRetention();
}
