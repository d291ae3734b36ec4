package io.dormouse.store.tier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;

import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.TierPolicy;
import io.dormouse.store.config.StoreConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * The three storages and the tier policies that map hot, warm and cold onto them. A tier on a non-durable storage
 * (memory) writes through to the next durable storage below it, so a write is durable before it is acknowledged. The
 * policies come from the registry's {@code HibernationTiersConfigured} and are kept in {@code tiers.json} beside the
 * cold tier, so a restarted store applies the last ones it saw.
 */
@ApplicationScoped
public class SnapshotTiers {
    private static final Logger LOG = Logger.getLogger(SnapshotTiers.class);
    private static final TypeReference<Map<HibernationTier, TierPolicy>> POLICIES = new TypeReference<>() {
    };
    public static final Map<HibernationTier, TierPolicy> DEFAULTS = Map.of(
            HibernationTier.HOT, new TierPolicy(600, MemorySnapshotStorage.NAME),
            HibernationTier.WARM, new TierPolicy(3600, RedisSnapshotStorage.NAME),
            HibernationTier.COLD, new TierPolicy(86_400, DiskSnapshotStorage.NAME));

    @Inject
    StoreConfig config;

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry meters;

    private final Map<String, SnapshotStorage> storages = new HashMap<>();
    private volatile Map<HibernationTier, TierPolicy> policies = new EnumMap<>(DEFAULTS);
    private volatile Consumer<SessionId> evictionListener = id -> {
    };
    private Path policyFile;

    @PostConstruct
    void start() {
        Path root = Path.of(config.directory()).toAbsolutePath();
        policyFile = root.resolve("tiers.json");
        MemorySnapshotStorage memory = new MemorySnapshotStorage(config.hot().maxBytes(),
                id -> evictionListener.accept(id));
        register(memory);
        Gauge.builder("dormouse.snapshots.memory.bytes", memory, MemorySnapshotStorage::storedBytes)
                .description("Bytes of sealed snapshots the hot tier holds in memory").register(meters);
        register(new RedisSnapshotStorage(redis, config.redisKeyPrefix()));
        register(new DiskSnapshotStorage(root.resolve("cold")));
        if (Files.exists(policyFile)) {
            try {
                policies = complete(ProtocolJson.mapper().readValue(policyFile.toFile(), POLICIES));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the saved tier policies " + policyFile, e);
            }
        }
        LOG.infof("hibernation tiers %s", policies);
    }

    private void register(SnapshotStorage storage) {
        storages.put(storage.name(), storage);
    }

    /** The hot tier's LRU calls this for each session it drops; the durable copy below it remains. */
    public void onEviction(Consumer<SessionId> listener) {
        evictionListener = listener;
    }

    public Map<HibernationTier, TierPolicy> policies() {
        return policies;
    }

    public TierPolicy policy(HibernationTier tier) {
        return policies.get(tier);
    }

    /** Applies and saves new policies; tiers not named keep theirs. */
    public synchronized void configure(Map<HibernationTier, TierPolicy> changed) {
        Map<HibernationTier, TierPolicy> next = new EnumMap<>(policies);
        next.putAll(changed);
        Path temporary = policyFile.resolveSibling("tiers.json.tmp");
        try {
            Files.createDirectories(policyFile.getParent());
            Files.write(temporary, ProtocolJson.encodeBytes(next));
            Files.move(temporary, policyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the tier policies to " + policyFile, e);
        }
        policies = next;
        LOG.infof("hibernation tiers now %s", next);
    }

    /** Where a tier's snapshots are written: its own storage, then the durable one it writes through to. */
    public SequencedSet<SnapshotStorage> storagesOf(HibernationTier tier) {
        SequencedSet<SnapshotStorage> set = new LinkedHashSet<>();
        SnapshotStorage own = storage(tier);
        set.add(own);
        if (!own.durable()) {
            set.add(durableBelow(tier));
        }
        return set;
    }

    /** The durable storage a tier's writes land in. */
    public SnapshotStorage durableOf(HibernationTier tier) {
        return storagesOf(tier).getLast();
    }

    /** The highest tier whose storage holds a version of the session, if any does. */
    public Optional<HibernationTier> tierHolding(SessionId id) {
        for (HibernationTier tier : HibernationTier.values()) {
            if (!storage(tier).versions(id).isEmpty()) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }

    /** The next tier down, if there is one. */
    public Optional<HibernationTier> below(HibernationTier tier) {
        return tier.ordinal() + 1 < HibernationTier.values().length
                ? Optional.of(HibernationTier.values()[tier.ordinal() + 1])
                : Optional.empty();
    }

    public SnapshotStorage storage(HibernationTier tier) {
        return storages.get(policies.get(tier).storage());
    }

    /** Every storage, memory first: reads try them in this order. */
    public Iterable<SnapshotStorage> all() {
        return List.of(storages.get(MemorySnapshotStorage.NAME), storages.get(RedisSnapshotStorage.NAME),
                storages.get(DiskSnapshotStorage.NAME));
    }

    private SnapshotStorage durableBelow(HibernationTier tier) {
        for (HibernationTier lower = tier; below(lower).isPresent();) {
            lower = below(lower).get();
            if (storage(lower).durable()) {
                return storage(lower);
            }
        }
        return storages.get(DiskSnapshotStorage.NAME);
    }

    private static Map<HibernationTier, TierPolicy> complete(Map<HibernationTier, TierPolicy> saved) {
        Map<HibernationTier, TierPolicy> all = new EnumMap<>(DEFAULTS);
        all.putAll(saved);
        return all;
    }
}
