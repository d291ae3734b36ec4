-- Per-profile health settings (memory threshold, auth probe), set by operators with PUT /v1/profiles/{name}/health.
-- The registry adds them to every command it sends a worker for a session of that profile.
CREATE TABLE profiles (
    name       VARCHAR(64)  PRIMARY KEY,
    health     JSONB        NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL
);

-- How often the session's context was recycled (memory, page crash, or asked for), and the latest reason.
ALTER TABLE sessions ADD COLUMN recycle_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN last_recycle_reason VARCHAR(64);
ALTER TABLE sessions ADD COLUMN last_recycled_at TIMESTAMPTZ;
