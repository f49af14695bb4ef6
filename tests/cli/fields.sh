#!/bin/sh
# bbctl and personal fields deleted behind bb's back (docs/security.md, "Missing fields"): the
# read fails with status 1 and a message that names the field, the table and the row, where a
# value never given shows as not recorded and what bb removes itself reads fine. Usage:
# fields.sh CASE (one meson test per t_ function), each in a session keyring of its own.
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}

bb() { setsid -w "$bbctl" --db "$db" "$@" </dev/null; }
# The superuser's reads and deletions behind bb's back (on purpose: owner_psql, lib.sh).
count() { owner_psql -X -q -t -A -d "$db" -c "$1"; }

# A case ($n) with a note and two parties: Ëlsa with a phone number ($elsa her id), Karel
# without one.
scene() {
    org_init
    run bb case new --reported 2024-03-01 --source zelfmelder --type tuin_erfgrens \
        --note "Melder belde over de heg"
    expect_rc 0
    n=$stdout
    run bb party add "$n" --role melder --name "Ëlsa de Bruijn" --phone 06-12345678
    expect_rc 0
    run bb party add "$n" --role wederpartij --name "Karel Jansen"
    expect_rc 0
    elsa=$(count "SELECT id FROM party WHERE seq = 1")
}

t_a_deleted_field_is_reported_missing() {
    scene
    run bb party list "$n" --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c 'import json,sys; p=json.load(sys.stdin)["parties"]; assert p[0]["phone"]=="06-12345678" and p[1]["phone"] is None, p' ||
        fail "unexpected JSON: $stdout"
    count "DELETE FROM personal_field WHERE owner_id = '$elsa' AND field = 'phone'" >/dev/null
    run bb party list "$n"
    expect_rc 1
    expect_err "phone of party $elsa: the stored value is missing (deleted behind bb's back?)"
    [ -z "$stdout" ] || fail "a party list was printed without the missing field: $stdout"
    run bb case show "$n"
    expect_rc 1
    expect_err "phone of party $elsa: the stored value is missing"
    # Every field of the party, its list of them included.
    count "DELETE FROM personal_field WHERE owner_id = '$elsa'" >/dev/null
    run bb case show "$n"
    expect_rc 1
    expect_err "name of party $elsa: personal data stored for it is missing, with its list of fields"
    # The note of the case's first event.
    run bb contact add "$n" --kind telefoon --date 2024-03-04 --minutes 5 --note "Karel belde terug"
    expect_rc 0
    ev=$(count "SELECT id FROM case_event ORDER BY seq LIMIT 1")
    count "DELETE FROM personal_field WHERE owner_id = '$ev'" >/dev/null
    run bb case show "$n"
    expect_rc 1
    expect_err "note of case_event $ev: personal data stored for it is missing"
}

t_what_bb_removes_reads_fine() {
    scene
    run bb volunteer add --name "Volkert Visser" --postcode "1050 AB" --number 3 --phone 0611111111 \
        --status actief --steps 2024-01-08,2024-02-05,2024-03-04
    expect_rc 0
    run bb volunteer edit V-0001 --clear phone
    expect_rc 0
    run bb volunteer show V-0001
    expect_rc 0
    expect_out "Volkert Visser"
    case $stdout in *0611111111* | *06-11111111*) fail "the cleared phone is shown: $stdout" ;; esac
    run bb person erase "$elsa" --reason "verzoek" --yes
    expect_rc 0
    run bb case show "$n"
    expect_rc 0
    expect_out "Karel Jansen"
    run bb party remove "$n" 2 --reason "dubbel ingevoerd"
    expect_rc 0
    run bb case show "$n"
    expect_rc 0
    # What is left is still guarded: the case's note.
    ev=$(count "SELECT id FROM case_event ORDER BY seq LIMIT 1")
    count "DELETE FROM personal_field WHERE owner_id = '$ev' AND field = 'note'" >/dev/null
    run bb case show "$n"
    expect_rc 1
    expect_err "note of case_event $ev: the stored value is missing"
}

own_session "$0" "$@"
"t_$1"
