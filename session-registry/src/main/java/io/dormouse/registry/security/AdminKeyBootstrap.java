package io.dormouse.registry.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.dormouse.registry.config.RegistryConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Installs the operator's admin key ({@code DORMOUSE_ADMIN_KEY}) for tenant {@code default} at start-up, replacing the
 * previous bootstrap key, so a fresh system can be administered; {@code ./dormouse up} generates one. Runs after
 * Flyway's migration, over JDBC, before any request is served.
 */
@ApplicationScoped
public class AdminKeyBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminKeyBootstrap.class);
    static final String KEY_ID = "key_bootstrap_admin";

    @Inject
    RegistryConfig config;

    @Inject
    AgroalDataSource dataSource;

    void onStart(@Observes StartupEvent event) throws SQLException {
        if (config.adminKey().isEmpty()) {
            LOG.warn("no DORMOUSE_ADMIN_KEY: only keys already issued can call the API");
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_keys WHERE id = ?");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO api_keys (id, tenant_id,"
                            + " key_hash, role, label, created_at) VALUES (?, ?, ?, 'ADMIN', ?, now())"
                            + " ON CONFLICT (key_hash) DO NOTHING")) {
                delete.setString(1, KEY_ID);
                delete.executeUpdate();
                insert.setString(1, KEY_ID);
                insert.setString(2, Caller.DEFAULT_TENANT);
                insert.setString(3, ApiKeys.hash(config.adminKey().get()));
                insert.setString(4, "bootstrap admin key (DORMOUSE_ADMIN_KEY)");
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
        LOG.info("admin key from DORMOUSE_ADMIN_KEY installed for tenant 'default'");
    }
}
