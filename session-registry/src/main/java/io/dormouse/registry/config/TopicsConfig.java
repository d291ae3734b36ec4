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

    /**
     * Each tenant with Kafka access gets {@code <prefix><tenant>.commands} (it writes), {@code .results} and
     * {@code .events} (it reads). The prefix is the trust boundary: no other principal may write a tenant's commands.
     */
    @WithDefault("dormouse.tenant.")
    String tenantPrefix();

    /** The registry's subscription to every tenant's command topic: a regular expression matching them. */
    @WithDefault("dormouse\\.tenant\\..+\\.commands")
    String tenantCommandsPattern();

    /** Where a tenant's command record the registry refuses outright goes, with its reason. */
    @WithDefault("dormouse.tenant-commands.dlq")
    String tenantCommandsDeadLetter();

    /** Where an outcome or event that could not be copied to its tenant's topic goes, with its reason. */
    @WithDefault("dormouse.tenant-fanout.dlq")
    String tenantFanoutDeadLetter();

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
