#!/bin/sh
# bbctl's registry commands: cases, volunteers, contacts, areas, settings. Usage: registry.sh CASE
# (one meson test per t_ function).
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}

# A fresh database with organisation Welzijn Oost, an unlocked coordinator and area Noord
# (1000-1099); sets $db (lib.sh).
org_db() { org_init; }

t_case_lifecycle() {
    org_db
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source politie --type parkeren,pesten --area Noord
    expect_rc 0
    expect_out "^BB-[0-9]\{4\}-0001$"
    n=$stdout
    run "$bbctl" --db "$db" party add "$n" --role melder --name "Mieke de Melder"
    expect_rc 0
    run "$bbctl" --db "$db" case list --status aangemeld
    expect_rc 0
    expect_out "$n  *2024-03-01  *aangemeld  *politie  *Noord  *parkeren,pesten"
    run "$bbctl" --db "$db" case move "$n" intake
    expect_rc 0
    run "$bbctl" --db "$db" case close "$n" --outcome opgelost
    expect_rc 2
    expect_err "\-\-reason is required"
    run "$bbctl" --db "$db" case close "$n" --outcome opgelost --reason "  "
    expect_rc 1
    expect_err "reason: required (why the case is closed)"
    run "$bbctl" --db "$db" case show "$n" --json
    printf '%s' "$stdout" | grep -q '"status":"intake"' || fail "closed without a reason: $stdout"
    run "$bbctl" --db "$db" case close "$n" --outcome opgelost --reason "Afspraken gemaakt"
    expect_rc 0
    run "$bbctl" --db "$db" case show "$n" --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["outcome"]=="opgelost" and d["types"]==["parkeren","pesten"] and [e["to"] for e in d["events"]]==["aangemeld","intake","afgesloten"] and d["events"][2]["note"]=="Afspraken gemaakt", d' ||
        fail "unexpected JSON: $stdout"
    drop_db "$db"
}

# --open lists every open case, paged as any list; a closed one is left out.
t_case_list_open() {
    org_db
    for i in 1 2 3; do
        run "$bbctl" --db "$db" case new --reported 2024-03-01 --source politie --type parkeren
        expect_rc 0
        eval "n$i=\$stdout"
    done
    run "$bbctl" --db "$db" party add "$n2" --role melder --name "Mieke de Melder"
    run "$bbctl" --db "$db" case close "$n2" --outcome ingetrokken --reason "Melder trekt in"
    expect_rc 0
    run "$bbctl" --db "$db" case list --open
    expect_rc 0
    expect_out "^$n3 "
    expect_out "^$n1 "
    case $stdout in *"$n2"*) fail "a closed case is listed as open: $stdout" ;; esac
    run "$bbctl" --db "$db" case list --open --limit 1
    expect_rc 0
    expect_out "^$n3 "
    expect_err "More cases follow: add --after $n3"
    run "$bbctl" --db "$db" case list --open --limit 1 --after "$n3"
    expect_rc 0
    expect_out "^$n1 "
    drop_db "$db"
}

# CASE as people type it: "2024-7" and "7" (this year's) for any command; a malformed one
# names the value and the forms, an unknown one the value as given.
t_short_case_numbers() {
    org_db
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source politie --type overig
    n=$stdout
    year=${n#BB-}
    year=${year%%-*}
    run "$bbctl" --db "$db" case show "$year-1" --json
    expect_rc 0
    expect_out "\"number\":\"$n\""
    run "$bbctl" --db "$db" party add 1 --role melder --name "Mieke de Melder"
    expect_rc 0
    run "$bbctl" --db "$db" case move " 1 " intake
    expect_rc 0
    run "$bbctl" --db "$db" contact add "bb-$year-01" --kind telefoon --minutes 10
    expect_rc 0
    run "$bbctl" --db "$db" contact list 1
    expect_rc 0
    expect_out "telefoon"
    run "$bbctl" --db "$db" audit log --case "$year-1" --json
    expect_rc 0
    expect_out "\"case\": *\"$n\""
    run "$bbctl" --db "$db" case show 12
    expect_rc 3
    expect_err "no case BB-$year-0012 (given as '12')"
    for bad in 12-2026 abc 0 2026-0; do
        run "$bbctl" --db "$db" case show "$bad"
        expect_rc 1
        expect_err "case: '$bad' is not a case number (expected BB-2024-0007, 2024-7, or 7 for a case of this year)"
    done
    run "$bbctl" --db "$db" person erase 00000000-0000-0000-0000-000000000000 --case x1 --reason r --yes
    expect_rc 1
    expect_err "'x1' is not a case number"
    drop_db "$db"
}

t_exit_codes() {
    org_db
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source buren --type parkeren
    expect_rc 1
    expect_err "source: unknown referral source 'buren' (expected one of zelfmelder"
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source politie
    expect_rc 2
    expect_err "\-\-type is required"
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source politie --type overig --note "$(printf 'Geheim\033[2J')"
    expect_rc 1
    expect_err "note: the value contains a control character or escape sequence"
    case $stderr in *Geheim*) fail "the note reached stderr" ;; esac
    run "$bbctl" --db "$db" case show BB-2024-0999
    expect_rc 3
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source politie --type overig
    n=$stdout
    run "$bbctl" --db "$db" case move "$n" intake
    expect_rc 1
    expect_err "has no melder yet"
    run "$bbctl" --db "$db" party add "$n" --role melder --name "Mieke de Melder"
    run "$bbctl" --db "$db" case move "$n" intake
    run "$bbctl" --db "$db" case move "$n" lopend --version 1
    expect_rc 4
    expect_err "since version 1 (now version 2; changed: status)"
    run "$bbctl" --db "$db" case move "$n" nazorg
    expect_rc 1
    expect_err "cannot go from 'intake' to 'nazorg'"
    run "$bbctl" --db "$db" case list --frobnicate
    expect_rc 2
    drop_db "$db"
}

t_escape_sequences_never_reach_the_terminal() {
    org_db
    esc=$(printf '\033')
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source politie --type overig --area "No${esc}[2Jord"
    expect_rc 1
    expect_err 'area: .No\\x1b\[2Jord. contains a control character'
    case $stderr in *"$esc"*) fail "a raw escape reached stderr" ;; esac
    # What the database holds goes to the terminal made safe too, as bbtui shows it, even when
    # a superuser wrote it past the checks: an escape, a direction override, broken UTF-8.
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source politie --type overig
    expect_rc 0
    owner_psql -X -q -v ON_ERROR_STOP=1 -d "$db" \
        -c "ALTER TABLE area DROP CONSTRAINT area_name_check" \
        -c "SET session_replication_role = replica" \
        -c "INSERT INTO area (org_id, name) SELECT id, E'No\\u001b[2J\\u202eord' FROM organisation" \
        -c "UPDATE bb_case SET area = E'No\\u001b[2J\\u202eord'" >/dev/null || fail "cannot plant the area"
    run "$bbctl" --db "$db" case list
    expect_rc 0
    expect_out 'No\\x1b\[2J\\u202eord'
    case $stdout in *"$esc"* | *"$(printf '\342\200\256')"*) fail "raw bytes reached stdout" ;; esac
    drop_db "$db"
}

t_volunteers_and_contacts() {
    org_db
    run "$bbctl" --db "$db" volunteer add --name "Vera" --postcode "1050 AB" --capacity 3 --type pesten
    expect_rc 0
    expect_out "^V-0001$"
    run "$bbctl" --db "$db" volunteer add --name "Piet" --postcode "1051AB" --status actief \
        --steps 2024-01-08,2024-02-05,2024-03-04
    expect_out "^V-0002$"
    run "$bbctl" --db "$db" volunteer add --postcode "1051AB"
    expect_rc 2
    expect_err "\-\-name is required"
    run "$bbctl" --db "$db" volunteer status V-0001 in_opleiding
    expect_rc 0
    run "$bbctl" --db "$db" volunteer list --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [v["area"] for v in d["volunteers"]]==["Noord","Noord"] and d["volunteers"][0]["status"]=="in_opleiding", d' ||
        fail "unexpected JSON: $stdout"
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source zelfmelder --type overig
    n=$stdout
    run "$bbctl" --db "$db" contact add "$n" --kind huisbezoek_a --date 2024-03-04 --minutes 45 --with V-0001,V-0002
    expect_rc 0
    run "$bbctl" --db "$db" contact add "$n" --kind telefoon --with V-0009
    expect_rc 3
    run "$bbctl" --db "$db" contact list "$n"
    expect_out "2024-03-04  *huisbezoek_a  *45  *coordinator  *V-0001,V-0002" # who logged it
    drop_db "$db"
}

# The pipeline: one step at a time, gestopt from anywhere and back to where they left off; a
# later start with the dates before it; the history in show. A refusal (exit status 1) names
# the field and values and changes nothing.
t_volunteer_pipeline() {
    org_db
    events() { psql -X -q -t -A -h "$BB_TEST_PGHOST" -U "$BB_TEST_PGUSER" -d "${db##*dbname=}" \
        -c "SELECT string_agg(status || '@' || since, ',' ORDER BY id) FROM volunteer_status_event"; }
    run "$bbctl" --db "$db" volunteer add --name "Vera" --postcode "1050 AB" --since 2024-01-02
    expect_rc 0
    run "$bbctl" --db "$db" volunteer status V-0001 actief --since 2024-02-01
    expect_rc 1
    expect_err "status: volunteer V-0001 cannot go from 'aangemeld' to 'actief' (allowed: in_opleiding, gestopt)"
    [ "$(events)" = "aangemeld@2024-01-02" ] || fail "history changed: $(events)"
    run "$bbctl" --db "$db" volunteer status V-0001 gestopt --since 2024-02-01
    expect_rc 0
    run "$bbctl" --db "$db" volunteer status V-0001 in_opleiding --since 2024-03-01
    expect_rc 1
    expect_err "allowed: aangemeld"
    run "$bbctl" --db "$db" volunteer add --name "Wim" --postcode "1050 AB" --status actief
    expect_rc 1
    expect_err "steps: a volunteer who starts as 'actief' needs the dates of the 3 steps before it (aangemeld, in_opleiding, gecertificeerd), not 0"
    run "$bbctl" --db "$db" volunteer add --name "Wim" --postcode "1050 AB" --status actief \
        --steps 2024-01-08,2024-03-04,2024-02-05 --since 2024-04-01
    expect_rc 1
    expect_err "steps: gecertificeerd (2024-02-05) is before in_opleiding (2024-03-04)"
    run "$bbctl" --db "$db" volunteer list --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["volunteers"])==1, d' ||
        fail "a refused add wrote something: $stdout"
    run "$bbctl" --db "$db" volunteer add --name "Wim" --postcode "1050 AB" --status actief \
        --steps 2024-01-08,2024-02-05,2024-03-04 --since 2024-04-01
    expect_rc 0
    expect_out "^V-0002$"
    run "$bbctl" --db "$db" volunteer show V-0002
    expect_rc 0
    expect_out "2024-01-08  aangemeld"
    expect_out "2024-03-04  gecertificeerd"
    expect_out "2024-04-01  actief"
    run "$bbctl" --db "$db" volunteer show V-0002 --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["history"]==[{"status":s,"since":t} for s,t in [("aangemeld","2024-01-08"),("in_opleiding","2024-02-05"),("gecertificeerd","2024-03-04"),("actief","2024-04-01")]], d' ||
        fail "unexpected JSON: $stdout"
    drop_db "$db"
}

t_areas_and_settings() {
    org_db
    run "$bbctl" --db "$db" area set 'De "Vaart"' --postcodes 1050-1060
    expect_rc 1
    expect_err "overlap with those of area 'Noord'"
    run "$bbctl" --db "$db" area set 'De "Vaart"' --postcodes 1100-1149,1200
    expect_rc 0
    run "$bbctl" --db "$db" area list --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["areas"][0]=={"name":"De \"Vaart\"","postcodes":"1100-1149,1200","version":1}, d' ||
        fail "unexpected JSON: $stdout"
    run "$bbctl" --db "$db" volunteer add --name "Vera" --postcode "1050 AB"
    run "$bbctl" --db "$db" area rename Noord Noorderveld
    expect_rc 0
    run "$bbctl" --db "$db" volunteer list
    expect_out "V-0001 .* Noorderveld"
    run "$bbctl" --db "$db" area rename Noord Zuid
    expect_rc 1
    expect_err "no area called 'Noord'"
    run "$bbctl" --db "$db" area rename Noorderveld 'De "Vaart"'
    expect_rc 1
    expect_err "new name: there is an area called"
    run "$bbctl" --db "$db" config get signals.no_contact_days
    expect_out "^14$"
    run "$bbctl" --db "$db" config set signals.no_contact_days 21
    expect_rc 0
    run "$bbctl" --db "$db" config get
    expect_out "signals.no_contact_days *21$"
    expect_out "signals.intake_workdays *5 (default)"
    # The longest key keeps two spaces before its value; a long area name one before the types.
    expect_out "^stats.hours_avoided.woningcorporatie  4 (default)$"
    run "$bbctl" --db "$db" area set 'Vriezenveen-Oost en Westerhaar' --postcodes 1300-1310
    expect_rc 0
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source politie --type overig \
        --area 'Vriezenveen-Oost en Westerhaar'
    expect_rc 0
    run "$bbctl" --db "$db" case list
    expect_out " Vriezenveen-Oost en Westerhaar overig$"
    run "$bbctl" --db "$db" config get --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); s={x["key"]: x for x in d["settings"]}; assert s["signals.no_contact_days"]=={"key":"signals.no_contact_days","value":"21","default":False} and s["signals.intake_workdays"]["default"] is True, d' ||
        fail "unexpected JSON: $stdout"
    run "$bbctl" --db "$db" config get signals.intake_workdays --json
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d=={"key":"signals.intake_workdays","value":"5","default":True}, d' ||
        fail "unexpected JSON: $stdout"
    run "$bbctl" --db "$db" config get --yaml
    expect_rc 2
    run "$bbctl" --db "$db" config set signals.no_contact_days 0
    expect_rc 1
    expect_err "from 1 to 365"
    drop_db "$db"
}

own_session "$0" "$@"
"t_$1"
