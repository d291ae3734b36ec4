-- The registry's source of truth: one row per session, soft-deleted so a late command on a deleted id gets 410.
CREATE TABLE sessions (
    id               VARCHAR(16)  PRIMARY KEY,
    state            VARCHAR(16)  NOT NULL,
    profile          VARCHAR(64)  NOT NULL,
    spec             JSONB        NOT NULL,
    tags             TEXT[]       NOT NULL DEFAULT '{}',
    metadata         JSONB        NOT NULL DEFAULT '{}',
    worker_id        VARCHAR(64),
    snapshot         JSONB,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    last_active_at   TIMESTAMPTZ,
    -- Worker-reported time of the last lifecycle transition applied; older reports arriving late are ignored.
    state_changed_at TIMESTAMPTZ  NOT NULL,
    version          BIGINT       NOT NULL DEFAULT 0
);

CREATE INDEX sessions_tags_idx ON sessions USING GIN (tags);
CREATE INDEX sessions_state_idx ON sessions (state);

-- Idempotent consumption: an event or command id is recorded in the same transaction as its effect.
CREATE TABLE processed_messages (
    message_id   VARCHAR(100) PRIMARY KEY,
    processed_at TIMESTAMPTZ  NOT NULL
);
