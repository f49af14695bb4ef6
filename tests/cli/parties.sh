#!/bin/sh
# bbctl and personal data: parties, notes, volunteers' details, search, the intake decision
# and pairing. Usage: parties.sh CASE (one meson test per t_ function). Each case runs in a
# session keyring of its own (own_session), so it unlocks once.
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}

# bbctl without a terminal: the passphrase comes from the file or the kept keys.
bb() { setsid -w "$bbctl" --db "$db" "$@" </dev/null; }

# How many rows a query counts in the test's database.
count() { psql -X -q -t -A -d "$db" -c "$1"; }

# new_case: registers a case and sets $n to its number.
new_case() {
    run bb case new --reported 2024-03-01 --source zelfmelder --type tuin_erfgrens "$@"
    expect_rc 0
    n=$stdout
}

t_party_add_and_show() {
    org_init
    new_case --note "Melder belde over de heg"
    run bb party add "$n" --role melder --name "Ëlsa de Bruijn" --street Dorpsstraat \
        --number 12a --postcode 1010ab --place Oosterend --phone 06-12345678 \
        --email elsa@example.org --tenure koop
    expect_rc 0
    expect_out "Party 1 (melder) of case $n is recorded."
    run bb party add "$n" --role wederpartij --name "Karel"
    expect_out "Party 2 (wederpartij)"
    run bb case show "$n"
    expect_rc 0
    expect_out "1   melder       koop              onbekend  Ëlsa de Bruijn, Dorpsstraat 12a 1010 AB Oosterend, 06-12345678, elsa@example.org"
    expect_out "note: Melder belde over de heg"
    run bb case show "$n" --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); p=d["parties"]; assert d["locked"] is False and p[0]["name"]=="Ëlsa de Bruijn" and p[0]["postcode"]=="1010 AB" and p[1]["phone"] is None and d["events"][0]["note"]=="Melder belde over de heg" and d["volunteers"]==[] and d["intake_suitable"] is None, d' ||
        fail "unexpected JSON: $stdout"
    # Locked: the plain case, no personal data, and a word on why.
    run bb lock
    BB_PASSPHRASE_FILE= run bb case show "$n"
    expect_rc 0
    expect_out "melder.*(locked)"
    expect_err "personal data (names, addresses, notes) is hidden"
    case $stdout in *Bruijn* | *heg*) fail "a locked show printed personal data: $stdout" ;; esac
    BB_PASSPHRASE_FILE= run bb party list "$n" --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["parties"][0]["locked"] is True and d["parties"][0]["name"] is None, d' ||
        fail "unexpected JSON: $stdout"
    # Nothing personal in a plain column.
    [ "$(count "SELECT count(*) FROM party WHERE party::text ~* 'bruijn|dorps|oosterend'")" -eq 0 ] ||
        fail "a party column holds personal data"
}

t_bad_party_input_names_the_field_not_the_value() {
    org_init
    new_case
    esc=$(printf '\033')
    for args in "--postcode|9876 Q|postcode: not a postcode (expected 1234 AB)" \
        "--phone|12-34-Geheim|phone: not a phone number" \
        "--email|geheim-at-example|email: not an e-mail address" \
        "--number|twaalf-geheim|number: not a house number" \
        "--name|Geheim${esc}[2J|name: the value contains a control character or escape sequence" \
        "--name|$(printf 'Geheim\377')|name: the value is not valid UTF-8" \
        "--street|$(printf '%0201d' 0)Geheim|street: the value is longer than 200 characters"; do
        opt=${args%%|*} rest=${args#*|} value=${rest%%|*} want=${rest#*|}
        if [ "$opt" = --name ]; then
            run bb party add "$n" --role melder --name "$value"
        else
            run bb party add "$n" --role melder --name Jan "$opt" "$value"
        fi
        expect_rc 1
        expect_err "$want"
        case $stderr in *Geheim* | *9876* | *"$esc"*) fail "stderr echoes the value: $stderr" ;; esac
    done
    run bb party add "$n" --role buurman --name Jan
    expect_rc 1
    expect_err "role: unknown value 'buurman'"
    run bb party add "$n" --role melder
    expect_rc 2
    expect_err "\-\-name is required"
    run bb party add "$n" --role melder --name=Geheim --frobnicate=Geheim
    expect_rc 2
    case $stderr in *Geheim*) fail "a usage error echoes a value: $stderr" ;; esac
    [ "$(count "SELECT count(*) FROM party")" -eq 0 ] || fail "a refused party was stored"
    [ "$(count "SELECT count(*) FROM personal_field WHERE owner_table = 'party'")" -eq 0 ] ||
        fail "a refused party left fields"
}

t_intake_needs_a_melder_and_a_decision() {
    org_init
    new_case
    run bb case move "$n" intake
    expect_rc 1
    expect_err "party: case $n has no melder yet"
    run bb case edit "$n" --suitable yes
    expect_rc 1
    expect_err "no melder"
    run bb party add "$n" --role melder --name Mieke
    run bb case move "$n" intake --note "Intake bij de melder thuis"
    expect_rc 0
    run bb case edit "$n" --suitable no
    expect_rc 1
    expect_err "reason: missing (expected one of familieconflict"
    run bb case edit "$n" --suitable no --reason-code verslaving --intake-date 2024-03-05
    expect_rc 0
    run bb party edit "$n" 1 --role wederpartij
    expect_rc 1
    expect_err "only melder"
    run bb case show "$n"
    expect_out "Intake:        not suitable: verslaving (2024-03-05)"
    expect_out "note: Intake bij de melder thuis"
    run bb case close "$n" --outcome niet_bemiddelbaar --reason "Doorverwezen naar de huisarts"
    expect_rc 0
    run bb case show "$n" --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["intake_suitable"] is False and d["intake_reason"]=="verslaving" and d["events"][-1]["note"]=="Doorverwezen naar de huisarts", d' ||
        fail "unexpected JSON: $stdout"
}

t_search_by_address_phone_and_name() {
    org_init
    new_case
    a=$n
    run bb party add "$a" --role melder --name "Ëlsa de Bruijn" --postcode "1010 AB" --number 12a --phone 0612345678
    new_case
    b=$n
    run bb party add "$b" --role melder --name "Karel" --postcode 1010AB --number 14
    run bb case search --postcode 1010ab --number "12 A"
    expect_rc 0
    expect_out "^$a "
    case $stdout in *"$b"*) fail "search found the neighbour's case: $stdout" ;; esac
    run bb case search --phone "+31 6 1234 5678" --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [c["number"] for c in d["cases"]]==[sys.argv[1]], d' "$a" ||
        fail "unexpected JSON: $stdout"
    run bb case search --name "ELSA DE BRUIJN"
    expect_out "^$a "
    run bb case search --name "Jan"
    expect_rc 0
    run bb case search --postcode 1010AB
    expect_rc 0
    expect_out "^$a "
    expect_out "^$b "
    run bb case search --number 12
    expect_rc 2
    expect_err "a street or a postcode"
    run bb case search --phone 12-34
    expect_rc 1
    expect_err "phone: not a phone number"
}

t_volunteers_have_encrypted_details() {
    org_init
    run bb volunteer add --name "Volkert" --postcode "1050 AB" --number 3 --phone 0612345678 --email v@example.org --status actief \
        --steps 2024-01-08,2024-02-05,2024-03-04
    expect_rc 0
    expect_out "^V-0001$"
    run bb volunteer show V-0001
    expect_out "Name:   Volkert"
    expect_out "Phone:  0612345678"
    run bb volunteer show V-0001 --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["name"]=="Volkert" and d["area"]=="Noord" and d["locked"] is False, d' ||
        fail "unexpected JSON: $stdout"
    [ "$(count "SELECT count(*) FROM volunteer WHERE volunteer::text ~* 'volkert|1050'")" -eq 0 ] ||
        fail "a volunteer column holds personal data"
    run bb volunteer add --name "Vera" --postcode "1050 A"
    expect_rc 1
    expect_err "postcode: not a postcode"
}

t_volunteer_edit() {
    org_init
    run bb volunteer add --name "Volkert" --postcode "1050 AB" --phone 0612345678 --email v@example.org --type pesten
    expect_out "^V-0001$"
    run bb volunteer edit V-0001 --name "Volkert de Vries" --capacity 4 --types parkeren,kinderen --phone ''
    expect_rc 0
    expect_out "Volunteer V-0001 is changed (version 2)."
    run bb volunteer show V-0001 --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["name"]=="Volkert de Vries" and d["phone"] is None and d["email"]=="v@example.org" and d["capacity"]==4 and d["types"]==["parkeren","kinderen"] and d["version"]==2, d' ||
        fail "unexpected JSON: $stdout"
    run bb volunteer edit V-0001 --clear email --clear area
    expect_rc 0
    run bb volunteer show V-0001
    expect_out "E-mail: -"
    expect_out "V-0001  *aangemeld .* 4  *-  *parkeren,kinderen"
    # A stale version is a conflict naming what changed; bad input names the field; nothing
    # is written either way.
    before=$(count "SELECT md5(string_agg(v::text, '')) FROM volunteer v")
    run bb volunteer edit V-0001 --capacity 2 --version 2
    expect_rc 4
    expect_err "email"
    run bb volunteer edit V-0001 --postcode "1050 A"
    expect_rc 1
    expect_err "postcode: not a postcode"
    run bb volunteer edit V-0001 --capacity 21
    expect_rc 1
    expect_err "capacity: 21"
    run bb volunteer edit V-0001 --area Oost
    expect_rc 1
    expect_err "area: no area called 'Oost'"
    run bb volunteer edit V-0001 --number 12
    expect_rc 1
    expect_err "number: give the postcode"
    run bb volunteer edit V-0001 --clear name
    expect_rc 2
    expect_err "\-\-clear: 'name'"
    run bb volunteer edit V-0001
    expect_rc 1
    expect_err "nothing to change"
    run bb volunteer edit V-0009 --capacity 1
    expect_rc 3
    [ "$(count "SELECT md5(string_agg(v::text, '')) FROM volunteer v")" = "$before" ] ||
        fail "a refused edit changed the volunteer"
}

t_pairing_rules_and_suggestions() {
    org_init
    new_case
    run bb party add "$n" --role melder --name Mieke --postcode "1010 AB" --number 1
    for v in "Anna|1020 AA|actief|2" "Bert|1030 BB|actief|1" "Cor|1040 CC|in_opleiding|2" \
        "Door|1010 AB|actief|2" "Els|1050 EE|actief|2"; do
        IFS='|' read -r name pc status cap <<EOF
$v
EOF
        steps=2024-01-08,2024-02-05,2024-03-04
        [ "$status" = actief ] || steps=2024-01-08
        run bb volunteer add --name "$name" --postcode "$pc" --status "$status" --capacity "$cap" \
            --steps "$steps"
        expect_rc 0
    done
    run bb case assign "$n" V-0001 V-0001
    expect_rc 1
    expect_err "V-0001 is given twice"
    run bb case assign "$n" V-0001 V-0003
    expect_rc 1
    expect_err "V-0003 is 'in_opleiding', not 'actief'"
    run bb case assign "$n" V-0001 V-0004
    expect_rc 1
    expect_err "V-0004 lives at the postcode of a party of case $n"
    run bb case suggest "$n"
    expect_rc 0
    expect_out "1. V-0001 + V-0005"
    expect_out "V-0004: lives at the postcode of a party"
    run bb case assign "$n" V-0001 V-0002
    expect_rc 0
    expect_out "paired to V-0001 and V-0002"
    new_case
    run bb case assign "$n" V-0002 V-0005
    expect_rc 1
    expect_err "V-0002 is at capacity (open cases: 1, capacity: 1)"
    run bb case suggest "$n" --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert {"number":"V-0002","reason":"at_capacity"} in d["excluded"] and [v["number"] for v in d["pairs"][0]["volunteers"]]==["V-0004","V-0005"], d' ||
        fail "unexpected JSON: $stdout"
    [ "$(count "SELECT count(*) FROM bb_case WHERE volunteer1_id IS NOT NULL")" -eq 1 ] ||
        fail "a refused pairing was stored"
    # The list of a volunteer's cases: only the paired case, of either volunteer.
    paired=$(count "SELECT 'BB-' || year || '-' || lpad(seq::text, 4, '0') FROM bb_case WHERE volunteer1_id IS NOT NULL")
    run bb case list --volunteer V-0002 --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [c["number"] for c in d["cases"]]==[sys.argv[1]] and d["cases"][0]["volunteers"]==["V-0001","V-0002"], d' "$paired" ||
        fail "unexpected JSON: $stdout"
    run bb case list --volunteer v1
    expect_out "$paired"
    run bb case list --volunteer V-0005
    expect_rc 0
    [ "$(printf '%s\n' "$stdout" | grep -c BB-)" -eq 0 ] || fail "V-0005 has no cases: $stdout"
    run bb case list --volunteer V-0009
    expect_rc 3
    expect_err "no volunteer V-0009"
    run bb case list --volunteer X
    expect_rc 1
}

t_contact_notes() {
    org_init
    new_case
    run bb contact add "$n" --kind huisbezoek_a --date 2024-03-04 --minutes 30 --note "Afspraken over de heg"
    expect_rc 0
    run bb contact list "$n"
    expect_out "note: Afspraken over de heg"
    run bb contact list "$n" --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["contacts"][0]["note"]=="Afspraken over de heg", d' ||
        fail "unexpected JSON: $stdout"
    run bb contact add "$n" --kind telefoon --note "$(printf 'Geheim\033[31m')"
    expect_rc 1
    expect_err "note: the value contains a control character"
    case $stderr in *Geheim*) fail "stderr echoes the note" ;; esac
}

# Notes of several lines: --note with line feeds, --note-file FILE and -, shown line by line.
t_multi_line_notes() {
    org_init
    new_case --note "$(printf 'Melder belde\nover de heg')"
    run bb case show "$n"
    expect_out "      note: Melder belde"
    printf '%s\n' "$stdout" | grep -qx '            over de heg' || fail "second line not indented: $stdout"
    f=$(mktemp)
    printf 'Eerste regel\r\n\r\nDerde regel\r\n' >"$f"
    run bb contact add "$n" --kind telefoon --note-file "$f"
    expect_rc 0
    printf 'Van standaardinvoer\ntweede regel\n' >"$f.in"
    run setsid -w "$bbctl" --db "$db" contact add "$n" --kind telefoon --note-file - <"$f.in"
    expect_rc 0
    run bb contact list "$n"
    expect_out "    note: Eerste regel"
    printf '%s\n' "$stdout" | grep -qx '          Derde regel' || fail "third line not indented: $stdout"
    printf '%s\n' "$stdout" | grep -qx '          tweede regel' || fail "stdin note: $stdout"
    run bb contact list "$n" --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); c=d["contacts"]; assert c[0]["note"]=="Eerste regel\n\nDerde regel" and c[1]["note"]=="Van standaardinvoer\ntweede regel", d' ||
        fail "unexpected JSON: $stdout"
    before=$(count "SELECT count(*) FROM contact")
    run bb contact add "$n" --kind telefoon --note x --note-file "$f"
    expect_rc 2
    expect_err "give one note: --note or --note-file"
    run bb contact add "$n" --kind telefoon --note-file "$f.missing"
    expect_rc 1
    expect_err "cannot read $f.missing"
    printf 'Geheim\n\033[31mrood\n' >"$f"
    run bb contact add "$n" --kind telefoon --note-file "$f"
    expect_rc 1
    expect_err "note: the value contains a control character"
    case $stderr in *Geheim*) fail "stderr echoes the note" ;; esac
    printf 'Geheim \303\050\n' >"$f"
    run bb case move "$n" intake --note-file "$f"
    expect_rc 1
    expect_err "note: the value is not valid UTF-8"
    rm -f "$f" "$f.in"
    [ "$(count "SELECT count(*) FROM contact")" = "$before" ] || fail "a refused note was written"
    [ "$(count "SELECT count(*) FROM case_event")" = 1 ] || fail "a refused move was written"
}

own_session "$0" "$@"
"t_$1"
