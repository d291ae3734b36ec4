package io.dormouse.registry.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.dormouse.registry.config.RegistryConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Installs the keys the operator configures, each for tenant {@code default} and replacing its previous value: the
 * operator key ({@code DORMOUSE_ADMIN_KEY}, role OPERATOR) so a fresh system can be administered, and the
 * health-monitor's key ({@code DORMOUSE_MONITOR_KEY}, role MONITOR: the census only). {@code ./dormouse up} generates
 * both. Runs after Flyway's migration, over JDBC, before any request is served.
 */
@ApplicationScoped
public class AdminKeyBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminKeyBootstrap.class);
    static final String KEY_ID = "key_bootstrap_admin";
    static final String MONITOR_KEY_ID = "key_bootstrap_monitor";

    @Inject
    RegistryConfig config;

    @Inject
    AgroalDataSource dataSource;

    void onStart(@Observes StartupEvent event) throws SQLException {
        if (config.adminKey().isEmpty()) {
            LOG.warn("no DORMOUSE_ADMIN_KEY: only keys already issued can call the API");
        }
        install(KEY_ID, config.adminKey(), Caller.Role.OPERATOR, "operator key (DORMOUSE_ADMIN_KEY)");
        install(MONITOR_KEY_ID, config.monitorKey(), Caller.Role.MONITOR, "health-monitor key (DORMOUSE_MONITOR_KEY)");
    }

    private void install(String id, Optional<String> key, Caller.Role role, String label) throws SQLException {
        if (key.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_keys WHERE id = ?");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO api_keys (id, tenant_id,"
                            + " key_hash, role, label, created_at) VALUES (?, ?, ?, ?, ?, now())"
                            + " ON CONFLICT (key_hash) DO NOTHING")) {
                delete.setString(1, id);
                delete.executeUpdate();
                insert.setString(1, id);
                insert.setString(2, Caller.DEFAULT_TENANT);
                insert.setString(3, ApiKeys.hash(key.get()));
                insert.setString(4, role.name());
                insert.setString(5, label);
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
        LOG.infof("%s installed for tenant 'default' with role %s", label, role);
    }
}
