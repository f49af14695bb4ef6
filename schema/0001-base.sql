-- 0001-base: organisations and their settings, the roots every later table hangs from.

-- Several organisations can share one server; every table carries org_id.
CREATE TABLE organisation (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Settings per organisation (bbctl config get/set): thresholds, retention, estimates.
CREATE TABLE setting (
    org_id      uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    key         text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$'),
    value       text NOT NULL CHECK (length(value) <= 1000),
    version     integer NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, key)
);
