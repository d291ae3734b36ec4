package io.dormouse.registry.service;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.dormouse.registry.messaging.KafkaAccess;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Which tenants have Kafka access, kept in the {@code kafka_tenants} table and in memory (the fan-out asks for every
 * outcome and event). Granting makes or rotates the tenant's SCRAM credential, topics and ACLs through
 * {@link KafkaAccess}; a change made through another registry replica arrives within the refresh interval. Blocking:
 * callers run off the event loop.
 */
@ApplicationScoped
public class KafkaTenants {
    private static final Logger LOG = Logger.getLogger(KafkaTenants.class);
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    KafkaAccess access;

    private volatile Set<String> enabled = Set.of();

    /** A tenant's access as just granted: the password is in this answer only. */
    public record Granted(KafkaAccess.TenantAccess access, String password) {
    }

    /** A tenant with Kafka access, as listed. */
    public record Listed(String tenant, String principal, Instant createdAt, Instant rotatedAt) {
    }

    void onStart(@Observes StartupEvent start) throws SQLException {
        refresh();
    }

    public boolean has(String tenant) {
        return enabled.contains(tenant);
    }

    /** Creates the tenant's access, or replaces its password; the old password stops working at once. */
    public Granted grant(String tenant) throws SQLException, InterruptedException, ExecutionException,
            TimeoutException {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        KafkaAccess.TenantAccess granted = access.grantTenant(tenant, password.toString());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection
                        .prepareStatement("INSERT INTO kafka_tenants (tenant_id, principal, created_at, rotated_at)"
                                + " VALUES (?, ?, now(), now()) ON CONFLICT (tenant_id) DO UPDATE SET rotated_at = now(),"
                                + " principal = EXCLUDED.principal")) {
            upsert.setString(1, tenant);
            upsert.setString(2, granted.principal());
            upsert.executeUpdate();
        }
        Set<String> next = new HashSet<>(enabled);
        next.add(tenant);
        enabled = Set.copyOf(next);
        return new Granted(granted, password.toString());
    }

    /** Removes the tenant's credential and ACLs; false when it had no access. */
    public boolean revoke(String tenant) throws SQLException, InterruptedException, ExecutionException,
            TimeoutException {
        int deleted;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection
                        .prepareStatement("DELETE FROM kafka_tenants WHERE tenant_id = ?")) {
            delete.setString(1, tenant);
            deleted = delete.executeUpdate();
        }
        if (deleted > 0) {
            access.revokeTenant(tenant);
            Set<String> next = new HashSet<>(enabled);
            next.remove(tenant);
            enabled = Set.copyOf(next);
        }
        return deleted > 0;
    }

    /** Every tenant with access, or just {@code tenant}'s when it is given. */
    public List<Listed> list(String tenant) throws SQLException {
        List<Listed> listed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection
                        .prepareStatement("SELECT tenant_id, principal, created_at, rotated_at FROM kafka_tenants"
                                + " WHERE ? IS NULL OR tenant_id = ? ORDER BY tenant_id")) {
            query.setString(1, tenant);
            query.setString(2, tenant);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    listed.add(new Listed(rows.getString(1), rows.getString(2),
                            rows.getTimestamp(3).toInstant(), rows.getTimestamp(4).toInstant()));
                }
            }
        }
        return listed;
    }

    @Scheduled(every = "${dormouse.registry.profile-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refreshOnSchedule() {
        try {
            refresh();
        } catch (SQLException e) {
            LOG.warnf("could not reload the tenants with Kafka access; keeping the last list: %s", e.getMessage());
        }
    }

    private void refresh() throws SQLException {
        Set<String> loaded = new HashSet<>();
        for (Listed tenant : list(null)) {
            loaded.add(tenant.tenant());
        }
        enabled = Set.copyOf(loaded);
    }
}
