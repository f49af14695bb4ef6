-- 0013-schema-sources: the ledger of the schema's current sources (issue 11).
--
-- From here on every function, trigger, policy and grant has one current source,
-- schema/functions/AREA.sql, which `bbctl db migrate` runs after the migrations when this
-- build's revision of it is newer than the one recorded here: one row per source, like
-- bb_schema_migration's per migration (schema/README.md, docs/database.md). Migrations keep
-- the tables, columns, constraints and data. Its row-level security, policy and grants are
-- in schema/functions/roles.sql, as every table's.
CREATE TABLE bb_schema_source (
    name       text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]*$'), -- functions/NAME.sql
    revision   integer NOT NULL CHECK (revision >= 1),  -- the file's "-- revision: N"
    checksum   text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'), -- SHA-256 of the file
    applied_at timestamptz NOT NULL DEFAULT now()
);
