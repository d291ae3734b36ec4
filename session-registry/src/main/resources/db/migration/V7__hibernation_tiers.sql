-- The hibernation tiers: how long a session of each tier may idle before it is hibernated, and where its snapshot is
-- kept. Seeded with the defaults; PUT /v1/hibernation/tiers changes them.
CREATE TABLE hibernation_tiers (
    tier             VARCHAR(8)   PRIMARY KEY,
    max_idle_seconds BIGINT       NOT NULL,
    storage          VARCHAR(16)  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);

INSERT INTO hibernation_tiers (tier, max_idle_seconds, storage, updated_at) VALUES
    ('HOT', 600, 'memory', now()),
    ('WARM', 3600, 'redis', now()),
    ('COLD', 86400, 'disk', now());
