package io.dormouse.registry.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A message waiting in the outbox: written with a state change, deleted once the broker acknowledged it. */
@Entity
@Table(name = "outbox")
public class OutboxEntity {
    /** Where a message goes; the relay maps each to its channel. */
    public enum Destination {
        EVENTS,
        ACTIONS
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "channel")
    public String destination;

    @Column(name = "message_key")
    public String key;

    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    public Destination destination() {
        return Destination.valueOf(destination);
    }
}
