-- Command ids are a tenant's own: another tenant reusing one (by accident or to read the first one's result) starts a
-- command of its own. The journal is keyed by tenant and id; outcomes, which workers report by session and id, are
-- found by session and id.
ALTER TABLE commands ADD COLUMN tenant_id VARCHAR(64);
UPDATE commands c SET tenant_id = s.tenant_id FROM sessions s WHERE s.id = c.session_id;
UPDATE commands SET tenant_id = 'default' WHERE tenant_id IS NULL;
ALTER TABLE commands ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE commands DROP CONSTRAINT commands_pkey;
ALTER TABLE commands ADD PRIMARY KEY (tenant_id, command_id);
CREATE INDEX commands_outcome_idx ON commands (session_id, command_id);

-- An outcome's result (page content, cookie values) is kept only for a while; the status and error stay.
ALTER TABLE commands ADD COLUMN result_purged BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX commands_completed_idx ON commands (completed_at) WHERE NOT result_purged;
CREATE INDEX commands_created_idx ON commands (created_at);
