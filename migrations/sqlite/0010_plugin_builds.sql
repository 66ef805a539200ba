-- Plugin builds, content-addressed: the component bytes live here, so every
-- host sharing the database can load any build. Replaces `modules`, which
-- recorded builds without their bytes.
DROP TABLE modules;
CREATE TABLE plugin_builds (
    digest TEXT PRIMARY KEY,
    slot TEXT NOT NULL,
    version TEXT NOT NULL,
    contract TEXT NOT NULL,
    descriptor TEXT NOT NULL,
    bytes BLOB NOT NULL,
    size INTEGER NOT NULL,
    origin TEXT NOT NULL,
    installed_by TEXT NOT NULL,
    installed_at INTEGER NOT NULL
);
CREATE INDEX plugin_builds_by_slot ON plugin_builds (slot, installed_at);

-- Builds the operator made available to a company (bundled builds are
-- available to every company).
CREATE TABLE plugin_grants (
    digest TEXT NOT NULL REFERENCES plugin_builds (digest),
    company_id INTEGER NOT NULL REFERENCES companies (id),
    granted_by TEXT NOT NULL,
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (digest, company_id)
);
CREATE INDEX plugin_grants_by_company ON plugin_grants (company_id);

-- A company's slot: `digest` the build serving it (NULL: the bundled one),
-- optionally a canary build taking `canary_percent` of its requests.
ALTER TABLE company_modules ADD COLUMN canary_digest TEXT;
ALTER TABLE company_modules ADD COLUMN canary_percent INTEGER;

-- Every change of a company's slot, in order: the serving build before and
-- after (NULL: the bundled one), the canary after, whether the slot is on.
-- Rollback returns to the build before the latest change; the audit reads
-- it; hosts watch its newest id to apply changes.
CREATE TABLE module_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    slot TEXT NOT NULL,
    action TEXT NOT NULL,
    from_digest TEXT,
    to_digest TEXT,
    canary_digest TEXT,
    canary_percent INTEGER,
    enabled INTEGER NOT NULL,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX module_history_by_slot ON module_history (company_id, slot, id);

-- Calls per (company, slot, build), added up by every host, and their
-- latencies in buckets (upper bound in microseconds).
CREATE TABLE plugin_call_stats (
    company_id INTEGER NOT NULL,
    slot TEXT NOT NULL,
    digest TEXT NOT NULL,
    calls INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    total_us INTEGER NOT NULL,
    PRIMARY KEY (company_id, slot, digest)
);
CREATE TABLE plugin_call_latency (
    company_id INTEGER NOT NULL,
    slot TEXT NOT NULL,
    digest TEXT NOT NULL,
    bucket_us INTEGER NOT NULL,
    calls INTEGER NOT NULL,
    PRIMARY KEY (company_id, slot, digest, bucket_us)
);
