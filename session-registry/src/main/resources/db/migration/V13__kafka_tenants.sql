-- Tenants with Kafka access: a SCRAM principal of their own and their topics (dormouse.tenant.<tenant>.*), to which
-- the registry copies their sessions' outcomes and events. The password is never stored; it is shown once.
CREATE TABLE kafka_tenants (
    tenant_id  VARCHAR(64)  PRIMARY KEY,
    principal  VARCHAR(128) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    rotated_at TIMESTAMPTZ  NOT NULL
);
