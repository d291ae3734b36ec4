package io.dormouse.store.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Hibernation-store settings under {@code dormouse.store}. */
@ConfigMapping(prefix = "dormouse.store")
public interface StoreConfig {
    /** Directory of the cold tier; created when missing. */
    @WithDefault(".dormouse/snapshots")
    String directory();

    /** A larger snapshot is refused with 413. */
    @WithDefault("67108864")
    long maxSnapshotBytes();
}
