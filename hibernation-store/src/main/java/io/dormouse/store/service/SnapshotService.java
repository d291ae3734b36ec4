package io.dormouse.store.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.protocol.HibernationTier;
import io.dormouse.protocol.ProtocolException;
import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSnapshot;
import io.dormouse.protocol.SnapshotCorrupted;
import io.dormouse.protocol.SnapshotMoved;
import io.dormouse.protocol.SnapshotRef;
import io.dormouse.store.config.StoreConfig;
import io.dormouse.store.crypto.SnapshotCipher;
import io.dormouse.store.crypto.SnapshotCipher.CorruptSnapshotException;
import io.dormouse.store.messaging.StorePublisher;
import io.dormouse.store.tier.SnapshotStorage;
import io.dormouse.store.tier.SnapshotTiers;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The snapshots of every session: the last {@code versions-kept} versions, sealed ({@link SnapshotCipher}), in the tier
 * the session's spec asks for. Snapshots age down a tier after the tier's {@code maxIdleSeconds} unused and come back up
 * to their session's tier when read; each move is announced as {@code SnapshotMoved}. A write returns once the blob is
 * durable (Redis or disk); memory is a cache in front. Work on one session is serialised by its lock.
 */
@ApplicationScoped
public class SnapshotService {
    private static final Logger LOG = Logger.getLogger(SnapshotService.class);
    private static final int LOCK_STRIPES = 256;

    @Inject
    StoreConfig config;

    @Inject
    SnapshotCipher cipher;

    @Inject
    SnapshotTiers tiers;

    @Inject
    StorePublisher publisher;

    @Inject
    MeterRegistry meters;

    Clock clock = Clock.systemUTC();

    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final Map<SessionId, Instant> lastAccess = new ConcurrentHashMap<>();
    /** Whether {@link #age} has counted the sessions stored before this start; ageing runs on one thread. */
    private boolean seeded;

    /** Why a snapshot was refused; the REST layer maps {@link Reason} to a status. */
    public static class RejectedSnapshotException extends RuntimeException {
        public enum Reason {
            INVALID,
            TOO_LARGE,
            NOT_FOUND
        }

        private final Reason reason;

        public RejectedSnapshotException(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /** A version as listed to clients: what it holds is not shown, only where it is and when it was taken. */
    public record VersionInfo(long version, Instant takenAt, HibernationTier tier, long storedBytes, String keyId) {
    }

    /** A snapshot as read: the version it is, its plaintext, and its blob as now stored (re-sealed if it was). */
    public record Loaded(long version, byte[] plaintext, SessionSnapshot snapshot, byte[] sealed) {
    }

    @PostConstruct
    void start() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
        tiers.onEviction(this::evicted);
    }

    /** Validates, seals and stores a new latest version in the session's tier; older versions beyond K go. */
    public SnapshotRef store(SessionId sessionId, byte[] body) {
        SessionSnapshot snapshot = validate(sessionId, body);
        return locked(sessionId, () -> append(sessionId, snapshot, body));
    }

    /** The latest version; moves the session's snapshots up to its own tier if they had aged below it. */
    public Optional<Loaded> load(SessionId sessionId) {
        return locked(sessionId, () -> {
            Optional<HibernationTier> tier = tiers.tierHolding(sessionId);
            if (tier.isEmpty()) {
                return Optional.empty();
            }
            List<Long> versions = tiers.storage(tier.get()).versions(sessionId);
            Loaded loaded = open(sessionId, versions.getLast(), tier.get());
            HibernationTier home = loaded.snapshot().spec().hibernationTier();
            if (home.ordinal() < tier.get().ordinal()) {
                move(sessionId, tier.get(), home, SnapshotMoved.ACCESSED);
            }
            lastAccess.put(sessionId, clock.instant());
            return Optional.of(loaded);
        });
    }

    public Optional<Loaded> load(SessionId sessionId, long version) {
        return locked(sessionId, () -> tiers.tierHolding(sessionId)
                .filter(tier -> tiers.storage(tier).versions(sessionId).contains(version))
                .map(tier -> open(sessionId, version, tier)));
    }

    public List<VersionInfo> versions(SessionId sessionId) {
        return locked(sessionId, () -> {
            Optional<HibernationTier> tier = tiers.tierHolding(sessionId);
            if (tier.isEmpty()) {
                return List.of();
            }
            List<VersionInfo> infos = new ArrayList<>();
            for (long version : tiers.storage(tier.get()).versions(sessionId)) {
                Loaded loaded = open(sessionId, version, tier.get());
                infos.add(new VersionInfo(version, loaded.snapshot().takenAt(), tier.get(), loaded.sealed().length,
                        cipher.keyIdOf(loaded.sealed())));
            }
            return infos;
        });
    }

    /**
     * Makes an earlier version the latest again, as a new version taken now, so a worker holding the reference of the
     * newest snapshot still accepts it and nothing in between is lost.
     */
    public SnapshotRef rewind(SessionId sessionId, long version) {
        return locked(sessionId, () -> {
            Loaded earlier = load(sessionId, version).orElseThrow(() -> new RejectedSnapshotException(
                    RejectedSnapshotException.Reason.NOT_FOUND, sessionId + " has no snapshot version " + version
                            + "; versions kept: " + versions(sessionId).stream().map(VersionInfo::version).toList()));
            SessionSnapshot snapshot = earlier.snapshot();
            SessionSnapshot rewound = new SessionSnapshot(SessionSnapshot.FORMAT_VERSION, sessionId, clock.instant(),
                    snapshot.spec(), snapshot.cookies(), snapshot.origins(), snapshot.pages(),
                    snapshot.activePageIndex(), snapshot.extraHttpHeaders(), snapshot.appliedCommands());
            return append(sessionId, rewound, ProtocolJson.encodeBytes(rewound));
        });
    }

    /** Copies the latest snapshot of {@code source} to each new session, as that session's first version. */
    public List<SnapshotRef> fork(SessionId source, List<SessionId> targets) {
        Loaded latest = load(source).orElseThrow(() -> new RejectedSnapshotException(
                RejectedSnapshotException.Reason.NOT_FOUND, source + " has no snapshot to fork from"));
        List<SnapshotRef> refs = new ArrayList<>();
        for (SessionId target : targets) {
            SessionSnapshot s = latest.snapshot();
            SessionSnapshot copy = new SessionSnapshot(SessionSnapshot.FORMAT_VERSION, target, clock.instant(),
                    s.spec(), s.cookies(), s.origins(), s.pages(), s.activePageIndex(), s.extraHttpHeaders(),
                    List.of());
            refs.add(locked(target, () -> {
                if (tiers.tierHolding(target).isPresent()) {
                    throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID,
                            target + " already has snapshots; a fork needs new sessions");
                }
                return append(target, copy, ProtocolJson.encodeBytes(copy));
            }));
        }
        return refs;
    }

    /** Drops every version of the session from every tier. */
    public boolean delete(SessionId sessionId) {
        return locked(sessionId, () -> {
            boolean deleted = false;
            for (SnapshotStorage storage : tiers.all()) {
                deleted |= storage.deleteAll(sessionId);
            }
            lastAccess.remove(sessionId);
            if (deleted) {
                LOG.infof("deleted every snapshot of %s", sessionId);
            }
            return deleted;
        });
    }

    /**
     * Moves each session whose snapshots sat unused for their tier's {@code maxIdleSeconds} one tier down. The sessions
     * already stored are counted as used at the first pass after start-up, so a restart delays ageing, never hastens
     * it; after that, every write goes through {@link #append} and is known without listing the storages again.
     */
    public int age() {
        Instant now = clock.instant();
        if (!seeded) {
            for (SnapshotStorage storage : tiers.all()) {
                for (SessionId id : storage.sessions()) {
                    lastAccess.putIfAbsent(id, now);
                }
            }
            seeded = true;
        }
        // No tier lets a session go sooner than this, so younger ones are skipped without asking any storage.
        long shortestIdle = Arrays.stream(HibernationTier.values()).filter(tier -> tiers.below(tier).isPresent())
                .mapToLong(tier -> tiers.policy(tier).maxIdleSeconds()).min().orElse(Long.MAX_VALUE);
        int moved = 0;
        for (Map.Entry<SessionId, Instant> entry : lastAccess.entrySet()) {
            if (Duration.between(entry.getValue(), now).toSeconds() < shortestIdle) {
                continue;
            }
            SessionId id = entry.getKey();
            moved += locked(id, () -> {
                Optional<HibernationTier> tier = tiers.tierHolding(id);
                if (tier.isEmpty()) {
                    lastAccess.remove(id);
                    return 0;
                }
                Optional<HibernationTier> lower = tiers.below(tier.get());
                Duration idle = Duration.between(lastAccess.getOrDefault(id, now), now);
                if (lower.isEmpty() || idle.toSeconds() < tiers.policy(tier.get()).maxIdleSeconds()) {
                    return 0;
                }
                move(id, tier.get(), lower.get(), SnapshotMoved.AGED);
                lastAccess.put(id, now);
                return 1;
            });
        }
        return moved;
    }

    private SessionSnapshot validate(SessionId sessionId, byte[] body) {
        if (body == null || body.length == 0) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID, "the snapshot body is empty");
        }
        if (body.length > config.maxSnapshotBytes()) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.TOO_LARGE, "the snapshot is "
                    + body.length + " bytes, over the limit of " + config.maxSnapshotBytes()
                    + " (dormouse.store.max-snapshot-bytes)");
        }
        SessionSnapshot snapshot;
        try {
            snapshot = ProtocolJson.decode(body, SessionSnapshot.class);
        } catch (ProtocolException e) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID,
                    "not a valid snapshot: " + e.getMessage());
        }
        if (!snapshot.sessionId().equals(sessionId)) {
            throw new RejectedSnapshotException(RejectedSnapshotException.Reason.INVALID,
                    "the snapshot belongs to " + snapshot.sessionId() + ", not " + sessionId);
        }
        return snapshot;
    }

    /** Caller holds the lock. Versions move to the session's own tier first, so they always live together. */
    private SnapshotRef append(SessionId sessionId, SessionSnapshot snapshot, byte[] plaintext) {
        HibernationTier home = snapshot.spec().hibernationTier();
        Optional<HibernationTier> current = tiers.tierHolding(sessionId);
        if (current.isPresent() && current.get() != home) {
            move(sessionId, current.get(), home, SnapshotMoved.WRITTEN);
        }
        SequencedSet<SnapshotStorage> targets = tiers.storagesOf(home);
        List<Long> versions = targets.getLast().versions(sessionId);
        long version = versions.isEmpty() ? 1 : versions.getLast() + 1;
        byte[] blob = cipher.seal(sessionId, plaintext);
        // Durable storage first: once it holds the blob, losing the cache costs speed, not data.
        for (SnapshotStorage storage : targets.reversed()) {
            storage.put(sessionId, version, blob);
        }
        List<Long> all = new ArrayList<>(versions);
        all.add(version);
        for (int i = 0; i < all.size() - config.versionsKept(); i++) {
            for (SnapshotStorage storage : targets) {
                storage.delete(sessionId, all.get(i));
            }
        }
        lastAccess.put(sessionId, clock.instant());
        meters.counter("dormouse.snapshots.written", "tier", home.wireName()).increment();
        meters.summary("dormouse.snapshots.stored.bytes", "tier", home.wireName()).record(blob.length);
        return new SnapshotRef(sessionId, snapshot.takenAt(), blob.length, sha256(plaintext));
    }

    /** Caller holds the lock. Reports and refuses a blob that does not open or decode; re-seals one under an old key. */
    private Loaded open(SessionId sessionId, long version, HibernationTier tier) {
        SequencedSet<SnapshotStorage> holders = tiers.storagesOf(tier);
        byte[] blob = read(holders, sessionId, version)
                .orElseThrow(() -> new RejectedSnapshotException(RejectedSnapshotException.Reason.NOT_FOUND,
                        sessionId + " version " + version + " vanished"));
        byte[] plaintext;
        SessionSnapshot snapshot;
        try {
            plaintext = cipher.open(sessionId, blob);
            snapshot = ProtocolJson.decode(plaintext, SessionSnapshot.class);
        } catch (CorruptSnapshotException | ProtocolException e) {
            meters.counter("dormouse.snapshots.corrupted", "tier", tier.wireName()).increment();
            publisher.publish(SnapshotCorrupted.of(sessionId, version, tier, e.getMessage()));
            LOG.errorf("snapshot %d of %s in tier %s is corrupt: %s", version, sessionId, tier, e.getMessage());
            throw new CorruptSnapshotException(
                    "snapshot version " + version + " of " + sessionId + " is corrupt: " + e.getMessage(), e);
        }
        if (!cipher.keyIdOf(blob).equals(cipher.activeKeyId())) {
            blob = cipher.seal(sessionId, plaintext);
            for (SnapshotStorage storage : holders.reversed()) {
                storage.put(sessionId, version, blob);
            }
            LOG.infof("re-encrypted snapshot %d of %s with key %s", version, sessionId, cipher.activeKeyId());
        }
        return new Loaded(version, plaintext, snapshot, blob);
    }

    /** A tier's copy of a version: from its cache when it has one, else from the durable storage behind it. */
    private static Optional<byte[]> read(SequencedSet<SnapshotStorage> holders, SessionId id, long version) {
        return holders.getFirst().get(id, version).or(() -> holders.getLast().get(id, version));
    }

    /** Caller holds the lock. Copies every version into the target tier's storages, then drops the rest. */
    private void move(SessionId id, HibernationTier from, HibernationTier to, String reason) {
        SequencedSet<SnapshotStorage> source = tiers.storagesOf(from);
        SequencedSet<SnapshotStorage> target = tiers.storagesOf(to);
        for (long version : source.getLast().versions(id)) {
            byte[] blob = read(source, id, version).orElseThrow();
            for (SnapshotStorage storage : target.reversed()) {
                if (!source.contains(storage)) {
                    storage.put(id, version, blob);
                }
            }
        }
        for (SnapshotStorage storage : source) {
            if (!target.contains(storage)) {
                storage.deleteAll(id);
            }
        }
        meters.counter("dormouse.snapshots.moved", "from", from.wireName(), "to", to.wireName(), "reason", reason)
                .increment();
        publisher.publish(SnapshotMoved.of(id, from, to, reason));
        LOG.debugf("moved the snapshots of %s from %s to %s (%s)", id, from, to, reason);
    }

    /** The hot tier dropped the session's cached blobs; their durable copy below decides its tier now. */
    private void evicted(SessionId id) {
        tiers.tierHolding(id).ifPresent(now -> publisher.publish(
                SnapshotMoved.of(id, HibernationTier.HOT, now, SnapshotMoved.EVICTED)));
    }

    private <T> T locked(SessionId id, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(id.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
