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
    run setsid -w "$bbctl" init --org "Welzijn Oost" --admin beheer --passphrase-file "$tmp/pw" \
        --recovery-out "$tmp/shares"
    expect_rc 0
    export BB_USER=beheer BB_PASSPHRASE_FILE="$tmp/pw" # the changes the tests make are hers
}

sql() { psql -X -q -At -d "$BB_DATABASE_URL" -c "$1"; }

t_head_verify_and_log() {
    setup
    run "$bbctl" audit head
    expect_rc 0
    expect_out "^[0-9]*:[0-9a-f]\{64\}$"
    head=$stdout
    run "$bbctl" audit verify --expect-head "$head"
    expect_rc 0
    expect_out "The audit log is intact: [0-9]* records, head $head."
    expect_out "It holds the anchor of record ${head%%:*}; 0 records follow it."
    run "$bbctl" audit log --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c '
import json, sys
d = json.load(sys.stdin)
org = [r for r in d if r["action"] == "insert:organisation"]
assert len(org) == 1, d
assert sorted(org[0]["detail"]) == ["ids", "rows"] and org[0]["detail"]["rows"] == 1, org
assert org[0]["detail"]["ids"] == [org[0]["detail"]["ids"][0]], org
assert all(isinstance(r["detail"], dict) for r in d), d
' || fail "the JSON log lacks the organisation's creation, or a detail is not an object: $stdout"
    run "$bbctl" audit log --user beheer
    expect_rc 0
    expect_out "beheer .*insert:organisation"
}

# A detail that is not an object (only a changed row could hold one) stays a string.
t_detail_not_an_object_stays_a_string() {
    setup
    sql "SET session_replication_role = replica; UPDATE audit_log SET detail = '[1, \"}\"]' WHERE seq = 1;
         UPDATE audit_log SET detail = '\"{x}\"' WHERE seq = 2"
    run "$bbctl" audit log --json --limit 2
    expect_rc 0
    printf '%s' "$stdout" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert [r["detail"] for r in d] == ["[1, \"}\"]", "\"{x}\""], d
' || fail "unexpected details: $stdout"
}

t_tampering_is_named() {
    setup
    run "$bbctl" audit head
    head=$stdout
    sql "SET session_replication_role = replica; UPDATE audit_log SET actor = 'x' WHERE seq = 2"
    run "$bbctl" audit verify
    expect_rc 4
    expect_err "audit record 2: its content was changed"
    run "$bbctl" audit verify --expect-head "$head"
    expect_rc 4
}

# An anchor kept before later records stays valid; verify counts what follows the newest one.
t_kept_anchor_stays_valid() {
    setup
    run "$bbctl" audit head
    old=$stdout
    for m in 30 31 32; do
        run "$bbctl" config set retention.months $m
        expect_rc 0
    done
    run "$bbctl" audit head
    new=$stdout
    after=$(sql "SELECT count(*) FROM audit_log WHERE seq > ${old%%:*}")
    [ "$after" -gt 0 ] || fail "no records after the anchor"
    run "$bbctl" audit verify --expect-head "$old"
    expect_rc 0
    expect_out "It holds the anchor of record ${old%%:*}; $after records follow it."
    run "$bbctl" audit verify --expect-head "$new" --expect-head "$old"
    expect_rc 0
    expect_out "It holds the anchor of record ${new%%:*}; 0 records follow it."
    # A record before the anchor changed (the triggers bypassed, as a superuser can).
    sql "SET session_replication_role = replica; UPDATE audit_log SET action = 'x' WHERE seq = 2"
    run "$bbctl" audit verify --expect-head "$old"
    expect_rc 4
    expect_err "audit record 2: its content was changed"
}

# Records cut off at the end pass a plain verify, not one with an anchor kept before.
t_cut_off_records_are_caught() {
    setup
    run "$bbctl" audit head
    anchor=$stdout
    seq=${anchor%%:*}
    sql "SET session_replication_role = replica; DELETE FROM audit_log WHERE seq = $seq"
    run "$bbctl" audit verify
    expect_rc 0
    run "$bbctl" audit verify --expect-head "$anchor"
    expect_rc 3
    expect_err "expect-head: no audit record $seq (the log ends at record $((seq - 1)))"
}

t_wrong_or_malformed_anchor_is_refused() {
    setup
    run "$bbctl" audit head
    anchor=$stdout
    hash=${anchor#*:}
    for bad in nonsense "$hash" "0:$hash" "1:${hash%?}" "1:${hash}0" "x1:$hash"; do
        run "$bbctl" audit verify --expect-head "$bad"
        expect_rc 1
        expect_err "expect-head: '$bad' is not an anchor (expected SEQ:HASH"
    done
    wrong=$(printf '%s' "$hash" | tr 0-9a-f 1-9a-f0)
    run "$bbctl" audit verify --expect-head "${anchor%%:*}:$wrong"
    expect_rc 4
    expect_err "expect-head: audit record ${anchor%%:*} has the hash $hash, not the anchor's $wrong"
    run "$bbctl" audit verify --expect-head "999999:$hash"
    expect_rc 3
    expect_err "expect-head: no audit record 999999"
}

t_anchor_to_file() {
    setup
    run "$bbctl" audit anchor
    expect_rc 0
    expect_out "^[0-9-]*T[0-9:]*Z [0-9]*:[0-9a-f]\{64\} Welzijn Oost$"
    run "$bbctl" audit anchor --to "$tmp/anchors"
    expect_rc 0
    [ "$(stat -c %a "$tmp/anchors")" = 600 ] || fail "the anchor file is not mode 600"
    run "$bbctl" config set retention.months 30
    run "$bbctl" audit anchor --to "$tmp/anchors"
    expect_rc 0
    [ "$(wc -l <"$tmp/anchors")" = 2 ] || fail "not two lines: $(cat "$tmp/anchors")"
    first=$(head -n 1 "$tmp/anchors" | cut -d ' ' -f 2)
    last=$(tail -n 1 "$tmp/anchors" | cut -d ' ' -f 2)
    [ "$first" != "$last" ] || fail "the second anchor is the first"
    run "$bbctl" audit verify --expect-head "$first" --expect-head "$last"
    expect_rc 0
    expect_out "It holds the anchor of record ${last%%:*}; 0 records follow it."
    run "$bbctl" audit anchor --syslog
    expect_rc 0
    run "$bbctl" audit anchor --to "$tmp/anchors" --syslog
    expect_rc 2
    run "$bbctl" audit anchor --to "$tmp/no/such/dir/anchors"
    expect_rc 1
    expect_err "to: cannot open '$tmp/no/such/dir/anchors'"
    [ "$(wc -l <"$tmp/anchors")" = 2 ] || fail "a refused anchor changed the file"
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
