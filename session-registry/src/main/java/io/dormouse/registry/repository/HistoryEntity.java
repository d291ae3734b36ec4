package io.dormouse.registry.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One entry of a session's journal: a command, its outcome, or a lifecycle event. Written only by native inserts. */
@Entity
@Table(name = "session_history")
public class HistoryEntity {
    /** What an entry records. */
    public enum Kind {
        COMMAND,
        OUTCOME,
        EVENT
    }

    @Id
    public Long id;

    @Column(name = "session_id")
    public String sessionId;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String kind;

    public String type;

    @Column(name = "command_id")
    public String commandId;

    @Column(name = "event_id")
    public UUID eventId;

    /** JSON; secrets an agent sent (typed text, header values, cookie values…) are masked before they get here. */
    public String detail;
}
