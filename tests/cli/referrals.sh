#!/bin/sh
# bbctl practice, referral, followup, signals and demo. Usage: referrals.sh CASE (one meson
# test per t_ function).
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}

sql() { psql -X -q -At -d "$db" -c "$1"; }

# What a refused command must leave as it was.
state() {
    sql "SELECT md5(concat_ws('|', (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM practice x),
        (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM practice_rate x),
        (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM practice_budget x),
        (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM referral x),
        (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM followup x),
        (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM bb_case x)))"
}

# new_case DATE [STATUS...]: a case reported on DATE with a melder, moved along; sets $n.
new_case() {
    run "$bbctl" --db "$db" case new --reported "$1" --source politie --type geluid_personen
    expect_rc 0
    n=$stdout
    run "$bbctl" --db "$db" party add "$n" --role melder --name "Fictieve Melder" --yes
    expect_rc 0
    shift
    for st in "$@"; do
        run "$bbctl" --db "$db" case move "$n" "$st"
        expect_rc 0
    done
}

json() { printf '%s' "$stdout" | python3 -c "import json,sys; d=json.load(sys.stdin); $1" || fail "unexpected JSON: $stdout"; }

t_practices_rates_and_budgets() {
    org_init
    run "$bbctl" --db "$db" practice add "Mediation Oost" --rate 85,50
    expect_rc 0
    expect_out "Practice 'Mediation Oost' added: 85.50 euros an hour from 2000-01-01"
    run "$bbctl" --db "$db" practice rate "Mediation Oost" --rate 90 --from 2024-06-01
    expect_rc 0
    run "$bbctl" --db "$db" practice budget "Mediation Oost" --year 2024 --amount 20000
    expect_rc 0
    run "$bbctl" --db "$db" practice list --year 2024 --json
    expect_rc 0
    json 'p=d["practices"][0]; assert d["year"]==2024 and p["name"]=="Mediation Oost" and p["rate_cents"]==9000 and p["budget_cents"]==2000000 and p["budget_version"]==1 and p["hours"]==0, d'
    run "$bbctl" --db "$db" practice list --year 2024
    expect_out "90.00 .*2024-06-01 .*0 .*0.00 .*0.00 .*20000.00 .*Mediation Oost"
    before=$(state)
    run "$bbctl" --db "$db" practice add "Mediation Oost" --rate 80
    expect_rc 4
    expect_err "name: there is a practice 'Mediation Oost' already"
    run "$bbctl" --db "$db" practice add "Elders" --rate abc
    expect_rc 1
    expect_err "rate: 'abc' is not an amount in euros"
    run "$bbctl" --db "$db" practice add "Elders"
    expect_rc 2
    expect_err "\-\-rate is required"
    run "$bbctl" --db "$db" practice budget "Mediation Oost" --year 2024 --amount 1 --version 7
    expect_rc 4
    expect_err "version 7 does not exist"
    run "$bbctl" --db "$db" practice budget "Nergens" --year 2024 --amount 1
    expect_rc 3
    run "$bbctl" --db "$db" practice list --amount 5
    expect_rc 2
    [ "$(state)" = "$before" ] || fail "a refused command changed the database"
}

t_referral_from_new_to_closed() {
    org_init
    run "$bbctl" --db "$db" practice add "Mediation Oost" --rate 80
    new_case 2024-03-01 intake
    run "$bbctl" --db "$db" referral new "$n" --practice "Mediation Oost" --reason familie --date 2024-05-01 --mediator "mr. A. Fictief" --json
    expect_rc 0
    json 'assert d["status"]=="aangevraagd" and d["rate_cents"]==8000 and d["seq"]==1 and d["mediator"]=="mr. A. Fictief" and d["hours"]==0, d'
    run "$bbctl" --db "$db" case show "$n" --json
    json 'assert d["status"]=="doorverwezen", d'
    run "$bbctl" --db "$db" referral update "$n" --status lopend --hours 2,5
    expect_rc 0
    expect_out "Referral $n/1 to Mediation Oost: lopend, 2.50 hours at 80.00 euros = 200.00 euros (version 2)"
    run "$bbctl" --db "$db" referral update "$n" --hours 3 --version 1
    expect_rc 4
    expect_err "since version 1 (now version 2; changed: cost_cents, hours, status)"
    run "$bbctl" --db "$db" referral close "$n" --outcome opgelost --hours 3.25 --date 2024-06-01
    expect_rc 0
    expect_out "afgerond, 3.25 hours at 80.00 euros = 260.00 euros"
    run "$bbctl" --db "$db" referral list --json
    json 'r=d["referrals"][0]; assert r["status"]=="afgerond" and r["outcome"]=="opgelost" and r["closed_on"]=="2024-06-01" and r["cost_cents"]==26000 and r["hours"]==3.25 and d["next"] is None, d'
    run "$bbctl" --db "$db" referral list "$n"
    expect_out "$n/1  *2024-05-01  *afgerond  *familie  *3.25  *260.00  *opgelost  *Mediation Oost"
    run "$bbctl" --db "$db" referral close "$n" --cancel
    expect_rc 3
    expect_err "has no open referral"
}

t_referral_bad_input() {
    org_init
    run "$bbctl" --db "$db" practice add "Mediation Oost" --rate 80
    new_case 2024-03-01
    fresh=$n
    new_case 2024-03-01 intake lopend
    run "$bbctl" --db "$db" referral new "$n" --practice "Mediation Oost" --reason escalatie --date 2024-04-01
    expect_rc 0
    before=$(state)
    run "$bbctl" --db "$db" referral new "$fresh" --practice "Mediation Oost" --reason escalatie
    expect_rc 1
    expect_err "case: $fresh is 'aangemeld'; a case is referred from intake or lopend"
    run "$bbctl" --db "$db" referral new "$n" --practice "Mediation Oost" --reason ruzie
    expect_rc 1
    expect_err "reason: unknown referral reason 'ruzie' (expected one of escalatie"
    run "$bbctl" --db "$db" referral new "$fresh" --reason escalatie
    expect_rc 2
    expect_err "\-\-practice is required"
    run "$bbctl" --db "$db" referral update "$n" --hours 1.3
    expect_rc 1
    expect_err "hours: '1.3' is not in quarters of an hour"
    esc=$(printf '\033')
    run "$bbctl" --db "$db" referral update "$n" --mediator "Mr${esc}[2J X"
    expect_rc 1
    expect_err 'mediator: .Mr\\x1b\[2J X. contains a control character'
    case $stderr in *"$esc"*) fail "a raw escape reached stderr" ;; esac
    run "$bbctl" --db "$db" referral update "$n"
    expect_rc 2
    run "$bbctl" --db "$db" referral close "$n" --outcome opgelost --cancel
    expect_rc 2
    expect_err "either --outcome OUTCOME or --cancel"
    run "$bbctl" --db "$db" referral close "$n" --outcome weg
    expect_rc 1
    expect_err "outcome: unknown outcome 'weg'"
    run "$bbctl" --db "$db" referral close "$n" --outcome opgelost --date 2024-03-15
    expect_rc 1
    expect_err "date: 2024-03-15 is before the referral (2024-04-01)"
    run "$bbctl" --db "$db" referral new BB-2024-0999 --practice "Mediation Oost" --reason escalatie
    expect_rc 3
    run "$bbctl" --db "$db" referral update "$n" --practice x
    expect_rc 2
    expect_err "\-\-practice does not belong to this command"
    [ "$(state)" = "$before" ] || fail "a refused command changed the database"
}

t_followup() {
    org_init
    new_case 2024-03-01 intake lopend nazorg
    run "$bbctl" --db "$db" followup add "$n" --date 2024-04-20 --melder-agreements ja --melder-improved deels --wederpartij-improved nee
    expect_rc 0
    expect_out "Recorded the follow-up of $n on 2024-04-20"
    run "$bbctl" --db "$db" followup list "$n" --json
    json 'f=d["followups"][0]; assert f["melder_agreements"]=="ja" and f["melder_improved"]=="deels" and f["wederpartij_agreements"] is None and f["wederpartij_improved"]=="nee", d'
    nazorg=$n
    new_case 2024-03-01 intake lopend
    before=$(state)
    run "$bbctl" --db "$db" followup add "$n" --melder-improved ja
    expect_rc 1
    expect_err "case: $n never reached nazorg (it is 'lopend')"
    run "$bbctl" --db "$db" followup add "$nazorg" --melder-improved misschien
    expect_rc 1
    expect_err "melder-improved: unknown answer 'misschien' (expected one of ja, deels, nee)"
    run "$bbctl" --db "$db" followup add "$nazorg"
    expect_rc 1
    expect_err "answers: none given"
    run "$bbctl" --db "$db" followup add "$nazorg" --melder-improved ja --date 2099-01-01
    expect_rc 1
    expect_err "date: 2099-01-01 is in the future"
    run "$bbctl" --db "$db" followup add --melder-improved ja
    expect_rc 2
    [ "$(state)" = "$before" ] || fail "a refused command changed the database"
}

t_signals() {
    org_init
    new_case 2024-03-04
    late=$n
    new_case 2024-03-04 intake
    run "$bbctl" --db "$db" signals --today 2024-03-12 --kind intake_overdue --json
    expect_rc 0
    json 'g=d["signals"][0]; assert d["today"]=="2024-03-12" and g["kind"]=="intake_overdue" and g["threshold"]==5 and [c["case"] for c in g["cases"]]==["'"$late"'"] and g["cases"][0]["days"]==6, d'
    run "$bbctl" --db "$db" signals --today 2024-03-19
    expect_rc 0
    expect_out "^Intake overdue: still reported more than 5 working days after the report:"
    expect_out "^  $late  *aangemeld  *11 working days since 2024-03-04"
    expect_out "^No contact for 14 days or more (open cases):"
    expect_out "^  $n  *intake  *15 days since 2024-03-04"
    expect_out "^Outcome not reported back to the referrer:"
    run "$bbctl" --db "$db" config set signals.intake_workdays 20
    run "$bbctl" --db "$db" signals --today 2024-03-19 --kind intake_overdue
    expect_out "^  none"
    run "$bbctl" --db "$db" signals --kind late
    expect_rc 1
    expect_err "kind: unknown signal 'late' (expected one of no_contact, intake_overdue, followup_due, not_reported_back, budget_over)"
    run "$bbctl" --db "$db" signals --today 2024-02-30
    expect_rc 1
    expect_err "today: '2024-02-30' is not a date"
    run "$bbctl" --db "$db" signals --after "$n"
    expect_rc 2
    run "$bbctl" --db "$db" signals --kind no_contact --after "$n"
    expect_rc 1
    expect_err "after: '$n' is not a signal cursor (such as 12/BB-2024-0007"
    run "$bbctl" --db "$db" signals extra
    expect_rc 2
}

# A referral that takes its practice over the year's budget is saved with a warning and
# becomes a signal; one within the budget gets no warning.
t_budget_over() {
    org_init
    run "$bbctl" --db "$db" practice add "Mediation Oost" --rate 100 --from 2024-01-01
    expect_rc 0
    run "$bbctl" --db "$db" practice budget "Mediation Oost" --year 2024 --amount 500
    expect_rc 0
    new_case 2024-03-01 intake
    first=$n
    run "$bbctl" --db "$db" referral new "$n" --practice "Mediation Oost" --reason familie --date 2024-04-01
    expect_rc 0
    run "$bbctl" --db "$db" referral update "$n" --status lopend --hours 4
    expect_rc 0
    [ -z "$stderr" ] || fail "a warning within the budget: $stderr"
    new_case 2024-03-02 intake
    run "$bbctl" --db "$db" referral new "$n" --practice "Mediation Oost" --reason familie --date 2024-05-01
    expect_rc 0
    run "$bbctl" --db "$db" referral update "$n" --hours 2.5
    expect_rc 0
    expect_out "Referral $n/1 to Mediation Oost: aangevraagd, 2.50 hours"
    expect_err "^Warning: the referrals of 2024 to Mediation Oost cost 650.00 euros together, over the budget of 500.00 euros.$"
    run "$bbctl" --db "$db" referral list "$n" --json
    json 'assert d["referrals"][0]["cost_cents"]==25000, d'
    run "$bbctl" --db "$db" signals --today 2024-06-30 --kind budget_over
    expect_rc 0
    expect_out "^Over budget: referrals of this year that took their practice over its budget:"
    expect_out "^  $n  *doorverwezen  *150 euros over the budget, referred on 2024-05-01"
    case $stdout in *"$first"*) fail "the referral within the budget is signalled: $stdout" ;; esac
    run "$bbctl" --db "$db" signals --today 2024-06-30 --kind budget_over --json
    json 'c=d["signals"][0]["cases"]; assert [(x["case"], x["overdue"]) for x in c]==[("'"$n"'",150)], d'
}

# Most overdue first across pages: follow the "more:" line a page at a time.
t_signals_most_overdue_first() {
    org_init
    new_case 2024-03-04
    a=$n
    new_case 2024-02-20
    b=$n
    new_case 2024-03-04
    c=$n
    run "$bbctl" --db "$db" signals --today 2024-03-31 --kind no_contact --json
    json 'g=d["signals"][0]; assert [(x["case"], x["days"], x["overdue"]) for x in g["cases"]]==[("'"$b"'",40,26),("'"$a"'",27,13),("'"$c"'",27,13)] and g["next"] is None, d'
    seen=
    after=
    while :; do
        run "$bbctl" --db "$db" signals --today 2024-03-31 --kind no_contact --limit 1 $after
        expect_rc 0
        seen="$seen $(printf '%s\n' "$stdout" | sed -n 's/^  \(BB-[0-9-]*\) .*/\1/p')"
        more=$(printf '%s\n' "$stdout" | sed -n 's/^  more: .* --after \([^ ]*\)$/\1/p')
        [ -n "$more" ] || break
        after="--after $more"
    done
    [ "$seen" = " $b $a $c" ] || fail "pages gave '$seen', expected ' $b $a $c'"
}

# The seeded content, without ids, keys and loading times.
content() {
    psql -X -q -At -d "$1" -c "SELECT md5(concat_ws('|',
        (SELECT string_agg(concat_ws(',', year, seq, reported_on, source, conflict_types, area,
            status, outcome, closed_on, reported_back_on, created_at), ';' ORDER BY year, seq) FROM bb_case),
        (SELECT string_agg(concat_ws(',', at, from_status, to_status), ';' ORDER BY at, seq) FROM case_event),
        (SELECT string_agg(concat_ws(',', referred_on, status, hours, cost_cents), ';'
            ORDER BY referred_on, hours) FROM referral)))"
}

# seed_db DB SEED: an organisation made by bbctl init in DB, then 300 demo cases.
seed_db() {
    run setsid -w "$bbctl" --db "$1" init --org "Welzijn Twenterand (demo)" --admin coordinator \
        --recovery-out "$tmp/shares-$2" </dev/null
    expect_rc 0
    run "$bbctl" --db "$1" demo seed --cases 300 --seed "$2" --today 2024-06-30
    expect_rc 0
}

t_demo_seed() {
    org_init
    run "$bbctl" --db "$db" demo seed --cases 300 --seed 5 --today 2024-06-30 --named 2
    expect_rc 0
    expect_out "Demo data (seed 5): 300 cases with [0-9]* status events"
    expect_out "^[0-9] parties got a made-up name and address in"
    run "$bbctl" --db "$db" demo seed --cases 10 --today 2024-06-30
    expect_rc 4
    expect_err "empty organisation"
    run "$bbctl" --db "$db" signals --today 2024-06-30 --json
    expect_rc 0
    run "$bbctl" --db "$db" practice list --year 2024 --json
    json 'assert len(d["practices"])==2 and all(p["budget_cents"] for p in d["practices"]), d'
    db2=$(fresh_db)
    db3=$(fresh_db)
    trap 'drop_db "$db"; drop_db "$db2"; drop_db "$db3"; rm -rf "$tmp"' EXIT
    seed_db "$db2" 5
    seed_db "$db3" 6
    one=$(content "$db") two=$(content "$db2") three=$(content "$db3")
    [ "$one" = "$two" ] || fail "the same seed gave other data"
    [ "$one" != "$three" ] || fail "another seed gave the same data"
}

t_demo_bad_options() {
    run "$bbctl" demo seed
    expect_rc 2
    expect_err "\-\-cases is required"
    run "$bbctl" demo seed --cases many
    expect_rc 2
    expect_err "\-\-cases: 'many' is not a whole number"
    run "$bbctl" demo seed --cases 20000000
    expect_rc 2
    run "$bbctl" demo seed --cases 10 --seed -1
    expect_rc 2
    run "$bbctl" demo seed --cases 10 --named x
    expect_rc 2
    run "$bbctl" demo seed --cases 10 --passphrase geheim
    expect_rc 2
    case $stderr in *geheim*) fail "the passphrase was echoed" ;; esac
}

own_session "$0" "$@"
"t_$1"
