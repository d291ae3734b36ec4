package io.dormouse.registry.config;

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
}
