#!/bin/sh
# bbctl's corrections (issue 14): case void and case reopen, contact edit and contact remove,
# party move and party remove.
# Every refusal names the field and value, exits with its documented status (1 refused, 2
# usage, 3 not found, 4 changed since --version) and writes nothing. Usage: corrections.sh
# CASE (one meson test per t_ function), each in a session keyring of its own (own_session).
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}

bb() { setsid -w "$bbctl" --db "$db" "$@" </dev/null; }
count() { psql -X -q -t -A -d "$db" -c "$1"; }

# new_case: a case with a melder, at the intake; sets $n to its number.
new_case() {
    run bb case new --reported 2024-03-01 --source politie --type parkeren
    expect_rc 0
    n=$stdout
    run bb party add "$n" --role melder --name "Elsa de Bruijn" --phone 06-12345678
    expect_rc 0
    run bb case move "$n" intake
    expect_rc 0
}

# The rows that a refusal must leave as they are.
snapshot() {
    count "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM (SELECT c::text AS t
           FROM bb_case c UNION ALL SELECT e::text FROM case_event e UNION ALL SELECT k::text
           FROM contact k UNION ALL SELECT f.owner_id::text || f.field FROM personal_field f) s"
}

t_case_void() {
    org_init
    new_case
    before=$(snapshot)
    run bb case void "$n"
    expect_rc 2
    expect_err "\-\-reason is required"
    run bb case void "$n" --reason " "
    expect_rc 1
    expect_err "reason: required (why the case is void)"
    run bb case void "$n" --reason "Dubbel geregistreerd" --version 1
    expect_rc 4
    expect_err "since version 1"
    run bb case void BB-2024-0999 --reason "Dubbel"
    expect_rc 3
    expect_err "BB-2024-0999"
    run bb case move "$n" vervallen
    expect_rc 1
    expect_err "status: voiding needs a reason"
    [ "$(snapshot)" = "$before" ] || fail "a refused voiding wrote something"
    run bb case void "$n" --reason "Dubbel geregistreerd" --version 2
    expect_rc 0
    expect_out "Case $n is void; its personal data is destroyed (version 3)."
    run bb case void "$n" --reason "Nog eens"
    expect_rc 1
    expect_err "case: $n is void already"
    # Gone from the lists and the figures; shown with --void, its number and history kept.
    run bb case list
    expect_rc 0
    case $stdout in *"$n"*) fail "a void case is listed: $stdout" ;; esac
    run bb case list --void
    expect_out "$n .*vervallen"
    run bb case list --status vervallen
    expect_out "$n"
    [ "$(count "SELECT count(*) FROM stat_case")" = 0 ] || fail "a void case is in the figures"
    [ "$(count "SELECT count(*) FROM party p JOIN personal_field f ON f.owner_id = p.id")" = 0 ] ||
        fail "a void case kept personal data"
    run bb case show "$n" --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); e=d["events"][-1]; assert d["status"]=="vervallen" and e["from"]=="intake" and e["to"]=="vervallen" and e["note"]=="Dubbel geregistreerd", d' ||
        fail "unexpected JSON: $stdout"
    run bb case new --reported 2024-03-02 --source politie --type parkeren
    expect_out "0002$"
    run bb audit log --case "$n"
    expect_out "case_void"
}

t_case_reopen() {
    org_init
    new_case
    run bb case move "$n" lopend
    run bb case reopen "$n" --reason "Per ongeluk"
    expect_rc 1
    expect_err "case: $n is not closed (status 'lopend')"
    run bb case close "$n" --outcome opgelost --reason "Afspraken gemaakt" --date 2024-03-10
    expect_rc 0
    before=$(snapshot)
    run bb case reopen "$n"
    expect_rc 2
    expect_err "\-\-reason is required"
    run bb case reopen "$n" --reason ""
    expect_rc 1
    expect_err "reason: required (why the case is reopened)"
    run bb case reopen "$n" --reason "Verkeerde zaak" --version 3
    expect_rc 4
    [ "$(snapshot)" = "$before" ] || fail "a refused reopening wrote something"
    run bb case reopen "$n" --reason "Verkeerde zaak gesloten" --version 4
    expect_rc 0
    expect_out "Case $n is reopened: 'lopend' again (version 5)."
    [ "$(count "SELECT coalesce(closed_on::text, 'open') FROM stat_case")" = open ] ||
        fail "the figures still count the closing"
    run bb case show "$n" --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["status"]=="lopend" and d["outcome"] is None and [e["to"] for e in d["events"]][-2:]==["afgesloten","lopend"], d' ||
        fail "unexpected JSON: $stdout"
    run bb case void "$n" --reason "Toch dubbel"
    expect_rc 0
    run bb case reopen "$n" --reason "Terug"
    expect_rc 1
    expect_err "case: $n is void already"
}

t_contact_edit_and_remove() {
    org_init
    new_case
    run bb contact add "$n" --kind huisbezoek_a --date 2024-03-04 --minutes 45 --note "Eerste bezoek"
    expect_rc 0
    id=$(count "SELECT left(id::text, 8) FROM contact")
    [ "$(count "SELECT apart_on FROM stat_case")" = 2024-03-04 ] || fail "no apart_on"
    run bb contact list "$n"
    expect_out "^$id  *2024-03-04  *huisbezoek_a  *45"
    before=$(snapshot)
    run bb contact edit "$n" "$id" --minutes 60
    expect_rc 2
    expect_err "\-\-version is required"
    run bb contact edit "$n" "$id" --kind brief --version 1
    expect_rc 1
    expect_err "kind: unknown contact kind 'brief'"
    run bb contact edit "$n" "$id" --date 2024-02-01 --version 1
    expect_rc 1
    expect_err "date: 2024-02-01 is before the report (2024-03-01)"
    run bb contact edit "$n" "$id" --minutes 60 --version 2
    expect_rc 4
    run bb contact edit "$n" 00000000 --minutes 60 --version 1
    expect_rc 3
    expect_err "contact: case $n has no contact 00000000"
    run bb contact remove "$n" "$id"
    expect_rc 2
    expect_err "\-\-reason is required"
    [ "$(snapshot)" = "$before" ] || fail "a refused correction wrote something"
    run bb contact edit "$n" "$id" --date 2024-03-06 --kind bemiddelingsgesprek --minutes 90 --note "Gezamenlijk gesprek" --version 1
    expect_rc 0
    expect_out "Contact $id of case $n: bemiddelingsgesprek on 2024-03-06 (version 2)."
    [ "$(count "SELECT coalesce(apart_on::text, '-') || ' ' || joint_on FROM stat_case")" = "- 2024-03-06" ] ||
        fail "the figures did not follow the edit"
    run bb contact list "$n"
    expect_out "note: Gezamenlijk gesprek"
    run bb contact remove "$n" "$id" --reason "Dubbel ingevoerd"
    expect_rc 0
    [ "$(count "SELECT count(*) FROM contact")" = 0 ] || fail "the contact is still there"
    [ "$(count "SELECT coalesce(joint_on::text, '-') FROM stat_case")" = "-" ] ||
        fail "the figures did not follow the removal"
    run bb audit log --case "$n"
    expect_out "contact_remove"
}

t_party_move_and_remove() {
    org_init
    new_case
    a=$n
    run bb party add "$a" --role wederpartij --name "Karel Jansen" --phone 0687654321
    expect_rc 0
    run bb case new --reported 2024-03-02 --source politie --type parkeren
    b=$stdout
    run bb case new --reported 2024-03-03 --source politie --type parkeren
    v=$stdout
    run bb case void "$v" --reason "Dubbel"
    before=$(snapshot)
    run bb party move "$a" 2
    expect_rc 2
    expect_err "\-\-to is required"
    run bb party move "$a" 2 --to "$v"
    expect_rc 1
    expect_err "to: case $v is void"
    run bb party move "$a" 2 --to BB-2024-0099
    expect_rc 3
    expect_err "to: no case BB-2024-0099"
    run bb party move "$a" 1 --to "$b"
    expect_rc 1
    expect_err "party: party 1 is the only melder of case $a"
    run bb party remove "$a" 1 --reason "Vergissing"
    expect_rc 1
    expect_err "only melder"
    run bb party remove "$a" 2
    expect_rc 2
    expect_err "\-\-reason is required"
    run bb party move "$a" 2 --to "$b" --version 2
    expect_rc 4
    [ "$(snapshot)" = "$before" ] || fail "a refused correction wrote something"
    run bb party move "$a" 2 --to "$b"
    expect_rc 0
    expect_out "Party 2 of case $a is now party 1 (wederpartij) of case $b (version 2)."
    run bb party list "$b"
    expect_out "Karel Jansen"
    run bb case search --phone 0687654321
    expect_out "$b"
    case $stdout in *"$a"*) fail "still found in the old case: $stdout" ;; esac
    run bb party remove "$b" 1 --reason "Toch niet betrokken"
    expect_rc 0
    expect_out "Party 1 of case $b is removed; its personal data is destroyed."
    [ "$(count "SELECT count(*) FROM blind_index b JOIN bb_case c ON c.data_key_id = b.data_key_id
                 WHERE c.seq = 2")" = 0 ] || fail "an index of the removed party is left"
    run bb audit log --case "$b"
    expect_out "party_remove"
}

own_session "$0" "$@"
"t_$1"
