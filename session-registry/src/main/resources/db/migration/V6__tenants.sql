-- Tenants and their API keys. A key is stored only as its SHA-256; the key itself is shown once, when it is made.
CREATE TABLE api_keys (
    id         VARCHAR(40)  PRIMARY KEY,
    tenant_id  VARCHAR(64)  NOT NULL,
    key_hash   CHAR(64)     NOT NULL UNIQUE,
    role       VARCHAR(16)  NOT NULL,
    label      VARCHAR(128),
    created_at TIMESTAMPTZ  NOT NULL,
    revoked_at TIMESTAMPTZ
);

-- Every session belongs to one tenant; sessions from before tenants belong to 'default'.
ALTER TABLE sessions ADD COLUMN tenant_id VARCHAR(64) NOT NULL DEFAULT 'default';
CREATE INDEX sessions_tenant_idx ON sessions (tenant_id, created_at, id);
