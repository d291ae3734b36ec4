-- Pool leases: a checked-out session carries its lease until released or expired.
ALTER TABLE sessions ADD COLUMN lease_id VARCHAR(40);
ALTER TABLE sessions ADD COLUMN leased_until TIMESTAMPTZ;
CREATE INDEX sessions_leased_until_idx ON sessions (leased_until) WHERE leased_until IS NOT NULL;

-- Keyset pagination orders: by creation, and by last activity (never-active sessions count from their creation).
CREATE INDEX sessions_created_idx ON sessions (created_at, id);
CREATE INDEX sessions_activity_idx ON sessions ((COALESCE(last_active_at, created_at)), id);
