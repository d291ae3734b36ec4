package io.dormouse.registry.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.dormouse.protocol.ProfileHealth;
import io.dormouse.protocol.ProtocolJson;

/** One profile's health settings, encoded as the protocol's {@link ProfileHealth}. */
@Entity
@Table(name = "profiles")
public class ProfileEntity {
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
