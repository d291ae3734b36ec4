-- The session journal: every command, outcome and lifecycle event of a session, in the order the registry saw them.
-- Worker events are recorded once however often they are delivered (event_id is unique).
CREATE TABLE session_history (
    id          BIGSERIAL    PRIMARY KEY,
    session_id  VARCHAR(16)  NOT NULL,
    occurred_at TIMESTAMPTZ  NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    type        VARCHAR(64)  NOT NULL,
    command_id  VARCHAR(24),
    event_id    UUID         UNIQUE,
    detail      TEXT         NOT NULL
);

CREATE INDEX session_history_session_idx ON session_history (session_id, id);
