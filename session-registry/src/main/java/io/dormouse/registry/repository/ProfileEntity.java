package io.dormouse.registry.repository;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.dormouse.protocol.ProfileHealth;
import io.dormouse.protocol.ProtocolJson;

/** One tenant's profile's health settings, encoded as the protocol's {@link ProfileHealth}. */
@Entity
@Table(name = "profiles")
@IdClass(ProfileEntity.Key.class)
public class ProfileEntity {
    /** A profile is named within its tenant. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String tenantId;
        public String name;

        public Key() {
        }

        public Key(String tenantId, String name) {
            this.tenantId = tenantId;
            this.name = name;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(tenantId, key.tenantId) && Objects.equals(name, key.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, name);
        }
    }

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    public String name;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "health")
    public String healthJson;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public ProfileHealth health() {
        return ProtocolJson.decode(healthJson, ProfileHealth.class);
    }

    public void health(ProfileHealth health) {
        this.healthJson = ProtocolJson.encode(health);
    }
}
