package io.dormouse.registry.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.dormouse.protocol.ProfileHealth;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.protocol.WorkerCommand;
import io.dormouse.registry.repository.ProfileEntity;
import io.dormouse.registry.repository.ProfileRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The tenants' profiles' health settings, kept in memory so every command sent to a worker carries its profile's settings
 * without a database read. A change made here applies at once; one made through another registry instance within
 * {@code dormouse.registry.profile-refresh}.
 */
@ApplicationScoped
public class ProfileCatalog {
    private static final Logger LOG = Logger.getLogger(ProfileCatalog.class);
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    ProfileRepository profiles;

    private final Map<ProfileEntity.Key, ProfileHealth> byName = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    /** Changes made through this instance; a load that overlapped one is not applied, as it may predate it. */
    private final AtomicLong localChanges = new AtomicLong();

    /**
     * {@code command} with its profile's current health settings in its spec, the profile being the session's
     * {@code tenant}'s; loads them first if need be.
     */
    public Uni<WorkerCommand> withProfileHealth(WorkerCommand command, String tenant) {
        return (loaded ? Uni.createFrom().voidItem() : refresh()).map(ignored -> {
            SessionSpec spec = command.spec();
            if (spec == null) {
                return command;
            }
            ProfileHealth health = byName.getOrDefault(new ProfileEntity.Key(tenant, spec.profile()),
                    ProfileHealth.NONE);
            return health.equals(spec.health()) ? command : command.withSpec(spec.withHealth(health));
        });
    }

    /** The tenant's profiles' settings by name. */
    public Uni<Map<String, ProfileHealth>> all(String tenant) {
        return Panache.withSession(() -> profiles.list("tenantId", tenant)).map(rows -> {
            Map<String, ProfileHealth> view = new TreeMap<>();
            rows.forEach(row -> view.put(row.name, row.health()));
            return view;
        });
    }

    public Uni<ProfileHealth> get(String tenant, String name) {
        return Panache.withSession(() -> profiles.findById(new ProfileEntity.Key(tenant, name))).map(row -> {
            if (row == null) {
                throw notConfigured(name);
            }
            return row.health();
        });
    }

    public Uni<ProfileHealth> put(String tenant, String name, ProfileHealth health) {
        ProfileEntity.Key key = new ProfileEntity.Key(tenant, name);
        return Panache.withTransaction(() -> profiles.findById(key).chain(row -> {
            ProfileEntity saved = row != null ? row : new ProfileEntity();
            saved.tenantId = tenant;
            saved.name = name;
            saved.health(health);
            saved.updatedAt = Instant.now();
            return row != null ? Uni.createFrom().item(saved) : profiles.persist(saved);
        })).invoke(() -> {
            byName.put(key, health);
            localChanges.incrementAndGet();
        }).replaceWith(health);
    }

    public Uni<Void> remove(String tenant, String name) {
        ProfileEntity.Key key = new ProfileEntity.Key(tenant, name);
        return Panache.withTransaction(() -> profiles.deleteById(key)).invoke(deleted -> {
            if (!deleted) {
                throw notConfigured(name);
            }
            byName.remove(key);
            localChanges.incrementAndGet();
        }).replaceWithVoid();
    }

    /**
     * A failed load leaves the last settings in place and is retried on the next round. Bounded in time, since a
     * round that never ended would, being exclusive, stop every later one.
     */
    @Scheduled(every = "${dormouse.registry.profile-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        long changesBefore = localChanges.get();
        return Panache.withSession(() -> profiles.listAll()).ifNoItem().after(REFRESH_TIMEOUT).fail()
                .invoke(rows -> {
                    if (localChanges.get() != changesBefore) {
                        return;
                    }
                    Map<ProfileEntity.Key, ProfileHealth> current = view(rows);
                    byName.keySet().retainAll(current.keySet());
                    byName.putAll(current);
                    loaded = true;
                }).onFailure().invoke(failure -> LOG.warnf(
                        "could not load the profiles' health settings, retrying: %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private static Map<ProfileEntity.Key, ProfileHealth> view(List<ProfileEntity> rows) {
        Map<ProfileEntity.Key, ProfileHealth> view = new HashMap<>();
        rows.forEach(row -> view.put(new ProfileEntity.Key(row.tenantId, row.name), row.health()));
        return view;
    }

    private static SessionException notConfigured(String name) {
        return new SessionException(SessionException.Kind.PROFILE_NOT_FOUND,
                "profile '" + name + "' has no health settings; PUT /v1/profiles/" + name + "/health sets them");
    }
}
