#!/bin/sh
# Who acted (issue 13, docs/security.md "Who acted"): on the embedded database's account (a
# superuser connection) a change needs a bb user of the organisation who has unlocked, and
# every act names them. An unknown --user, a user of another organisation, a locked session or
# psql without a person is refused with a clear message and nothing is written. Usage: acts.sh
# CASE (one meson test per t_ function), each in a session keyring of its own (own_session).
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}

bb() { setsid -w "$bbctl" --db "$db" "$@" </dev/null; }
# bb_with VAR=VALUE ARG...: bb with one variable of the environment changed.
bb_with() {
    v=$1
    shift
    env "$v" setsid -w "$bbctl" --db "$db" "$@" </dev/null
}
count() { psql -X -q -t -A -d "$db" -c "$1"; }

# Everything a refused change must leave as it was.
snapshot() {
    count "SELECT md5(string_agg(t, ',' ORDER BY t)) FROM (SELECT c::text AS t FROM bb_case c
           UNION ALL SELECT e::text FROM case_event e UNION ALL SELECT a::text FROM area a
           UNION ALL SELECT s::text FROM setting s) x"
}

# Welzijn Oost (coordinator 'coordinator', org_init) with one reported case ($n), and a
# second organisation, Buurtwerk West, whose administrator 'west' has a passphrase of her own.
two_orgs() {
    org_init
    run bb case new --reported 2024-03-01 --source politie --type parkeren
    expect_rc 0
    n=$stdout
    printf '%s\n' 'a passphrase of the west side' >"$tmp/west.pw"
    chmod 600 "$tmp/west.pw"
    org_fixture "$db" "Buurtwerk West" west "$tmp/west.pw"
}

t_a_change_needs_a_user_of_the_organisation_who_unlocked() {
    two_orgs
    before=$(snapshot)
    # The finding: an unknown user naming another organisation moved a case.
    run bb --user nobody --org "Buurtwerk West" case move "$n" in_de_wacht
    [ "$rc" -ne 0 ] || fail "an unknown user moved a case"
    expect_err "no single user called 'nobody'"
    run bb --user nobody case move "$n" in_de_wacht
    [ "$rc" -ne 0 ] || fail "an unknown user moved a case"
    expect_err "nobody"
    # West's administrator, with her own passphrase, in Welzijn Oost.
    run bb_with BB_PASSPHRASE_FILE="$tmp/west.pw" --user west --org "Welzijn Oost" case move "$n" in_de_wacht
    expect_rc 5
    expect_err "west is not a user of the organisation 'Welzijn Oost'"
    run bb_with BB_PASSPHRASE_FILE="$tmp/west.pw" --user west --org "Welzijn Oost" area set Zuid \
        --postcodes 2000-2099
    expect_rc 5
    # The right user, locked: no passphrase and no terminal to ask it on.
    bb lock >/dev/null
    run bb_with BB_PASSPHRASE_FILE= case move "$n" in_de_wacht
    [ "$rc" -ne 0 ] || fail "a locked session moved a case"
    expect_err "passphrase is needed"
    run bb_with BB_PASSPHRASE_FILE= config set followup.weeks 8
    [ "$rc" -ne 0 ] || fail "a locked session changed a setting"
    [ "$(snapshot)" = "$before" ] || fail "a refused change wrote something"
    # Unlocked, the move is the coordinator's, in the timeline and the audit log.
    run bb case move "$n" in_de_wacht
    expect_rc 0
    run bb --org "Welzijn Oost" case show "$n"
    expect_rc 0
    expect_out "aangemeld *-> in_de_wacht *coordinator"
    run bb --org "Welzijn Oost" audit log --user coordinator --case "$n"
    expect_out "coordinator .*update:bb_case"
    [ "$(count "SELECT count(*) FROM audit_log WHERE action LIKE '%:bb_case'
                 AND actor <> 'coordinator'")" = 0 ] || fail "a change of a case names someone else"
}

t_psql_on_the_embedded_account_changes_nothing() {
    two_orgs
    before=$(snapshot)
    run psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "UPDATE bb_case SET status = 'in_de_wacht'"
    [ "$rc" -ne 0 ] || fail "psql without a person moved a case"
    expect_err "nobody acts"
    # Claiming a user is not proving one.
    id=$(count "SELECT id FROM bb_user WHERE login = 'coordinator'")
    run psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "SET bb.act_user = '$id'" \
        -c "UPDATE area SET postcodes = postcodes"
    [ "$rc" -ne 0 ] || fail "psql claiming a user changed an area"
    expect_err "has not proven who they are"
    [ "$(snapshot)" = "$before" ] || fail "psql without a person wrote something"
}

own_session "$0" "$@"
"t_$1"
