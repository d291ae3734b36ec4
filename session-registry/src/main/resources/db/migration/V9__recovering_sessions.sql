-- Set when the health-monitor reports the session's worker lost; cleared once another worker (or a hibernation)
-- takes the session over, so clients can tell a session that is coming back from one that is live.
ALTER TABLE sessions ADD COLUMN recovering_since TIMESTAMPTZ;
