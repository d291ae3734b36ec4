-- Every command routed to a worker, by its client-chosen or generated id: a repeated id has no second effect and gets
-- the first outcome, and a caller that timed out can look the outcome up later.
CREATE TABLE commands (
    command_id   VARCHAR(100) PRIMARY KEY,
    session_id   VARCHAR(16)  NOT NULL,
    kind         VARCHAR(32)  NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    -- The ActionOutcome as the results topic carried it; read back whole, never queried into.
    outcome      TEXT,
    created_at   TIMESTAMPTZ  NOT NULL,
    completed_at TIMESTAMPTZ
);

CREATE INDEX commands_session_idx ON commands (session_id, created_at);
