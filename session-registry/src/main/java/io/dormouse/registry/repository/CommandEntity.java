package io.dormouse.registry.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.dormouse.protocol.ActionOutcome;
import io.dormouse.protocol.ProtocolJson;

/** One command routed to a worker, and how it ended once it did. */
@Entity
@Table(name = "commands")
public class CommandEntity {
    public enum Status {
        PENDING,
        COMPLETED,
        FAILED
    }

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
