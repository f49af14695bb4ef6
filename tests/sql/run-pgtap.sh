#!/bin/sh
# Runs one pgTAP file (tests/sql/*.sql) with pg_prove in a fresh database cloned from the test
# template, with pgTAP installed in that database only (never by a migration).
set -eu
[ -n "${BB_TEST_PGHOST:-}" ] || { echo "SKIP: BB_TEST_PGHOST is not set"; exit 77; }
user=${BB_TEST_PGUSER:-bb}
name="tap_$$_$(date +%s%N)"
sql() { psql -X -q -v ON_ERROR_STOP=1 -h "$BB_TEST_PGHOST" -U "$user" "$@" >/dev/null; }
sql -d postgres -c "CREATE DATABASE $name TEMPLATE ${BB_TEST_TEMPLATE:-bb_template}"
trap 'sql -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)"' EXIT
sql -d "$name" -c 'CREATE EXTENSION pgtap'
# The files' fixtures are written by the superuser as a database administrator on purpose
# (schema/functions/acts.sql); the people they test act through their own login roles.
PGOPTIONS="${PGOPTIONS:-} -c bb.act_as_owner=on" \
    pg_prove --verbose --failures -h "$BB_TEST_PGHOST" -U "$user" -d "$name" "$1"
