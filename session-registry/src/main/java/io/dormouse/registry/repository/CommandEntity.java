package io.dormouse.registry.repository;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.ProtocolJson;

/** One command routed to a worker, and how it ended once it did; its id is unique within its tenant. */
@Entity
@Table(name = "commands")
@IdClass(CommandEntity.Key.class)
public class CommandEntity {
    /** A command's identity: the tenant that sent it and the id it chose. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String tenantId;
        public String commandId;

        public Key() {
        }

        public Key(String tenantId, String commandId) {
            this.tenantId = tenantId;
            this.commandId = commandId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(tenantId, key.tenantId)
                    && Objects.equals(commandId, key.commandId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, commandId);
        }
    }

    public enum Status {
        PENDING,
        COMPLETED,
        FAILED
    }

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "command_id")
    public String commandId;

    @Column(name = "session_id")
    public String sessionId;

    /** The command's type, e.g. {@code RunAction}. */
    public String kind;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "outcome")
    public String outcomeJson;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    public ActionOutcome outcome() {
        return outcomeJson == null ? null : ProtocolJson.decode(outcomeJson, ActionOutcome.class);
    }
}
