package io.dormouse.registry.repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.dormouse.protocol.ProtocolJson;
import io.dormouse.protocol.ProxySettings;
import io.dormouse.protocol.SessionId;
import io.dormouse.protocol.SessionSpec;
import io.dormouse.protocol.SessionState;
import io.dormouse.protocol.SnapshotRef;
import io.dormouse.protocol.WorkerId;
import io.dormouse.registry.security.SecretSeal;

/**
 * A session row. JSON columns hold protocol types encoded by {@link ProtocolJson}, so the database and the wire agree
 * on one encoding.
 */
@Entity
@Table(name = "sessions")
public class SessionEntity {
    private static final TypeReference<Map<String, JsonNode>> METADATA = new TypeReference<>() {
    };

    @Id
    public String id;

    /** The tenant the session belongs to; set at creation, never changed. */
    @Column(name = "tenant_id")
    public String tenantId;

    @Enumerated(EnumType.STRING)
    public SessionState state;

    public String profile;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "spec")
    public String specJson;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "tags", columnDefinition = "text[]")
    public String[] tags;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "metadata")
    public String metadataJson;

    @Column(name = "worker_id")
    public String workerId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "snapshot")
    public String snapshotJson;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "last_active_at")
    public Instant lastActiveAt;

    @Column(name = "state_changed_at")
    public Instant stateChangedAt;

    /** Set while a pool checkout holds the session. */
    @Column(name = "lease_id")
    public String leaseId;

    @Column(name = "leased_until")
    public Instant leasedUntil;

    /** Set while the session's worker is lost and no other worker has taken it over yet. */
    @Column(name = "recovering_since")
    public Instant recoveringSince;

    /** Recycles of its context (memory, page crash, or asked for), counted when the recycle's snapshot is taken. */
    @Column(name = "recycle_count")
    public int recycleCount;

    @Column(name = "last_recycle_reason")
    public String lastRecycleReason;

    @Column(name = "last_recycled_at")
    public Instant lastRecycledAt;

    @Version
    public long version;

    public SessionId sessionId() {
        return SessionId.of(id);
    }

    /** The spec with its proxy password opened: what the worker needs, never what the API shows. */
    public SessionSpec spec() {
        SessionSpec spec = ProtocolJson.decode(specJson, SessionSpec.class);
        ProxySettings proxy = spec.proxy();
        return proxy == null || proxy.password() == null
                ? spec
                : spec.withProxy(new ProxySettings(proxy.server(), proxy.username(),
                        SecretSeal.configured().open(proxy.password())));
    }

    /** Stores the spec with its proxy password sealed. */
    public void spec(SessionSpec spec) {
        ProxySettings proxy = spec.proxy();
        SessionSpec stored = proxy == null || proxy.password() == null
                ? spec
                : spec.withProxy(new ProxySettings(proxy.server(), proxy.username(),
                        SecretSeal.configured().seal(proxy.password())));
        this.specJson = ProtocolJson.encode(stored);
        this.profile = spec.profile();
    }

    public List<String> tags() {
        return List.of(tags);
    }

    public void tags(List<String> tags) {
        this.tags = tags.toArray(String[]::new);
    }

    public Map<String, JsonNode> metadata() {
        return decode(metadataJson, METADATA);
    }

    public void metadata(Map<String, JsonNode> metadata) {
        this.metadataJson = ProtocolJson.encode(metadata);
    }

    public SnapshotRef snapshot() {
        return snapshotJson == null ? null : ProtocolJson.decode(snapshotJson, SnapshotRef.class);
    }

    public void snapshot(SnapshotRef snapshot) {
        this.snapshotJson = snapshot == null ? null : ProtocolJson.encode(snapshot);
    }

    public WorkerId worker() {
        return workerId == null ? null : WorkerId.of(workerId);
    }

    private static <T> T decode(String json, TypeReference<T> type) {
        try {
            return ProtocolJson.mapper().readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("corrupt JSON column in session row", e);
        }
    }
}
