package io.dormouse.store.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Hibernation-store settings under {@code dormouse.store}. */
@ConfigMapping(prefix = "dormouse.store")
public interface StoreConfig {
    /** Root of the cold tier (and of claim-checked artifacts); created when missing. */
    @WithDefault(".dormouse/snapshots")
    String directory();

    /** A larger snapshot (as the worker sends it, before compression) is refused with 413. */
    @WithDefault("67108864")
    long maxSnapshotBytes();

    /** How many snapshots of each session are kept, newest first; older ones are dropped as new ones arrive. */
    @WithDefault("5")
    int versionsKept();

    /** Services present this as {@code Authorization: Bearer <token>}; every {@code /v1} request without it is 401. */
    String token();

    Encryption encryption();

    Hot hot();

    /** How often snapshots are checked for ageing into a lower tier. */
    @WithDefault("10s")
    Duration agingInterval();

    /** Where the warm tier's keys live in Redis. */
    @WithDefault("dormouse:snapshots:")
    String redisKeyPrefix();

    /** AES-256-GCM keys. */
    interface Encryption {
        /**
         * {@code id:base64key} pairs separated by commas, each key 32 bytes. Keys no longer active stay listed so the
         * snapshots they encrypted still open; those are re-encrypted with the active key when next read.
         */
        String keys();

        /** The id of the key new snapshots are encrypted with; defaults to the last key listed. */
        Optional<String> activeKeyId();
    }

    /** The in-memory tier. */
    interface Hot {
        /** The memory tier holds at most this many bytes (stored, compressed and encrypted); least recently used go. */
        @WithDefault("268435456")
        long maxBytes();
    }
}
