package io.dormouse.protocol;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every event Dormouse publishes. The JSON {@code type} is the record's simple name; {@code eventId} lets consumers
 * drop redeliveries; {@code schemaVersion} lets them refuse what they do not understand.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SessionCreated.class, name = "SessionCreated"),
        @JsonSubTypes.Type(value = SessionActivated.class, name = "SessionActivated"),
        @JsonSubTypes.Type(value = SessionHibernated.class, name = "SessionHibernated"),
        @JsonSubTypes.Type(value = SessionRestored.class, name = "SessionRestored"),
        @JsonSubTypes.Type(value = SessionTagsChanged.class, name = "SessionTagsChanged"),
        @JsonSubTypes.Type(value = SessionDeleted.class, name = "SessionDeleted"),
        @JsonSubTypes.Type(value = SessionIdle.class, name = "SessionIdle"),
        @JsonSubTypes.Type(value = PageCrashed.class, name = "PageCrashed"),
        @JsonSubTypes.Type(value = SessionCheckedOut.class, name = "SessionCheckedOut"),
        @JsonSubTypes.Type(value = SessionReleased.class, name = "SessionReleased"),
        @JsonSubTypes.Type(value = SnapshotMoved.class, name = "SnapshotMoved"),
        @JsonSubTypes.Type(value = SnapshotCorrupted.class, name = "SnapshotCorrupted"),
        @JsonSubTypes.Type(value = SessionUnhealthy.class, name = "SessionUnhealthy"),
        @JsonSubTypes.Type(value = SessionHealthy.class, name = "SessionHealthy"),
        @JsonSubTypes.Type(value = AuthProbed.class, name = "AuthProbed"),
        @JsonSubTypes.Type(value = SessionNeedsReauth.class, name = "SessionNeedsReauth"),
        @JsonSubTypes.Type(value = SessionReauthenticated.class, name = "SessionReauthenticated"),
        @JsonSubTypes.Type(value = CdpClientConnected.class, name = "CdpClientConnected"),
        @JsonSubTypes.Type(value = CdpClientDisconnected.class, name = "CdpClientDisconnected"),
        @JsonSubTypes.Type(value = ActionCompleted.class, name = "ActionCompleted"),
        @JsonSubTypes.Type(value = ActionFailed.class, name = "ActionFailed"),
        @JsonSubTypes.Type(value = ContextMetrics.class, name = "ContextMetrics"),
        @JsonSubTypes.Type(value = WorkerHeartbeat.class, name = "WorkerHeartbeat"),
        @JsonSubTypes.Type(value = WorkerLost.class, name = "WorkerLost"),
        @JsonSubTypes.Type(value = HibernationTiersConfigured.class, name = "HibernationTiersConfigured")
})
public sealed interface DormouseEvent permits SessionEvent, ActionOutcome, ContextMetrics, WorkerHeartbeat,
        WorkerLost, HibernationTiersConfigured {
    int SCHEMA_VERSION = 1;

    UUID eventId();

    Instant occurredAt();

    int schemaVersion();
}
