#!/bin/sh
# bbctl person find, report and erase: the rights of the people in bb (docs/admin.md). Usage:
# person.sh CASE (one meson test per t_ function). Each case runs in a session keyring of its
# own (own_session), so it unlocks once.
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}

bb() { setsid -w "$bbctl" --db "$db" "$@" </dev/null; }
count() { psql -X -q -t -A -d "$db" -c "$1"; }

# people: Ëlsa (melder in case $a, wederpartij in case $b: the same address), her neighbour
# Karel (wederpartij in $a), another Elsa de Bruijn elsewhere ($c) who is not her, and a
# volunteer; $elsa is Ëlsa's party id in $a. people seeded: demo cases first.
people() {
    org_init
    if [ "${1:-}" = seeded ]; then # figures big enough not to be suppressed
        run bb demo seed --cases 120 --today 2024-12-31
        expect_rc 0
    fi
    run bb case new --reported 2024-03-01 --source zelfmelder --type tuin_erfgrens \
        --note "Melder belde over de heg van Karel"
    a=$stdout
    run bb party add "$a" --role melder --name "Ëlsa de Bruijn" --street Dorpsstraat \
        --number 12a --postcode 1010ab --place Oosterend --phone 06-12345678 \
        --email elsa@example.org --tenure koop --household eenoudergezin
    expect_rc 0
    run bb party add "$a" --role wederpartij --name "Karel Jansen" --street Dorpsstraat \
        --number 14 --postcode 1010ab --place Oosterend --phone 06-87654321 --email karel@example.org
    run bb contact add "$a" --kind huisbezoek_a --date 2024-03-04 --minutes 30 --note "Karel was boos"
    expect_rc 0
    run bb case new --reported 2024-05-01 --source politie --type geluid_personen
    b=$stdout
    run bb party add "$b" --role wederpartij --name "Elsa de Bruijn" --number 12A --postcode "1010 AB" --yes
    run bb case new --reported 2024-06-01 --source gemeente --type parkeren
    c=$stdout
    run bb party add "$c" --role melder --name "Elsa de Bruijn" --postcode 1020AB --number 1 --yes
    run bb volunteer add --name "Volkert Visser" --postcode "1050 AB" --number 3 --phone 0611111111 --status actief \
        --steps 2024-01-08,2024-02-05,2024-03-04
    expect_rc 0
    run bb person find --phone 0612345678 --json
    elsa=$(printf '%s' "$stdout" | python3 -c 'import json,sys; print(json.load(sys.stdin)["people"][0]["id"])')
}

t_find_by_each_criterion() {
    people
    run bb person find --name "ELSA DE BRUIJN"
    expect_rc 0
    [ "$(printf '%s\n' "$stdout" | grep -c 'Elsa de Bruijn\|Ëlsa de Bruijn')" -eq 3 ] || fail "three Elsas expected: $stdout"
    run bb person find --postcode "1010 AB" --number 12a --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin)["people"]; assert [(p["case"], p["role"], p["kind"]) for p in d]==[(sys.argv[1], "melder", "party"), (sys.argv[2], "wederpartij", "party")], d' "$a" "$b" ||
        fail "unexpected JSON: $stdout"
    run bb person find --email Elsa@Example.org
    expect_out "^$elsa  $a"
    case $stdout in *Karel*) fail "the neighbour was found: $stdout" ;; esac
    run bb person find --phone 0611111111 --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin)["people"]; assert d==[{"id":"V-0001","kind":"volunteer","case":None,"role":"actief","name":"Volkert Visser"}], d' ||
        fail "unexpected JSON: $stdout"
    run bb person find --name Nobody
    expect_rc 0
    expect_out "No one found."
    run bb person find --postcode 1010AB
    expect_rc 2
    run bb person find --phone 12-34
    expect_rc 1
    expect_err "phone: not a phone number"
}

t_report_has_every_field_and_none_of_another_party() {
    people
    run bb person report "$elsa" --out "$tmp/inzage.txt"
    expect_rc 0
    [ "$(stat -c %a "$tmp/inzage.txt")" = 600 ] || fail "the report is not mode 0600"
    r=$(cat "$tmp/inzage.txt")
    # In words, not keys: the person reads it.
    for v in "Ëlsa de Bruijn" Dorpsstraat 12a "1010 AB" Oosterend 06-12345678 elsa@example.org \
        "Owner-occupier" "Single-parent family" "$a" "$b" "Garden, boundary, fence" \
        "Noise from people" "Home visit, reporting party" "role: Reporting party"; do
        case $r in *"$v"*) ;; *) fail "the report lacks '$v': $r" ;; esac
    done
    for v in koop eenoudergezin tuin_erfgrens huisbezoek_a ": t$" ": f$"; do
        printf '%s\n' "$r" | grep -q -- "$v" && fail "the report holds the key '$v': $r"
    done
    # The same in Dutch under a Dutch locale.
    LANGUAGE= LC_ALL=nl_NL.UTF-8 run bb person report "$elsa"
    expect_out "Koop"
    expect_out "Huisbezoek partij A"
    expect_out "Tuin, erfgrens, schutting"
    for v in Karel Jansen 06-87654321 karel@example.org "$c" 1020; do
        case $r in *"$v"*) fail "the report holds '$v' of someone else: $r" ;; esac
    done
    run bb person report "$elsa" --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c '
import json, sys
d = json.load(sys.stdin)
p = d["party"]
assert [x["case"] for x in p] == [sys.argv[1], sys.argv[2]], p
assert p[0]["phone"] == "06-12345678" and p[0]["email"] == "elsa@example.org" and p[1]["house_number"] == "12A", p
assert [c["number"] for c in d["case"]] == [sys.argv[1], sys.argv[2]], d["case"]
assert d["contact"][0]["kind"] == "huisbezoek_a" and "note" not in d["contact"][0], d["contact"]
assert d["with_notes"] is False and any(a["action"] == "view" for a in d["audit"]), d' "$a" "$b" ||
        fail "unexpected JSON: $stdout"
    run bb person report "$elsa" --with-notes
    expect_out "note: Karel was boos"
    run bb audit log --case "$a"
    expect_out "person_report"
    run bb person report V-0001
    expect_out "Volkert Visser"
    expect_out "0611111111"
    # No half file: a directory that does not exist fails and leaves nothing.
    run bb person report "$elsa" --out "$tmp/nope/inzage.txt"
    expect_rc 1
    [ ! -e "$tmp/nope" ] || fail "a file was left"
    run bb person report 7f0c9d2e-0000-4000-8000-000000000000
    expect_rc 3
    run bb person report nobody
    expect_rc 1
    expect_err "person: 'nobody' is neither a party id nor a volunteer number"
}

# The figures of 2024 as CSV, without the row that says when they were computed.
figures() {
    run bb export --period 2024 --format csv
    expect_rc 0
    printf '%s\n' "$stdout" | tr -d '\r' | grep -v '^[^,]*,computed_at,'
}

t_erase_keeps_figures_and_removes_values() {
    people seeded
    run bb case move "$a" intake
    run bb case edit "$a" --suitable no --reason-code verslaving --intake-date 2024-03-05
    run bb case close "$a" --outcome niet_bemiddelbaar --date 2024-04-01 --reason "Verslaving"
    expect_rc 0
    before=$(figures)
    [ "$(printf '%s\n' "$before" | grep -c ',false$')" -gt 20 ] || fail "too few figures shown to compare: $before"
    run bb person find --postcode 1010AB --number 12a --json
    ids=$(printf '%s' "$stdout" | python3 -c 'import json,sys; print(",".join("'"'"'%s'"'"'" % p["id"] for p in json.load(sys.stdin)["people"]))')
    blobs=$(count "SELECT string_agg(encode(blob, 'hex'), ' ') FROM personal_field WHERE owner_id IN ($ids)")
    [ -n "$blobs" ] || fail "no ciphertexts to look for"
    pg_dump -d "$db" >"$tmp/before.sql"
    for h in $blobs; do grep -q "$h" "$tmp/before.sql" || fail "the dump before lacks a ciphertext"; done
    run bb person erase "$elsa" --all-cases --reason "Verzoek tot verwijdering (AVG art. 17)" --yes
    expect_rc 0
    expect_out "Erased 2 records"
    after=$(figures)
    [ "$after" = "$before" ] || fail "the figures changed: $(printf '%s\n' "$before" >"$tmp/b"; printf '%s\n' "$after" | diff "$tmp/b" -)"
    pg_dump -d "$db" >"$tmp/after.sql"
    for h in $blobs; do ! grep -q "$h" "$tmp/after.sql" || fail "a ciphertext of hers is still in the dump"; done
    [ "$(count "SELECT count(*) FROM blind_index WHERE owner_id = '$elsa'")" -eq 0 ] || fail "an index of hers is left"
    run bb person find --name "Elsa de Bruijn"
    expect_out "$c"
    case $stdout in *"$a"* | *"$b"*) fail "an erased record is still found: $stdout" ;; esac
    # The other party and the case's notes stay.
    run bb party list "$a"
    expect_out "Karel Jansen"
    run bb contact list "$a"
    expect_out "Karel was boos"
    run bb audit log --case "$a"
    expect_out "person_erase"
    [ "$(count "SELECT detail->>'reason' FROM audit_log WHERE action = 'person_erase' LIMIT 1")" = "Verzoek tot verwijdering (AVG art. 17)" ] ||
        fail "the reason is not in the audit log"
}

t_erase_one_case_and_volunteer() {
    people
    run bb person erase "$elsa" --case "$b" --reason "verzoek" --dry-run
    expect_rc 0
    expect_out "Would erase 1 record"
    run bb person erase "$elsa" --case "$b" --reason "verzoek" --yes
    expect_rc 0
    run bb person find --postcode 1010AB --number 12a
    expect_out "$a"
    case $stdout in *"$b"*) fail "the erased record in $b is still found" ;; esac
    run bb person erase "$elsa" --case "$c" --reason "verzoek" --yes
    expect_rc 3
    run bb person erase V-0001 --reason "gestopt en verzoek" --yes
    expect_rc 0
    [ "$(count "SELECT count(*) FROM volunteer WHERE number = 1 AND data_key_id IS NULL")" -eq 1 ] || fail "the volunteer's key is left"
    run bb person erase V-0001 --case "$a" --reason "x" --yes
    expect_rc 1
    expect_err "a volunteer's data is erased as a whole"
}

t_erase_usage_errors() {
    people
    n=$(count "SELECT count(*) FROM personal_field")
    run bb person erase "$elsa" --yes
    expect_rc 2
    expect_err "--reason is required"
    run bb person erase "$elsa" --reason "verzoek"
    expect_rc 2
    expect_err "not on a terminal: give --yes"
    run bb person erase "$elsa" --case "$a" --all-cases --reason x --yes
    expect_rc 2
    run bb person erase 7f0c9d2e-0000-4000-8000-000000000000 --reason x --yes
    expect_rc 3
    run bb person erase V-0099 --reason x --yes
    expect_rc 3
    [ "$(count "SELECT count(*) FROM personal_field")" -eq "$n" ] || fail "something was erased"
}

own_session "$0" "$@"
"t_$1"
