# Helpers for CLI tests: run a command, then check its exit status and output.
# shellcheck shell=sh

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# run CMD...: runs it, keeping exit status in $rc and output in $out and $err.
run() {
    out=$(mktemp) err=$(mktemp)
    set +e
    "$@" >"$out" 2>"$err"
    rc=$?
    set -e
    stdout=$(cat "$out") stderr=$(cat "$err")
    rm -f "$out" "$err"
}

expect_rc() { [ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1; stderr: $stderr; stdout: $stdout"; }
expect_out() { printf '%s' "$stdout" | grep -q -- "$1" || fail "stdout lacks '$1': $stdout"; }
expect_err() { printf '%s' "$stderr" | grep -q -- "$1" || fail "stderr lacks '$1': $stderr"; }
expect_err_lines() {
    n=$(printf '%s\n' "$stderr" | grep -c .)
    [ "$n" -eq "$1" ] || fail "stderr has $n lines, expected $1: $stderr"
}

# A fresh database cloned from the test template; prints its connection string. FILE_COPY:
# for a small template it costs the server a third of PostgreSQL 15's default (WAL_LOG).
fresh_db() {
    name="cli_$$_$(date +%s%N)"
    psql -X -q -h "$BB_TEST_PGHOST" -U "$BB_TEST_PGUSER" -d postgres \
        -c "CREATE DATABASE $name TEMPLATE ${1:-$BB_TEST_TEMPLATE} STRATEGY FILE_COPY" >/dev/null
    printf 'host=%s user=%s dbname=%s' "$BB_TEST_PGHOST" "$BB_TEST_PGUSER" "$name"
}

# owner_psql ARG...: psql as the database's administrator changing rows by hand on purpose
# (bb.act_as_owner, schema/functions/acts.sql): the tests' fixtures and tampering. bbctl itself
# never runs so: a change there needs a bb user who has unlocked.
owner_psql() { PGOPTIONS="${PGOPTIONS:-} -c bb.act_as_owner=on" psql "$@"; }

drop_db() {
    name=${1##*dbname=}
    psql -X -q -h "$BB_TEST_PGHOST" -U "$BB_TEST_PGUSER" -d postgres \
        -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
}

# org_init: a fresh database ($db) with organisation 'Welzijn Oost' as bbctl init makes it, its
# first user 'coordinator' (administrator and coordinator; BB_USER) whose passphrase is in a
# file (BB_PASSPHRASE_FILE), pins and settings in a private $tmp, and area Noord (1000-1099).
# The database and $tmp go again on exit. Each unlock costs an Argon2id run: run the script in
# its own session keyring (own_session) so the keys are kept between commands.
#
# org_fixture CONNINFO ORG ADMIN PASSFILE: that organisation made by tests/harness/org-fixture,
# with a cheaper Argon2id than bbctl makes (docs/testing.md): for tests of anything but init.
org_init() {
    [ -n "${BB_TEST_PGHOST:-}" ] || { echo "SKIP: BB_TEST_PGHOST is not set"; exit 77; }
    tmp=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/cli-org.XXXXXX")
    db=$(fresh_db)
    trap 'drop_db "$db"; rm -rf "$tmp"' EXIT
    printf '%s\n' 'correct horse battery staple' >"$tmp/pw"
    chmod 600 "$tmp/pw"
    export BB_PIN_FILE="$tmp/pins" XDG_CONFIG_HOME="$tmp/config" BB_USER=coordinator \
        BB_PASSPHRASE_FILE="$tmp/pw"
    unset BB_UNLOCK_TIMEOUT BB_DATABASE_URL || true
    org_fixture "$db" "Welzijn Oost" coordinator "$tmp/pw"
    run setsid -w "$bbctl" --db "$db" unlock </dev/null
    expect_rc 0
    run "$bbctl" --db "$db" area set Noord --postcodes 1000-1099
    expect_rc 0
}

org_fixture() {
    run "${BB_ORG_FIXTURE:?BB_ORG_FIXTURE is tests/harness/org-fixture}" "$@"
    expect_rc 0
}

# own_session SCRIPT ARGS...: runs the script again in a kernel session keyring of its own
# (like its own terminal session) unless it runs in one already; without a kernel keyring it
# goes on as it is, and bbctl reads the passphrase file for every command.
own_session() {
    [ -z "${BB_OWN_SESSION:-}" ] || return 0
    command -v keyctl >/dev/null && keyctl session - true >/dev/null 2>&1 || return 0
    BB_OWN_SESSION=1 exec keyctl session - "$@"
}
