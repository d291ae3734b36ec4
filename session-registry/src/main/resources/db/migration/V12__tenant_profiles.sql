-- Profiles are a tenant's own: a profile's auth probe runs JavaScript in its sessions' pages, so one tenant's admin
-- must not set it for another's. Profiles from before belong to 'default'.
ALTER TABLE profiles ADD COLUMN tenant_id VARCHAR(64) NOT NULL DEFAULT 'default';
ALTER TABLE profiles ALTER COLUMN tenant_id DROP DEFAULT;
ALTER TABLE profiles DROP CONSTRAINT profiles_pkey;
ALTER TABLE profiles ADD PRIMARY KEY (tenant_id, name);
