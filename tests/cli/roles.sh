#!/bin/sh
# Real login roles instead of the superuser the other tests connect as: a coordinator
# registers and follows a case with bbctl, a mediator records hours on a referred case and
# sees nothing else, a reporter gets the figures without a key and reads no table.
# Usage: roles.sh CASE (one meson test per t_ function).
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}
fixture="$(cd "$(dirname "$0")/../db" && pwd)/stats-fixture.sql"

# as ROLE: the test database's connection string with the login role ROLE.
as() { printf '%s' "$db" | sed "s/user=[^ ]*/user=$1/"; }

# A login role name no other test on this server uses (roles are the whole server's).
role_name() { printf 't_%s_%s_%s' "$1" "$$" "$(date +%N)"; }

# psql as ROLE: the first value, or the error in $stderr and a non-zero $rc.
psql_as() { run psql -X -q -At -v ON_ERROR_STOP=1 -d "$(as "$1")" -c "$2"; }

# kees_with_login_role: bb user kees, a coordinator only, with a login role of his own ($kees;
# $kdb connects as it) and a passphrase ($tmp/kees.pw), enrolled and granted the keys.
kees_with_login_role() {
    kees=$(role_name kees)
    run "$bbctl" --db "$db" user add kees --role coordinator --db-role "$kees"
    expect_rc 0
    expect_out "database login role $kees"
    printf 'kees heeft zijn eigen lange zin\n' >"$tmp/kees.pw"
    chmod 600 "$tmp/kees.pw"
    kdb=$(as "$kees")
    run "$bbctl" --db "$kdb" --user kees user enroll --passphrase-file "$tmp/kees.pw"
    expect_rc 0
    run "$bbctl" --db "$db" user grant kees
    expect_rc 0
}

t_coordinator_follows_a_case_with_their_own_role() {
    org_init
    kees_with_login_role
    run "$bbctl" --db "$db" user add kees --role coordinator
    expect_rc 4
    expect_err "'kees' already exists"
    export BB_USER=kees BB_PASSPHRASE_FILE="$tmp/kees.pw"
    run "$bbctl" --db "$kdb" case new --reported 2024-03-01 --source politie --type parkeren --area Noord
    expect_rc 0
    n=$stdout
    run "$bbctl" --db "$kdb" party add "$n" --role melder --name "Mieke de Melder"
    expect_rc 0
    run "$bbctl" --db "$kdb" case move "$n" intake
    expect_rc 0
    run "$bbctl" --db "$kdb" case close "$n" --outcome opgelost --reason "Afspraken gemaakt"
    expect_rc 0
    run "$bbctl" --db "$kdb" case show "$n" --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["outcome"]=="opgelost" and [e["to"] for e in d["events"]]==["aangemeld","intake","afgesloten"], d' ||
        fail "unexpected JSON: $stdout"
    # Every step names kees, and so does a contact moment logged claiming to be someone else:
    # on his own login role he acts as himself, unlocked or not.
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert {e["user"] for e in d["events"]}=={"kees"}, d' ||
        fail "a step of kees names someone else: $stdout"
    run "$bbctl" --db "$kdb" --user coordinator contact add "$n" --kind telefoon --date 2024-03-02
    expect_rc 0
    run "$bbctl" --db "$kdb" contact list "$n" --json
    expect_out '"by":"kees"'
    run "$bbctl" --db "$kdb" party list "$n" --json
    expect_rc 0
    expect_out "Mieke de Melder"
    run "$bbctl" --db "$kdb" stats --period 2024-Q1
    expect_rc 0
    # Their role sees their organisation, and nothing of another one on the same database.
    owner_psql -X -q -d "$db" -c "INSERT INTO organisation (name) VALUES ('Welzijn West')" >/dev/null
    run "$bbctl" --db "$kdb" --org "Welzijn West" case list
    expect_rc 3
    expect_err "no organisation called 'Welzijn West'"
    psql_as "$kees" "SELECT count(*) FROM organisation"
    [ "$stdout" = 1 ] || fail "kees sees $stdout organisations"
    # The audit log names kees and his role cannot change it.
    psql_as "$kees" "DELETE FROM audit_log"
    [ "$rc" -ne 0 ] || fail "kees deleted from the audit log"
    expect_err "permission denied"
}

# k of the figures is an administrator's choice: a coordinator cannot change it with bbctl or
# with psql and their own login role (insert, update, delete); an administrator can, and the
# audit log records it with who did it.
t_only_an_administrator_sets_export_k() {
    org_init
    kees_with_login_role
    run "$bbctl" --db "$db" config set export.k 6
    expect_rc 0
    run "$bbctl" --db "$db" config set retention.months 30
    expect_rc 0
    BB_USER=kees BB_PASSPHRASE_FILE="$tmp/kees.pw" run "$bbctl" --db "$kdb" config set export.k 9
    [ "$rc" -ne 0 ] || fail "a coordinator changed export.k"
    expect_err "export.k: only an administrator may change it"
    org=$(psql -X -q -At -d "$db" -c "SELECT id FROM organisation")
    for sql in "UPDATE setting SET value = '5' WHERE key = 'export.k'" \
        "DELETE FROM setting WHERE key = 'export.k'" \
        "UPDATE setting SET key = 'export.k' WHERE key = 'retention.months'"; do
        psql_as "$kees" "$sql"
        [ "$rc" -ne 0 ] || fail "kees ran: $sql"
        expect_err "export.k: only an administrator may change it"
    done
    owner_psql -X -q -d "$db" -c "DELETE FROM setting WHERE key = 'export.k'" >/dev/null
    psql_as "$kees" "INSERT INTO setting VALUES ('$org', 'export.k', '5')"
    [ "$rc" -ne 0 ] || fail "kees inserted export.k"
    expect_err "export.k: only an administrator may change it"
    run "$bbctl" --db "$db" config set export.k 7
    expect_rc 0
    run "$bbctl" --db "$db" audit log --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c '
import json, sys
rows = [r for r in json.load(sys.stdin) if "export.k" in json.dumps(r)]
assert rows and all(r.get("actor") == "coordinator" for r in rows[-1:]), rows
' || fail "the audit log lacks the administrator's export.k: $stdout"
}

# The figures' fixture in a fresh database, as the superuser; an administrator 'beheer'
# (connecting as the superuser, as a database administrator does) who adds the others.
fixture_db() {
    [ -n "${BB_TEST_PGHOST:-}" ] || { echo "SKIP: BB_TEST_PGHOST is not set"; exit 77; }
    org_init
    owner_psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$fixture" >/dev/null
}

t_mediator_records_hours_on_referred_cases_only() {
    fixture_db
    mila=$(role_name mila)
    run "$bbctl" --db "$db" user add mila --role mediator --practice "Praktijk West" --db-role "$mila"
    expect_rc 0
    run "$bbctl" --db "$db" user add joop --role mediator --practice "Nergens" --db-role "$(role_name joop)"
    expect_rc 3
    expect_err "no practice called 'Nergens'"
    run "$bbctl" --db "$db" user add joop --role coordinator --practice "Praktijk West"
    expect_rc 1
    expect_err "practice: 'Praktijk West' is only for a mediator"
    mdb=$(as "$mila")
    export BB_USER=mila
    run "$bbctl" --db "$mdb" referral list --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); r=d["referrals"]; assert len(r)==2 and {x["practice"] for x in r}=={"Praktijk West"}, d' ||
        fail "unexpected referrals: $stdout"
    n=$(printf '%s' "$stdout" | python3 -c 'import json,sys; print(json.load(sys.stdin)["referrals"][0]["case"])')
    v=$(printf '%s' "$stdout" | python3 -c 'import json,sys; print(json.load(sys.stdin)["referrals"][0]["version"])')
    run "$bbctl" --db "$mdb" referral update "$n" --hours 3,5 --version "$v"
    expect_rc 0
    run "$bbctl" --db "$mdb" referral close "$n" --outcome opgelost --date 2024-09-01 --version $((v + 1))
    expect_rc 0
    got=$(psql -X -q -At -d "$db" -c "SELECT r.hours || ' ' || r.status || ' ' || r.outcome FROM referral r
        JOIN bb_case c ON c.id = r.case_id WHERE format('BB-%s-%s', c.year, lpad(c.seq::text, 4, '0')) = '$n'")
    [ "$got" = "3.50 afgerond opgelost" ] || fail "the referral of $n is '$got'"
    # Nothing else: no case of another practice, no party, no contact, no case move.
    run "$bbctl" --db "$mdb" case list
    [ "$rc" -ne 0 ] || [ "$(printf '%s\n' "$stdout" | grep -c '^BB-')" -le 2 ] ||
        fail "mila lists cases: $stdout"
    psql_as "$mila" "SELECT count(*) FROM bb_case"
    [ "$stdout" = 2 ] || fail "mila sees $stdout cases"
    psql_as "$mila" "SELECT count(*) FROM party"
    expect_err "permission denied"
    run "$bbctl" --db "$mdb" case move "$n" lopend
    [ "$rc" -ne 0 ] || fail "mila moved a case"
}

t_reporter_gets_figures_and_reads_no_table() {
    fixture_db
    stuur=$(role_name stuur)
    run "$bbctl" --db "$db" user add stuurgroep --role reporter --db-role "$stuur"
    expect_rc 0
    sdb=$(as "$stuur")
    run "$bbctl" --db "$db" stats --period 2024-Q3 --published
    expect_rc 0
    as_superuser=$stdout
    run "$bbctl" --db "$db" stats --period 2024-Q3
    expect_out "^  Total  *31  *7$"
    unset BB_PASSPHRASE_FILE
    export BB_USER=stuurgroep
    # A reporter gets the protected figures: those an export publishes, never the exact ones.
    run "$bbctl" --db "$sdb" stats --period 2024-Q3
    expect_rc 0
    ! printf '%s' "$stdout" | grep -q "^  Total  *31  *7$" || fail "the reporter got exact figures"
    expect_out "^To protect the privacy of those involved"
    # The same figures; the heading's minute of computing may differ between the two runs.
    [ "$(printf '%s\n' "$stdout" | grep -v '^Figures of .*, computed ')" = \
        "$(printf '%s\n' "$as_superuser" | grep -v '^Figures of .*, computed ')" ] ||
        fail "the reporter's figures differ from the superuser's"
    run "$bbctl" --db "$sdb" export --period 2024-Q3 --format csv --out "$tmp/q3.csv"
    expect_rc 0
    grep -q "reports_new" "$tmp/q3.csv" || fail "no figures in the CSV: $(cat "$tmp/q3.csv")"
    for t in bb_case party personal_field referral setting organisation stat_case audit_log bb_user; do
        psql_as "$stuur" "SELECT 1 FROM $t LIMIT 1"
        [ "$rc" -ne 0 ] || fail "the reporter read $t"
        expect_err "permission denied"
    done
    run "$bbctl" --db "$sdb" case list
    [ "$rc" -ne 0 ] || fail "the reporter listed cases: $stdout"
}

own_session "$0" "$@"
"t_$1"
