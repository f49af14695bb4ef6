#!/bin/sh
# bbctl audit log, verify and head. Usage: audit.sh CASE (one meson test per t_ function).
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}

setup() {
    [ -n "${BB_TEST_PGHOST:-}" ] || { echo "SKIP: BB_TEST_PGHOST is not set"; exit 77; }
    tmp=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/cli-audit.XXXXXX")
    db=$(fresh_db)
    trap 'drop_db "$db"; rm -rf "$tmp"' EXIT
    export BB_DATABASE_URL="$db" BB_PIN_FILE="$tmp/pins" BB_UNLOCK_TIMEOUT=0
    printf '%s\n' 'correct horse battery staple' >"$tmp/pw"
    chmod 600 "$tmp/pw"
    run setsid -w "$bbctl" init --org "Welzijn Oost" --admin beheer --passphrase-file "$tmp/pw"
    expect_rc 0
}

sql() { psql -X -q -At -d "$BB_DATABASE_URL" -c "$1"; }

t_head_verify_and_log() {
    setup
    run "$bbctl" audit head
    expect_rc 0
    expect_out "^[0-9]* [0-9a-f]\{64\}$"
    head=${stdout#* }
    run "$bbctl" audit verify --expect-head "$head"
    expect_rc 0
    expect_out "The audit log is intact: [0-9]* records, head $head"
    run "$bbctl" audit log --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert any(r["action"]=="insert:organisation" for r in d)' ||
        fail "the JSON log lacks the organisation's creation: $stdout"
    run "$bbctl" audit log --user beheer
    expect_rc 0
    expect_out "beheer .*insert:organisation"
}

t_tampering_is_named() {
    setup
    run "$bbctl" audit head
    head=${stdout#* }
    sql "SET session_replication_role = replica; UPDATE audit_log SET actor = 'x' WHERE seq = 2"
    run "$bbctl" audit verify
    expect_rc 4
    expect_err "audit record 2: its content was changed"
    run "$bbctl" audit verify --expect-head "$head"
    expect_rc 4
}

t_bad_options() {
    run "$bbctl" audit log --limit many
    expect_rc 2
    run "$bbctl" audit verify --case BB-2024-0001
    expect_rc 2
    run "$bbctl" audit head extra
    expect_rc 2
    expect_err "unexpected argument 'extra'"
}

"t_$1"
