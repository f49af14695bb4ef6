#!/bin/sh
# bbctl case search by words of a name, street and postcode, and the warning of the same people
# in another case when a party is added. Usage: search.sh CASE (one meson test per t_
# function). Each case runs in a session keyring of its own, so it unlocks once.
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}

# bbctl without a terminal: the passphrase comes from the file or the kept keys.
bb() { setsid -w "$bbctl" --db "$db" "$@" </dev/null; }

count() { psql -X -q -t -A -d "$db" -c "$1"; }

new_case() {
    run bb case new --reported 2024-03-01 --source zelfmelder --type tuin_erfgrens
    expect_rc 0
    n=$stdout
}

t_search_by_words_street_and_postcode() {
    org_init
    new_case
    a=$n
    run bb party add "$a" --role melder --name "Elsa de Bruijn" --street Dorpsstraat --number 12 --postcode 1010AB
    expect_rc 0
    new_case
    b=$n
    run bb party add "$b" --role melder --name "Karel Jansen" --street Dorpsstraat --number 14 --postcode 1010AB
    expect_rc 0
    for q in Bruijn "de Bruijn" Elsa "BRUIJN ëlsa"; do
        run bb case search --name "$q"
        expect_rc 0
        expect_out "^$a "
        case $stdout in *"$b"*) fail "--name '$q' found $b: $stdout" ;; esac
    done
    run bb case search --name "Elsa Jansen"
    expect_rc 0
    [ "$(printf '%s\n' "$stdout" | grep -c '^BB-')" -eq 0 ] || fail "found a case: $stdout"
    run bb case search --street dorpsstraat
    expect_out "^$a "
    expect_out "^$b "
    run bb case search --street Dorpsstraat --number 14
    expect_out "^$b "
    case $stdout in *"$a"*) fail "--number 14 found $a: $stdout" ;; esac
    run bb case search --postcode "1010 ab" --name karel --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [c["number"] for c in d["cases"]]==[sys.argv[1]], d' "$b" ||
        fail "unexpected JSON: $stdout"
    # Bad input: named, exit status 1 or 2.
    run bb case search --number 12
    expect_rc 2
    run bb case search --postcode 10
    expect_rc 1
    expect_err "postcode"
    run bb case search --name "--"
    expect_rc 1
    expect_err "name"
}

t_duplicate_party_needs_yes() {
    org_init
    new_case
    a=$n
    run bb party add "$a" --role melder --name "Elsa de Bruijn" --number 12 --postcode 1010AB --phone 06-12345678
    expect_rc 0
    new_case
    b=$n
    before=$(count "SELECT count(*) FROM party")
    run bb party add "$b" --role melder --name "Piet" --phone "+31 6 1234 5678"
    expect_rc 4
    expect_err "Case $a (aangemeld) has a party with the same phone number."
    expect_err "give --yes"
    [ "$(count "SELECT count(*) FROM party")" -eq "$before" ] || fail "a party was written"
    run bb party add "$b" --role melder --name "ELSA DE BRUIJN" --number 12 --postcode "1010 ab"
    expect_rc 4
    expect_err "same address, name"
    run bb party add "$b" --role melder --name "Piet" --phone "+31 6 1234 5678" --yes
    expect_rc 0
    expect_err "Case $a (aangemeld) has a party with the same phone number."
    expect_out "Party 1 (melder) of case $b is recorded."
    # A party in its own case is not a duplicate of itself; another name and phone go quietly.
    run bb party add "$a" --role wederpartij --name "Karel" --phone 0687654321
    expect_rc 0
    [ -z "$stderr" ] || fail "unexpected warning: $stderr"
    # A void case does not count.
    run bb case void "$a" --reason "dubbel"
    expect_rc 0
    new_case
    run bb party add "$n" --role melder --name "Elsa de Bruijn" --number 12 --postcode 1010AB --phone 0612345678
    expect_rc 4
    expect_err "Case $b (aangemeld) has a party with the same phone number."
    case $stderr in *"$a"*) fail "the void case counted: $stderr" ;; esac
}

own_session "$0" "$@"
"t_$1"
