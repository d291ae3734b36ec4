-- Transactional outbox: a message is written in the same transaction as the state change it announces, and the relay
-- publishes it afterwards (at least once; consumers dedupe by event id), so no change goes unannounced and no
-- announcement describes a change that rolled back.
CREATE TABLE outbox (
    id          BIGSERIAL    PRIMARY KEY,
    channel     VARCHAR(32)  NOT NULL,
    message_key VARCHAR(64)  NOT NULL,
    payload     TEXT         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);
