package io.dormouse.registry.security;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An API key's record: its tenant and role, and the SHA-256 of the key. */
@Entity
@Table(name = "api_keys")
public class ApiKeyEntity {
    @Id
    public String id;

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "key_hash")
    public String keyHash;

    public String role;

    public String label;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
