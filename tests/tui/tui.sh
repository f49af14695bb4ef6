#!/bin/sh
# bbtui driven in tmux, as a coordinator would: keys in with send-keys, the screen out with
# capture-pane at a fixed size, then compared with what it must show (and checked in the
# database with bbctl). Usage: tui.sh CASE (one meson test per t_ function).
#
# Each case has its own database (cloned from the test template), its own tmux server, and its
# own kernel session keyring (keyctl session), like its own terminal session: `bbctl unlock`
# keeps the admin's keys there, and bbtui starts unlocked with them. Waiting is polling the
# screen for the expected text with a timeout, never a bare sleep.
set -eu
. "$(dirname "$0")/../cli/lib.sh"
bbtui=${BBTUI:?BBTUI is the bbtui under test}
bbctl=${BBCTL:?BBCTL is the bbctl under test}
pass='correct horse battery staple'
esc=$(printf '\033')

setup() {
    [ -n "${BB_TEST_PGHOST:-}" ] || { echo "SKIP: BB_TEST_PGHOST is not set"; exit 77; }
    tmp=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/tui.XXXXXX")
    sock=$tmp/tmux.sock
    db=${1:-$(fresh_db)}
    trap cleanup EXIT
    export BB_DATABASE_URL="$db" BB_PIN_FILE="$tmp/pins" XDG_CONFIG_HOME="$tmp/config"
    unset BB_PASSPHRASE_FILE BB_NEW_PASSPHRASE_FILE BB_USER BB_UNLOCK_TIMEOUT NO_COLOR || true
    printf '%s\n' "$pass" >"$tmp/admin.pw"
    chmod 600 "$tmp/admin.pw"
}

cleanup() {
    tmux -S "$sock" kill-server 2>/dev/null || true
    drop_db "$db" || true
    rm -rf "$tmp"
}

# The organisation with its administrator 'admin', as bbctl init makes it (org_fixture); the
# keys stay in this session keyring.
org() {
    org_fixture "$db" "Welzijn Oost" admin "$tmp/admin.pw"
    run setsid -w "$bbctl" --user admin unlock --passphrase-file "$tmp/admin.pw" </dev/null
    expect_rc 0
    run bb area set Noord --postcodes 1000-1099 # a change: the admin, with the kept keys
    expect_rc 0
}

bb() { setsid -w "$bbctl" --user admin "$@" </dev/null; }

# new_cases N [options of case new]: registers N cases; the last number goes to $last.
new_cases() {
    n=$1
    shift
    for _ in $(seq "$n"); do
        last=$(bb case new --reported 2024-03-01 --source politie --type parkeren "$@") ||
            fail "case new failed: $last"
    done
}

# clone_cases N: N more copies of the last case under the next numbers, in one statement
# (bbctl makes one case a few tenths of a second; the list tests need many). Each copy is the
# whole row, so whatever columns a case has, the copies have them too.
clone_cases() {
    owner_psql -X -q -d "$db" -v ON_ERROR_STOP=1 >/dev/null <<EOF
INSERT INTO bb_case
SELECT (jsonb_populate_record(c, jsonb_build_object('id', gen_random_uuid(), 'seq', c.seq + g))).*
  FROM bb_case c, generate_series(1, $1) g WHERE c.seq = (SELECT max(seq) FROM bb_case);
UPDATE number_counter SET last = last + $1 WHERE series LIKE 'case:%';
EOF
}

tm() { tmux -S "$sock" "$@"; }

# start [WIDTHxHEIGHT] [VAR=value...]: bbtui in a detached tmux session of that size (default
# 100x30), English unless LC_ALL is given. Its exit status lands in $tmp/exit.
start() {
    size=100x30
    case ${1:-} in *x*) size=$1; shift ;; esac
    tm -f /dev/null new-session -d -s t -x "${size%x*}" -y "${size#*x}" \
        "env LC_ALL=C.UTF-8 $* '$bbtui' --user admin 2>'$tmp/stderr'; echo \$? >'$tmp/exit'; sleep 600"
    tm set-option -t t status off >/dev/null
}

screen() { tm capture-pane -p -t t; }
keys() { tm send-keys -t t "$@"; }
type_text() { tm send-keys -t t -l "$1"; }

# wait_for TEXT [SECONDS]: until the screen shows TEXT (a grep -E pattern).
wait_for() {
    tries=$((${2:-15} * 10))
    while [ "$tries" -gt 0 ]; do
        screen | grep -Eq -- "$1" && return 0
        sleep 0.1
        tries=$((tries - 1))
    done
    fail "the screen does not show '$1' after ${2:-15}s:
$(screen)
stderr: $(cat "$tmp/stderr" 2>/dev/null)"
}

# wait_gone TEXT: until the screen no longer shows TEXT.
wait_gone() {
    tries=150
    while screen | grep -Eq -- "$1"; do
        [ "$tries" -gt 0 ] || fail "the screen still shows '$1':
$(screen)"
        sleep 0.1
        tries=$((tries - 1))
    done
}

# no_screen TEXT: the screen does not show TEXT now.
no_screen() {
    ! screen | grep -Eq -- "$1" || fail "the screen shows '$1':
$(screen)"
}

# A signal's screen lists the most overdue case first; equally overdue ones by number.
t_signals_screen_lists_the_most_overdue_first() {
    setup
    org
    new_cases 1
    new_cases 1 --reported 2024-02-01
    older=$last
    new_cases 1
    start
    wait_for 'No contact for 14 days or more +3$'
    keys Enter
    wait_for '^ bb: Signals: No contact for 14 days or more'
    wait_for "$last"
    order=$(screen | grep -Eo 'BB-[0-9]{4}-[0-9]{4}' | tr '\n' ' ')
    [ "$order" = "$older ${last%-*}-0001 $last " ] || fail "signals in the order $order:
$(screen)"
}

t_start_screen_shows_the_caseload_by_status() {
    setup
    org
    new_cases 3
    bb case move "$last" in_de_wacht >/dev/null
    start
    wait_for '^ bb: Today'
    wait_for 'Reported +2$'
    wait_for 'On hold +1$'
    wait_for 'Intake +0$'
    no_screen 'Closed'
    wait_for '^F1 Help +F2 New +F5 Reload +F10 Quit'
    wait_for 'admin, unlocked'
    wait_for 'Needs attention' # the signals come first
    wait_for 'No contact for 14 days or more +2$'
    wait_for 'Intake overdue \(5 working days\) +2$'
    wait_for 'Practice over its budget +0$'
    keys Enter
    wait_for '^ bb: Signals: No contact for 14 days or more'
    wait_for 'BB-[0-9]{4}-0001 +Reported +2024-03-01'
    keys q
    wait_for '^ bb: Today'
    keys j j j j j # past the signals, to the caseload
    keys Enter # the cases reported
    wait_for '^ bb: Cases +status: Reported'
    wait_for 'BB-[0-9]{4}-0002 '
    no_screen "$last" # on hold
}

t_case_list_pages_through_the_database() {
    setup
    org
    new_cases 1
    clone_cases 39
    start 80x24 # 21 rows for the list: pages of 18 cases
    wait_for 'Reported +40$'
    keys 2
    wait_for 'BB-[0-9]{4}-0040 +2024-03-01 +- +Reported'
    wait_for 'Page 1; PgDn for more'
    no_screen 'BB-[0-9]{4}-0022 '
    keys PgDn
    wait_for 'Page 2; PgDn for more'
    wait_for 'BB-[0-9]{4}-0022 '
    no_screen 'BB-[0-9]{4}-0040 '
    keys G j # past the last line: the next page
    wait_for 'Page 3 \(last\)'
    wait_for 'BB-[0-9]{4}-0001 '
    keys PgUp
    wait_for 'Page 2;'
    keys g
    wait_for 'Page 1;'
    wait_for 'BB-[0-9]{4}-0040 '
}

t_opening_a_case_shows_status_steps_and_timeline() {
    setup
    org
    new_cases 2
    bb contact add "$last" --kind telefoon --minutes 15 >/dev/null
    # The timeline's times are Dutch time, also on a machine (and a terminal) on UTC.
    at=$(bb case show "$last" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["events"][0]["at"])')
    dutch=$(TZ=Europe/Amsterdam date -d "$at" '+%Y-%m-%d %H:%M')
    start TZ=UTC
    keys 2
    wait_for "$last"
    keys Enter
    wait_for "^ bb: Case $last"
    wait_for 'Status +Reported'
    wait_for 'Next steps +Intake, On hold'
    wait_for 'Conflict types +Parking'
    wait_for 'registered as Reported +\(admin\)' # who did it: the bb user, not the database's
    wait_for "$dutch +registered as Reported"
    wait_for "Phone call, 15 min +\\(admin\\)"
    keys q
    wait_for '^ bb: Cases'
}

t_move_close_and_report_back_a_case() {
    setup
    org
    new_cases 1
    start
    keys 2 Enter
    wait_for "^ bb: Case $last"
    keys m
    wait_for '> Intake'
    keys Down Enter # on hold (the intake needs a reporting party first)
    wait_for 'Moved to On hold\.'
    wait_for 'Reported -> On hold'
    bb case show "$last" --json | grep -q '"status":"in_de_wacht"' || fail "not moved in the database"
    keys c
    wait_for "^ bb: Close case $last"
    keys Enter # the outcome's list: nothing is chosen
    wait_for '> \(not chosen\)'
    keys Enter F2
    wait_for 'choose the outcome'
    keys Enter Down Down Enter # the second outcome: partly resolved
    wait_for 'Outcome +Partly resolved'
    keys F2
    wait_for 'give the reason'
    type_text 'Melder en buren spraken af' # opens the note editor: F2 is done there, then F2 saves
    wait_for ' F2: done  Enter: new line  Esc: cancel '
    keys F2
    wait_for 'Reason +Melder en buren spraken af'
    keys F2
    wait_for 'will be closed today as'
    wait_for '"Partly resolved"\. From then on it counts in'
    keys Enter # no, back to the form
    wait_gone 'Yes, close the case'
    wait_for 'Reason +Melder en buren spraken af'
    bb case show "$last" --json | grep -q '"status":"in_de_wacht"' || fail "closed without a yes"
    keys F2
    wait_for 'Yes, close the case'
    keys Down Enter
    wait_for 'Closed as Partly resolved\.'
    wait_for 'Reported back +not yet'
    bb case show "$last" --json | grep -q '"outcome":"deels_opgelost"' || fail "not closed"
    bb case show "$last" | grep -q 'note: Melder en buren spraken af' || fail "no reason kept"
    keys r
    wait_for 'Recorded: the outcome was reported back today\.'
    bb case show "$last" --json | grep -q '"reported_back_on":"20' || fail "not reported back"
}

t_closing_asks_the_outcome_and_closes_nothing_on_enter() {
    setup
    org
    new_cases 1
    start
    keys 2 Enter
    wait_for "^ bb: Case $last"
    keys c
    wait_for "^ bb: Close case $last"
    no_screen 'Outcome +[A-Z]'
    keys Enter # the list opens on the line choosing nothing
    wait_for '> \(not chosen\)'
    keys Enter Enter F2
    wait_for 'choose the outcome'
    bb case show "$last" --json | grep -q '"status":"aangemeld"' || fail "c Enter closed the case"
    keys Escape
    wait_for "^ bb: Case $last"
    bb case show "$last" --json | grep -q '"status":"aangemeld"' || fail "leaving closed the case"
}

# The corrections on the case screen: o reopens a closed case, X voids one; each asks the
# reason and then says what will happen, and Enter on the question changes nothing.
t_reopen_and_void_from_the_case_screen() {
    setup
    org
    new_cases 1
    start
    keys 2 Enter
    wait_for "^ bb: Case $last"
    keys o
    wait_for 'Only a closed case is reopened\.'
    bb case close "$last" --outcome opgelost --reason "Afspraken" >/dev/null || fail "cannot close"
    keys R
    wait_for 'Closed on +20'
    keys o
    wait_for "^ bb: Reopen case $last"
    keys F2
    wait_for 'give the reason'
    type_text 'Verkeerde zaak gesloten' # opens the note editor: F2 is done there, then F2 saves
    wait_for ' F2: done  Enter: new line  Esc: cancel '
    keys F2
    wait_for 'Reason +Verkeerde zaak gesloten'
    keys F2
    wait_for 'will be open again, in the'
    wait_for 'Reopen it?'
    keys Enter # no: back to the form
    wait_gone 'Yes, reopen the case'
    bb case show "$last" --json | grep -q '"status":"afgesloten"' || fail "reopened without a yes"
    keys F2
    wait_for 'Yes, reopen the case'
    keys Down Enter
    wait_for 'Reopened\.'
    bb case show "$last" --json | grep -q '"status":"aangemeld"' || fail "not reopened"
    keys X
    wait_for "^ bb: Void case $last"
    type_text 'Dubbel geregistreerd' # opens the note editor: F2 is done there, then F2 saves
    wait_for ' F2: done  Enter: new line  Esc: cancel '
    keys F2
    wait_for 'Reason +Dubbel geregistreerd'
    keys F2
    wait_for 'Void it?'
    wait_for 'Yes, void the case'
    keys Down Enter
    wait_for 'Void: its personal data is destroyed\.'
    bb case show "$last" --json | grep -q '"status":"vervallen"' || fail "not void"
    keys X
    wait_for 'This case is void\.'
}

t_correct_a_contact_moment_from_the_case_screen() {
    setup
    org
    new_cases 1
    bb contact add "$last" --kind telefoon --date 2024-03-04 --minutes 30 --note 'Eerste gesprek' \
        >/dev/null || fail "no contact"
    start
    keys 2 Enter
    wait_for "^ bb: Case $last"
    wait_for 'Phone call, 30 min'
    keys C # the only contact moment: what to do with it at once
    wait_for 'Contact moment of 2024-03-04'
    wait_for 'Remove it: logged by mistake'
    keys Enter
    wait_for "^ bb: Correct contact moment, case $last"
    wait_for 'Minutes +30'
    wait_for 'Note +Eerste gesprek'
    keys F2
    wait_for 'Nothing changed: nothing to save\.'
    keys Tab Tab C-u
    type_text 45
    id=$(bb contact list "$last" --json | sed 's/.*"id":"\([0-9a-f-]*\)".*/\1/')
    run bb contact edit "$last" "$id" --minutes 50 --version 1 # meanwhile, by someone else
    expect_rc 0
    keys F2
    wait_for 'Changed by someone else'
    wait_for 'Stored now / yours: Minutes: 50 /'
    keys Down Enter # save mine over it
    wait_for 'Contact moment changed\.'
    wait_for "^ bb: Case $last"
    wait_for 'Phone call, 45 min'
    run bb contact list "$last" --json
    expect_rc 0
    printf '%s' "$stdout" | grep -q '"minutes":45' || fail "minutes not changed: $stdout"
    printf '%s' "$stdout" | grep -q '"version":3' || fail "not saved on its version: $stdout"
    printf '%s' "$stdout" | grep -q 'Eerste gesprek' || fail "the note was lost: $stdout"
}

t_editing_a_contact_moment_asks_for_the_keys_when_locked() {
    setup
    org
    new_cases 1
    bb contact add "$last" --kind telefoon --date 2024-03-04 --note 'Eerste gesprek' >/dev/null ||
        fail "no contact"
    start BB_UNLOCK_TIMEOUT=0 # nothing kept: bbtui starts locked
    wait_for 'locked'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    wait_for 'Phone call'
    no_screen 'Eerste gesprek'
    keys C
    wait_for 'Contact moment of 2024-03-04'
    keys Enter # edit: the note needs the keys
    wait_for 'Passphrase:'
    type_text "$pass"
    keys Enter
    wait_for 'Unlocked as admin\.' 30
    wait_for 'Eerste gesprek'
    keys C Enter
    wait_for "^ bb: Correct contact moment, case $last"
    wait_for 'Note +Eerste gesprek'
}

t_remove_a_contact_moment_with_a_reason() {
    setup
    org
    new_cases 1
    bb contact add "$last" --kind telefoon --date 2024-03-04 --minutes 30 >/dev/null ||
        fail "no contact"
    bb contact add "$last" --kind overig --date 2024-03-05 --note 'Brief verstuurd' >/dev/null ||
        fail "no second contact"
    start
    keys 2 Enter
    wait_for "^ bb: Case $last"
    wait_for 'Brief verstuurd'
    keys C
    wait_for 'Correct a contact moment'
    wait_for '2024-03-04 +Phone call, 30 min'
    keys Down Enter
    wait_for 'Contact moment of 2024-03-05'
    keys Down Enter
    wait_for "^ bb: Remove contact moment of 2024-03-05, case $last"
    keys F2
    wait_for 'give the reason'
    type_text 'Dubbel ingevoerd'
    keys F2
    wait_for 'Remove it\?'
    wait_for 'leaves the'
    wait_for 'destroyed for good'
    keys Enter # no: back to the form
    wait_gone 'Yes, remove the contact moment'
    [ "$(bb contact list "$last" --json | grep -o '"kind"' | wc -l)" -eq 2 ] ||
        fail "removed without a yes"
    keys F2
    wait_for 'Yes, remove the contact moment'
    keys Down Enter
    wait_for 'Contact moment removed: its note is destroyed\.'
    wait_for "^ bb: Case $last"
    wait_gone 'Brief verstuurd'
    run bb contact list "$last" --json
    expect_rc 0
    [ "$(printf '%s' "$stdout" | grep -o '"kind"' | wc -l)" -eq 1 ] || fail "not removed: $stdout"
    printf '%s' "$stdout" | grep -q '"minutes":30' || fail "the wrong one was removed: $stdout"
    run bb audit log --case "$last"
    expect_out "contact_remove"
}

t_move_a_party_to_another_case() {
    setup
    org
    new_cases 1
    a=$last
    bb party add "$a" --role melder --name 'Elsa de Bruijn' >/dev/null || fail "no party"
    bb party add "$a" --role wederpartij --name 'Karel Jansen' >/dev/null || fail "no party"
    new_cases 1
    b=$last
    start
    keys 2
    wait_for "$a"
    keys Down Enter # the newest first
    wait_for "^ bb: Case $a"
    wait_for 'Karel Jansen'
    keys M
    wait_for 'Move or remove a party'
    wait_for '2\. Other party: Karel Jansen'
    keys Down Enter
    wait_for 'Move it to the case it belongs to'
    keys Enter
    wait_for "^ bb: Party 2 of case $a: Other party"
    type_text 'geen zaak'
    keys F2
    wait_for "'geen zaak' is not a case number"
    keys C-u
    type_text "$b"
    keys F2
    wait_for 'Party 2 \(Other party, Karel Jansen\) and its'
    wait_for "go to case $b"
    wait_for 'Move it\?'
    keys Down Enter
    wait_for "Party moved to case $b\."
    wait_for "^ bb: Case $a"
    wait_gone 'Karel Jansen'
    run bb party list "$b"
    expect_rc 0
    expect_out 'Karel Jansen'
    run bb party list "$a"
    expect_rc 0
    case $stdout in *Karel*) fail "still in case $a: $stdout" ;; esac
    expect_out 'Elsa de Bruijn'
}

t_remove_a_party_and_the_last_melder_stays() {
    setup
    org
    new_cases 1
    bb party add "$last" --role melder --name 'Elsa de Bruijn' >/dev/null || fail "no party"
    bb party add "$last" --role wederpartij --name 'Karel Jansen' >/dev/null || fail "no party"
    bb case move "$last" intake >/dev/null || fail "cannot move to intake"
    start BB_UNLOCK_TIMEOUT=0 # locked: M asks the passphrase first
    wait_for 'locked'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    keys M
    wait_for 'Passphrase:'
    type_text "$pass"
    keys Enter
    wait_for 'Unlocked as admin\.' 30
    wait_for 'Karel Jansen'
    keys M
    wait_for '1\. Reporting party: Elsa de Bruijn'
    keys Enter
    wait_for 'Remove it: added by mistake'
    keys Down Enter
    wait_for "^ bb: Party 1 of case $last: Reporting party"
    type_text 'Verkeerde melder'
    keys F2
    wait_for 'personal data \(name,'
    keys Down Enter
    wait_for "Not saved: party: party 1 is the only melder of case $last"
    run bb party list "$last"
    expect_out 'Elsa de Bruijn'
    keys Escape
    wait_for 'Leave'
    keys Down Enter
    wait_for "^ bb: Case $last"
    keys M
    wait_for '2\. Other party: Karel Jansen'
    keys Down Enter Down Enter
    wait_for "^ bb: Party 2 of case $last: Other party"
    type_text 'Toch niet betrokken'
    keys F2
    wait_for 'Party 2 \(Other party, Karel Jansen\) will be'
    wait_for 'destroyed for good'
    wait_for 'Remove it\?'
    keys Down Enter
    wait_for 'Party removed: its personal data is destroyed\.'
    wait_for "^ bb: Case $last"
    wait_gone 'Karel Jansen'
    run bb party list "$last"
    expect_rc 0
    case $stdout in *Karel*) fail "not removed: $stdout" ;; esac
    run bb audit log --case "$last"
    expect_out "party_remove"
}

t_pair_volunteers_from_the_suggestions_and_log_a_contact() {
    setup
    org
    new_cases 1 --area Noord
    run bb party add "$last" --role melder --name 'Ëlsa de Bruijn' --postcode '1010 AB' --number 12
    expect_rc 0
    for v in 'Vera:1050 AB' 'Wim:1060 CD' 'Buurman:1010 AB'; do
        run bb volunteer add --name "${v%%:*}" --postcode "${v#*:}" --status actief --capacity 3 \
            --steps 2024-01-08,2024-02-05,2024-03-04
        expect_rc 0
    done
    start
    wait_for 'Open cases by status'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    wait_for 'Volunteers +not paired yet: press p'
    keys p
    # Unlocked: the volunteers by name beside their numbers; who is left out folded into one
    # line, after the count per reason.
    wait_for 'Vera \(V-0001\) \+ Wim \(V-0002\): both in the area; 0 preferred types; load 0/3, 0/3'
    wait_for "Left out: 1 lives at a party's postcode \(V-0003\)\."
    no_screen 'V-0003\) \+|\+ Buurman'
    keys Enter
    wait_for 'Paired V-0001 and V-0002\.'
    wait_for 'Volunteers +Vera \(V-0001\), Wim \(V-0002\)'
    run bb case show "$last" --json
    printf '%s' "$stdout" | grep -q 'V-0001' || fail "not paired: $stdout"
    keys a
    wait_for '^ bb: Contact moment, case '
    wait_for 'Volunteers +V-0001, V-0002'
    keys Enter
    wait_for '> Phone call'
    keys Enter
    keys Tab
    type_text 45
    keys Tab Tab
    type_text 'Afspraak gemaakt voor een gesprek.' # opens the note editor
    wait_for ' F2: done  Enter: new line  Esc: cancel '
    keys Enter
    type_text 'Beide partijen komen.'
    keys F2
    wait_for 'Note +Afspraak gemaakt voor een gesprek\. ↵ Beide' # the field is 55 wide
    keys F2
    wait_for 'Contact moment recorded\.'
    wait_for ', 45 min, with V-0001, V-0002'
    wait_for 'Afspraak gemaakt voor een gesprek\.'
    run bb contact list "$last" --json
    expect_rc 0
    printf '%s' "$stdout" | grep -qF 'gesprek.\nBeide partijen komen.' ||
        fail "the note's two lines were not stored: $stdout"
    printf '%s' "$stdout" | grep -q '"minutes":45' || fail "no contact stored: $stdout"
    printf '%s' "$stdout" | grep -q 'V-0001' || fail "no volunteers stored: $stdout"
}

t_a_contact_form_names_a_bad_field() {
    setup
    org
    new_cases 1
    start
    wait_for 'Open cases by status'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    keys a
    wait_for '^ bb: Contact moment, case '
    keys F2
    wait_for 'Kind: '
    keys Enter Enter Tab
    type_text 2000
    keys F2
    wait_for "Minutes: '2000' is not a number from 0 to 1440"
    keys Escape
    wait_for 'Yes, leave and lose it'
    keys Down Enter
    wait_for "^ bb: Case $last"
    no_screen ' min'
    run bb contact list "$last" --json
    expect_rc 0
    ! printf '%s' "$stdout" | grep -q '"kind"' || fail "a contact was stored: $stdout"
}

t_edit_the_intake_decision_and_the_referrer() {
    setup
    org
    new_cases 1
    run bb party add "$last" --role melder --name 'Fictieve Melder'
    expect_rc 0
    start
    wait_for 'Open cases by status'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    wait_for 'Intake +not decided yet'
    keys e
    wait_for 'Edit the case'
    keys Enter # suitable
    wait_for 'Intake decision: suitable for mediation\.'
    wait_for 'Intake +suitable for mediation'
    run bb case show "$last" --json
    printf '%s' "$stdout" | grep -q '"intake_suitable":true' || fail "not recorded: $stdout"
    keys e
    wait_for 'Edit the case'
    keys Down Down Enter # referred by
    wait_for 'Resident \(self-referral\)'
    keys Enter
    wait_for 'Referred by: Resident \(self-referral\)\.'
    wait_for 'Referred by +Resident \(self-referral\)'
    run bb case show "$last" --json
    printf '%s' "$stdout" | grep -q '"source":"zelfmelder"' || fail "not recorded: $stdout"
    # Someone else changes the referrer meanwhile: the edit is not saved over it.
    run bb case edit "$last" --source gemeente
    expect_rc 0
    keys e Down Down Enter
    wait_for 'Resident \(self-referral\)'
    keys Down Enter # police
    wait_for 'Changed by someone else'
    wait_for 'Changed: Referred by: Resident \(self-referral\)'
    wait_for '-> Municipality\. You wanted to change the'
    keys Enter # leave it
    run bb case show "$last" --json
    printf '%s' "$stdout" | grep -q '"source":"gemeente"' || fail "overwritten: $stdout"
}

t_a_conflicting_change_shows_what_changed() {
    setup
    org
    new_cases 1
    start
    keys 2 Enter
    wait_for 'Status +Reported'
    bb case move "$last" in_de_wacht >/dev/null # another coordinator, meanwhile
    keys m Down Enter                             # on hold, from the version shown
    wait_for 'Changed by someone else'
    wait_for 'Status: Reported -> On hold'
    wait_for 'The case was changed by someone else: not saved\.'
    wait_for 'Status +On hold' # the screen shows the case as stored now
    keys Enter                 # leave it as it is
    wait_gone 'Changed by someone else'
    bb case show "$last" --json | grep -q '"version":2' || fail "the database changed"
}

t_new_report_form_saves_a_case() {
    setup
    org
    start
    wait_for 'Reported +0$'
    keys n
    wait_for '^ bb: New report'
    wait_for 'Reported on +20[0-9-]{8}'
    keys C-u
    type_text 2024-02-29
    keys Tab Enter
    wait_for 'Resident \(self-referral\)'
    type_text po # type-ahead: Police
    keys Enter
    wait_for 'Referred by +Police'
    keys Enter
    wait_for '\[ \] Noise from people'
    type_text pe # type-ahead in a multiple choice too: Pets
    keys Space Down Down Down Down Space
    wait_for '\[x\] Parking'
    keys Enter
    wait_for 'Conflict types +Pets; Parking'
    keys Enter Down Enter # the area Noord
    wait_for 'Area +Noord'
    keys F2
    wait_for 'Report registered as case BB-[0-9]{4}-0001\.'
    wait_for '^ bb: Case BB-[0-9]{4}-0001'
    run "$bbctl" case list
    expect_out 'BB-[0-9]\{4\}-0001  *2024-02-29  *aangemeld  *politie  *Noord  *huisdieren,parkeren'
}

t_new_report_form_saves_the_parties_and_the_first_note() {
    setup
    org
    start
    keys n
    wait_for '^ bb: New report'
    keys Tab Enter Down Enter # police
    wait_for 'Referred by +Police'
    keys Enter Space Enter # noise from people
    wait_for 'Conflict types +Noise from people'
    keys Tab # the area: left empty, the postcode fills it in
    type_text 'Ëlsa Brüggemann-Çelik'
    keys Tab
    type_text 06-12345678
    keys Tab
    type_text Dorpsstraat
    keys Tab
    type_text 12a
    keys Tab
    type_text 10X0AB
    keys Tab
    wait_for "Postcode: '10X0AB' is not a postcode" # named at once, on leaving the field
    keys BTab C-u
    type_text 1010ab
    keys Tab
    wait_for 'Area +Noord'
    wait_for 'Postcode +1010ab +Place +Noord' # the place too, where the area table knows it
    keys C-u
    type_text Oosterend
    keys Tab
    type_text 'Jan de Vries'
    keys Tab Tab Tab
    type_text 14
    keys Tab
    type_text '1010 AB'
    keys Tab
    wait_for 'Postcode +1010 AB +Place +Noord'
    keys Tab
    type_text 'Belt over harde muziek na middernacht.' # the note editor: F2 is done, then F2 saves
    wait_for ' F2: done  Enter: new line  Esc: cancel '
    keys F2
    wait_for 'First note +Belt over harde muziek'
    keys F2
    wait_for 'Report registered as case BB-[0-9]{4}-0001\.'
    wait_for 'Reporting party +Ëlsa Brüggemann-Çelik'
    num=$(screen | grep -Eo 'BB-[0-9]{4}-0001' | head -1)
    run bb party list "$num"
    expect_rc 0
    printf '%s' "$stdout" | grep -q 'melder.*Ëlsa Brüggemann-Çelik' || fail "no melder: $stdout"
    printf '%s' "$stdout" | grep -q 'wederpartij.*Jan de Vries' || fail "no other party: $stdout"
    printf '%s' "$stdout" | grep -q '1010 AB' || fail "no postcode: $stdout"
    run bb case show "$num" --json
    expect_rc 0
    printf '%s' "$stdout" | grep -q '"area":"Noord"' || fail "area not from the postcode: $stdout"
    wait_for 'Belt over harde muziek na middernacht\.' # the creation event's note, in the timeline
    run bb case show "$num"
    printf '%s' "$stdout" | grep -q 'Belt over harde muziek na middernacht\.' || fail "no note: $stdout"
}

t_a_bad_party_field_is_named_and_nothing_is_written() {
    setup
    org
    start
    keys n
    wait_for '^ bb: New report'
    keys Tab Enter Down Enter Enter Space Enter Tab
    wait_for 'Conflict types +Noise from people'
    keys Tab Tab Tab Tab Tab Tab Tab # past the reporting party, to the other party's phone
    type_text 12
    keys F2
    wait_for 'Other party, Name: '
    run "$bbctl" case list
    [ "$(printf '%s' "$stdout" | grep -c BB-)" -eq 0 ] || fail "a case was written: $stdout"
}

t_form_shows_the_refusal_under_its_field() {
    setup
    org
    start
    keys n
    wait_for '^ bb: New report'
    keys C-u
    type_text 2099-01-01
    keys F2
    wait_for '2099-01-01 is in the future'
    wait_for 'Reported on: 2099-01-01 is in the future'
    keys C-u
    type_text 2024-01-10
    keys F2
    wait_for 'source: missing|Referred by: '
    run "$bbctl" case list
    [ "$(printf '%s' "$stdout" | grep -c BB-)" -eq 0 ] || fail "a case was written: $stdout"
}

t_leaving_a_changed_form_asks_first() {
    setup
    org
    start
    keys n
    wait_for '^ bb: New report'
    type_text 1
    keys Escape
    wait_for 'Yes, leave and lose it'
    keys Enter # no, keep editing
    wait_gone 'Yes, leave and lose it'
    wait_for '^ bb: New report'
    keys F10
    wait_for 'Yes, quit and lose it'
    keys Escape
    wait_gone 'Yes, quit and lose it'
    keys Escape
    wait_for 'Yes, leave and lose it'
    keys Down Enter
    wait_for '^ bb: Today'
}

t_a_form_keeps_what_was_typed_when_the_window_is_resized() {
    setup
    org
    start
    keys n
    wait_for '^ bb: New report'
    keys Tab Enter Down Enter # police; on to the conflict types
    wait_for 'Referred by +Police'
    keys Tab Tab # past the area, to the reporting party's name
    type_text 'Jan de'
    tm resize-window -t t -x 80 -y 24 # the smallest size: the form still fits
    wait_for 'Name +Jan de'
    wait_for 'Referred by +Police'
    tm resize-window -t t -x 70 -y 20
    wait_for 'The window is too small for bbtui\.'
    tm resize-window -t t -x 100 -y 30
    wait_for '^ bb: New report'
    wait_for 'Name +Jan de'
    type_text ' Vries' # the cursor is still in that field
    wait_for 'Name +Jan de Vries'
    keys Escape # what was typed is unsaved work still
    wait_for 'Yes, leave and lose it'
}

# A note of two lines, longer than its field, through a window made too small and large again
# while the note editor is open: saved whole, line feed and all.
t_a_long_note_survives_a_resize() {
    setup
    org
    start
    keys n
    wait_for '^ bb: New report'
    keys Tab Enter Down Enter # police; on to the conflict types
    wait_for 'Referred by +Police'
    keys Enter Space Enter # noise from people
    wait_for 'Conflict types +Noise from people'
    keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab # past the area and both parties
    wait_for 'What the caller tells'
    note="De buurman draait elke nacht harde muziek tot drie uur; de melder heeft al twee keer aangebeld en de politie gebeld. Zij wil een gesprek onder begeleiding, liefst nog deze maand, voordat het escaleert."
    type_text "$note"
    wait_for ' F2: done  Enter: new line  Esc: cancel '
    keys Enter
    type_text 'Tweede regel.'
    tm resize-window -t t -x 80 -y 24
    wait_for 'Tweede regel\.'
    tm resize-window -t t -x 70 -y 20
    wait_for 'The window is too small for bbtui\.'
    tm resize-window -t t -x 100 -y 30
    wait_for 'voordat het escaleert\.' # wrapped at a blank, nothing lost
    wait_for 'Tweede regel\.'
    keys F2
    wait_for 'First note +De buurman'
    keys F2
    wait_for 'Report registered as case BB-[0-9]{4}-0001\.'
    num=$(screen | grep -Eo 'BB-[0-9]{4}-0001' | head -1)
    run bb case show "$num" --json
    expect_rc 0
    printf '%s' "$stdout" | grep -qF "$note\\nTweede regel." || fail "the note was cut: $stdout"
}

t_escape_sequences_and_accents_from_the_database_display_safely() {
    setup
    org
    run bb area set 'Ëlsa Brüggemann-Çelik' --postcodes 1200-1299
    expect_rc 0
    new_cases 1 --area 'Ëlsa Brüggemann-Çelik'
    # As a careless second client (or a restored dump) could: a name with a terminal escape
    # that clears the screen, sets the window title and rings the bell, and an override.
    owner_psql -X -q -d "$db" -v ON_ERROR_STOP=1 >/dev/null <<'EOF'
ALTER TABLE area DROP CONSTRAINT area_name_check;
INSERT INTO area (org_id, name) SELECT id, E'Zuid\x1b[2J\x1b]0;pwned\x07\u202eevil' FROM organisation;
EOF
    new_cases 1
    owner_psql -X -q -d "$db" -c "UPDATE bb_case SET area = (SELECT name FROM area WHERE name LIKE 'Zuid%') WHERE seq = 2" >/dev/null
    start
    tm pipe-pane -o -t t "cat >>'$tmp/raw'"
    keys 2
    wait_for 'BB-[0-9]{4}-0001 +2024-03-01 +Ëlsa Brüggemann-Çelik +Reported'
    wait_for 'Zuid\\x1b\[2J\\x1b\]0;pwned\\x07\\u202e' # the list's column may cut the rest
    keys Enter
    wait_for 'Area +Zuid\\x1b\[2J\\x1b\]0;pwned\\x07\\u202eevil'
    [ "$(tm display -p -t t '#{pane_title}')" != pwned ] || fail "the data set the window title"
    [ -s "$tmp/raw" ] || fail "pipe-pane recorded nothing"
    if grep -q "${esc}]0;pwned" "$tmp/raw" || grep -q "Zuid${esc}" "$tmp/raw"; then
        fail "raw escape sequences from the data reached the terminal"
    fi
}

t_too_small_window_says_so_and_resizes_back() {
    setup
    org
    start
    wait_for 'Open cases by status'
    tm resize-window -t t -x 70 -y 20
    wait_for 'The window is too small for bbtui\.'
    wait_for 'The window is 70x20; make it at least 80x24\.'
    no_screen 'Open cases by status'
    tm resize-window -t t -x 100 -y 30
    wait_for 'Open cases by status'
    wait_for '^F1 Help'
    keys Q
    tries=50
    until [ -s "$tmp/exit" ] || [ "$tries" -eq 0 ]; do sleep 0.1; tries=$((tries - 1)); done
    [ "$(cat "$tmp/exit")" = 0 ] || fail "exit status $(cat "$tmp/exit")"
}

t_dutch_labels_under_a_dutch_locale() {
    setup
    org
    new_cases 1
    start LC_ALL=nl_NL.UTF-8
    wait_for '^ bb: Vandaag'
    # The date in words, the day without a padding space ("zondag 6 december 2026").
    wait_for " $(TZ=Europe/Amsterdam LC_ALL=nl_NL.UTF-8 date '+%A') $(TZ=Europe/Amsterdam date '+%-d') "
    wait_for 'Open zaken per status'
    wait_for 'Aangemeld +1$'
    wait_for 'Doorverwezen +0$'
    wait_for '^F1 Help +F2 Nieuw +F5 Vernieuw +F10 Stoppen'
    keys 2
    wait_for 'Nummer +Datum +Kern/wijk +Status'
    keys Enter
    wait_for 'Volgende stappen +Intake, In de wacht'
    wait_for 'Aanmelder +Politie'
    keys n
    wait_for '^ bb: Nieuwe melding'
}

# At 80x24 the function-key bar of the case screen, with the longest (Dutch) labels, keeps F1
# and F10 (quit); keys between them give way.
t_key_bar_keeps_quit_on_a_narrow_screen() {
    setup
    org
    new_cases 1
    start 80x24 LC_ALL=nl_NL.UTF-8
    keys 2 Enter
    wait_for '^ bb: Zaak '
    wait_for '^F1 Help .* F10 Stoppen *$'
}

t_help_is_made_from_the_keymap() {
    setup
    org
    start
    keys '?'
    wait_for '^ bb: Help'
    wait_for 'F2, n +Register a new report'
    wait_for 'Enter +Open the line under the cursor'
    keys PgDn
    wait_for 'F6, m +Move the case to one of its next steps'
    keys G # the end of the help
    wait_for 'F2, Ctrl-S +Save the form'
    wait_for 'Space +In a list where several may be chosen'
    wait_for 'Ctrl-U +In a field: empty it' # the keys of typing, which are no actions
    wait_for 'Enter +In a note: a new line'
    keys q
    wait_for '^ bb: Today'
}

t_search_opens_a_case_by_number_and_filters_the_page() {
    setup
    org
    new_cases 3
    bb case move "$last" in_de_wacht >/dev/null
    start
    keys 2
    wait_for "$last"
    keys /
    wait_for 'Search:'
    type_text "${last#BB-}"
    keys Enter
    wait_for "^ bb: Case $last"
    keys q /
    wait_for 'Search:'
    type_text 2 # case 2 of this year
    keys Enter
    wait_for "^ bb: Case ${last%-*}-0002"
    keys q /
    type_text hold
    keys Enter
    wait_for "Showing 1 of 3 on this page that contain 'hold'"
    keys f
    wait_for 'Filter by'
    keys Enter # status
    wait_for '\(any\)'
    keys Down Enter # reported
    wait_for 'Cases +status: Reported'
}

t_search_finds_cases_by_address_phone_and_name() {
    setup
    org
    new_cases 2
    first=$last
    new_cases 2
    run bb party add "$first" --role melder --name 'Ëlsa de Bruijn' --postcode '1010 AB' \
        --number 12a --phone 06-12345678
    expect_rc 0
    start
    keys 2
    wait_for "$last"
    wait_for 'Number +Date +Area +Status +Volunteers +Days'
    keys /
    wait_for 'Search:'
    type_text '1010ab 12a'
    keys Enter
    wait_for 'Cases +found by address'
    wait_for "^ $first "
    no_screen "^ $last "
    keys Escape # back to the whole list
    wait_for "^ $last "
    keys /
    type_text '+31 6 1234 5678'
    keys Enter
    wait_for 'Cases +found by phone'
    wait_for "^ $first "
    no_screen "^ $last "
    keys /
    type_text 'elsa de bruijn'
    keys Enter
    wait_for 'Cases +found by name'
    wait_for "^ $first "
    no_screen "^ $last "
    keys /
    type_text 'Jan Niemand'
    keys Enter
    wait_for 'No case has such a party\.'
    keys Escape
    wait_for "^ $last "
    no_screen 'found by'
}

# A word of a name and a postcode alone find the case; a new report with the phone of a party of
# an open case lists that case before saving: back writes nothing, it can be opened, and the
# report is registered only when asked to anyway.
t_search_by_a_word_and_the_same_people_before_saving() {
    setup
    org
    new_cases 1
    first=$last
    new_cases 1
    run bb party add "$first" --role melder --name 'Ëlsa de Bruijn' --postcode '1010 AB' \
        --number 12a --phone 06-12345678 --street 'Dorpsstraat'
    expect_rc 0
    start
    keys 2
    wait_for "^ $last "
    keys /
    wait_for 'Search:'
    type_text 'bruijn'
    keys Enter
    wait_for 'Cases +found by name'
    wait_for "^ $first "
    no_screen "^ $last "
    keys /
    type_text 'dorpsstraat' # no name has it: the street
    keys Enter
    wait_for "^ $first "
    no_screen "^ $last "
    keys /
    type_text '1010 AB'
    keys Enter
    wait_for 'Cases +found by address'
    wait_for "^ $first "
    no_screen "^ $last "
    keys Escape
    wait_for "^ $last "
    keys n
    wait_for '^ bb: New report'
    keys Tab Enter Down Enter # police
    wait_for 'Referred by +Police'
    keys Enter Space Enter # noise from people
    wait_for 'Conflict types +Noise from people'
    keys Tab
    type_text 'Piet Post'
    keys Tab
    type_text '+31 6 1234 5678'
    keys F2
    wait_for 'The same people\?'
    wait_for "Open $first \(Reported\): the same phone number"
    keys Enter # back to the form: nothing written
    wait_gone 'The same people\?'
    [ "$(psql -X -q -t -A -d "$db" -c 'SELECT count(*) FROM bb_case')" -eq 2 ] ||
        fail "a case was written"
    keys F2
    wait_for "Open $first"
    keys Down Down Enter # open that case over the form
    wait_for "^ bb: Case $first"
    keys Escape
    wait_for '^ bb: New report'
    keys F2
    wait_for 'Register it anyway'
    keys Down Enter
    wait_for 'Report registered as case BB-[0-9]{4}-0003\.'
}

# A search by phone (or address, or name) while locked finds nothing through keys it does not
# have: it asks to unlock first, the list stays the list, and after unlocking it finds.
t_search_while_locked_asks_for_the_keys() {
    setup
    org
    new_cases 2
    first=$last
    new_cases 1
    run bb party add "$first" --role melder --name 'Kees' --phone 06-12345678
    expect_rc 0
    start BB_UNLOCK_TIMEOUT=0 # nothing kept: bbtui starts locked
    wait_for 'locked'
    keys 2
    wait_for "^ $last "
    keys /
    wait_for 'Search:'
    type_text '06 12345678'
    keys Enter
    wait_for 'Searching by address, phone or name needs the keys: unlock, then search again\.'
    wait_for 'Passphrase:'
    type_text "$pass"
    keys Enter
    wait_for 'Unlocked as admin\.' 30
    no_screen 'found by'
    wait_for "^ $last "
    keys /
    wait_for 'Search:'
    type_text '06 12345678'
    keys Enter
    wait_for 'Cases +found by phone'
    wait_for "^ $first "
    no_screen "^ $last "
}

t_volunteers_show_load_against_capacity_and_filter_by_status() {
    setup
    org
    new_cases 1 --area Noord
    for v in 'Vera:1050 AB:actief' 'Wim:1060 CD:actief' 'Ans:1070 EF:aangemeld'; do
        steps=
        [ "${v##*:}" = actief ] && steps=2024-01-08,2024-02-05,2024-03-04
        run bb volunteer add --name "${v%%:*}" --postcode "$(echo "$v" | cut -d: -f2)" \
            --status "${v##*:}" --capacity 1 ${steps:+--steps "$steps"}
        expect_rc 0
    done
    run bb case assign "$last" V-0001 V-0002
    expect_rc 0
    start
    wait_for 'Open cases by status'
    keys 3
    wait_for 'Volunteer +Status +Since +Area +Load'
    wait_for '^ Vera \(V-0001\) +Active .* 1/1 *$'
    wait_for '^ Ans \(V-0003\) .* 0/1 *$'
    keys f
    wait_for '\(any\)'
    keys Down Enter # the first status: registered
    wait_for 'Volunteers +status: '
    wait_for '^ Ans \(V-0003\) '
    no_screen '^ Vera '
}

t_referrals_list_practice_status_hours_cost_and_open_the_case() {
    setup
    org
    run bb practice add 'Mediation Oost' --rate 80
    expect_rc 0
    for _ in 1 2; do
        new_cases 1
        run bb party add "$last" --role melder --name 'Fictieve Melder' --yes
        expect_rc 0
        run bb case move "$last" intake
        expect_rc 0
        run bb referral new "$last" --practice 'Mediation Oost' --reason familie --date 2024-05-01
        expect_rc 0
    done
    run bb referral update "$last" --status lopend --hours 2.5
    expect_rc 0
    start
    wait_for 'Open cases by status'
    keys 4
    wait_for 'Referral +Date +Practice +Status +Hours +Cost'
    wait_for "^ $last/1 +2024-05-01 +Mediation Oost +Running +2\.50 +200\.00"
    wait_for "Mediation Oost +Requested +0\.00 +0\.00"
    keys f
    wait_for '\(any\)'
    keys Down Down Enter # running
    wait_for 'Referrals +status: Running'
    wait_for "^ $last/1 "
    no_screen 'Requested'
    keys Enter
    wait_for "^ bb: Case $last"
}

t_figures_of_a_chosen_period() {
    setup
    org
    new_cases 6
    start
    wait_for 'Open cases by status'
    keys 5
    wait_for '^ bb: Figures 20[0-9]{2}-Q[1-4]'
    keys p
    wait_for 'Period:'
    keys C-u
    type_text 2024-Q1
    keys Enter
    wait_for '^ bb: Figures 2024-Q1'
    wait_for '2024-01-01 \.\. 2024-03-31'
    wait_for '2023-Q4 +2023-10-01 \.\. 2023-12-31, in brackets'
    wait_for 'New reports'
    wait_for 'internal, not for publication: exact figures'
    wait_for '^  By referral source$'
    wait_for '^    Police +6 +\(0\)'
    wait_for '^ +Total +6 +\('
    keys p C-u
    type_text 2024-Q9
    keys Enter
    wait_for 'No figures: .*2024-Q9'
    wait_for '^ bb: Figures 2024-Q1' # the figures shown stay
}

t_database_stopped_while_a_form_is_open() {
    db=$(fresh_db)
    setup "$db"
    # bbtui reaches the server through a socket link of its own that the test can take away.
    mkdir "$tmp/link"
    ln -s "$BB_TEST_PGHOST/.s.PGSQL.5432" "$tmp/link/.s.PGSQL.5432"
    export BB_DATABASE_URL="host=$tmp/link user=$BB_TEST_PGUSER dbname=${db##*dbname=}"
    org
    start
    keys n
    wait_for '^ bb: New report'
    keys Tab Enter Enter Enter Space Enter
    wait_for 'Conflict types +Noise from people'
    rm "$tmp/link/.s.PGSQL.5432"
    psql -X -q -h "$BB_TEST_PGHOST" -U "$BB_TEST_PGUSER" -d postgres -c \
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db##*dbname=}'" >/dev/null
    keys F2
    wait_for 'No connection to the database'
    wait_for 'Waiting for the database: the report is saved as soon as it is back\.'
    wait_for 'Conflict types +Noise from people' # the form keeps what was typed
    ln -s "$BB_TEST_PGHOST/.s.PGSQL.5432" "$tmp/link/.s.PGSQL.5432"
    wait_for 'Report registered as case BB-[0-9]{4}-0001\.'
    run "$bbctl" case list
    [ "$(printf '%s' "$stdout" | grep -c BB-)" -eq 1 ] || fail "expected one case: $stdout"
}

t_locks_after_idle_time_and_unlocks_with_the_passphrase() {
    setup
    org
    start BB_UNLOCK_TIMEOUT=2
    wait_for 'bbtui is locked\.' 10
    no_screen 'Open cases by status'
    keys Escape
    no_screen 'Open cases by status'
    keys Enter
    wait_for 'Passphrase:'
    type_text 'wrong passphrase'
    keys Enter
    wait_for "wrong passphrase for 'admin'" 30
    type_text "$pass"
    keys Enter
    wait_for 'Unlocked as admin\.' 30
    wait_for 'Open cases by status'
}

t_parties_show_with_the_keys_and_stay_hidden_without() {
    setup
    org
    new_cases 1
    run bb party add "$last" --role melder --name 'Ëlsa Brüggemann-Çelik' --street Dorpsstraat \
        --number 12 --postcode '1234 AB' --place Vroomshoop --phone 06-12345678
    expect_rc 0
    start BB_UNLOCK_TIMEOUT=0 # nothing kept: bbtui starts locked
    wait_for 'locked'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    wait_for 'Names and addresses are locked: press u to unlock\.'
    no_screen 'Brüggemann'
    keys u
    wait_for 'Passphrase:'
    type_text "$pass"
    keys Enter
    wait_for 'Unlocked as admin\.' 30
    wait_for 'Reporting party +Ëlsa Brüggemann-Çelik'
    wait_for 'Dorpsstraat 12, 1234 AB Vroomshoop'
    wait_for '06-12345678'
    keys L # lock: covered, and the names are read again only with the keys
    wait_for 'bbtui is locked\.'
    no_screen 'Brüggemann'
}

t_add_and_edit_a_party_from_the_case_screen() {
    setup
    org
    new_cases 1
    start
    wait_for 'Open cases by status'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    keys P
    wait_for "^ bb: New party, case $last"
    keys F2
    wait_for 'Role: choose a role' # nothing filled in: named, nothing written
    keys Enter
    wait_for '> Reporting party'
    keys Enter
    wait_for 'Role +Reporting party'
    type_text 'Ëlsa Brüggemann-Çelik'
    keys Tab
    type_text Dorpsstraat
    keys Tab
    type_text 12a
    keys Tab
    type_text 10X0AB
    keys Tab
    wait_for "Postcode: '10X0AB' is not a postcode" # named at once, on leaving the field
    keys BTab C-u
    type_text 1010ab
    keys Tab
    type_text Oosterend
    keys Tab
    type_text 06-12345678
    keys Tab Tab Enter
    wait_for '> Rents from a housing corporation'
    keys Enter
    keys F2
    wait_for 'Party added\.'
    wait_for "^ bb: Case $last"
    wait_for 'Reporting party +Ëlsa Brüggemann-Çelik'
    wait_for 'Dorpsstraat 12a, 1010 AB Oosterend'
    run bb party list "$last"
    expect_rc 0
    printf '%s' "$stdout" | grep -q 'melder.*Ëlsa Brüggemann-Çelik' || fail "no party: $stdout"
    printf '%s' "$stdout" | grep -q '1010 AB' || fail "no postcode: $stdout"
    keys E # the only party: its form at once, filled in
    wait_for "^ bb: Party 1 of case $last"
    wait_for 'Name +Ëlsa Brüggemann-Çelik'
    keys Tab Tab Tab Tab Tab Tab Tab
    keys C-u
    type_text 'geen e-mail'
    keys F2
    wait_for 'E-mail: '
    run bb party list "$last"
    ! printf '%s' "$stdout" | grep -q 'geen e-mail' || fail "a bad e-mail was stored: $stdout"
    keys C-u
    type_text elsa@example.nl
    keys BTab C-u
    type_text 06-87654321
    keys F2
    wait_for 'Party changed\.'
    wait_for '06-87654321, elsa@example\.nl'
    run bb party list "$last"
    expect_rc 0
    printf '%s' "$stdout" | grep -q '06-87654321' || fail "phone not changed: $stdout"
    printf '%s' "$stdout" | grep -q 'Dorpsstraat' || fail "an unchanged field was lost: $stdout"
}

t_a_party_changed_meanwhile_shows_both_and_lets_the_user_choose() {
    setup
    org
    new_cases 1
    run bb party add "$last" --role melder --name 'Jan de Vries' --phone 06-12345678
    expect_rc 0
    start
    wait_for 'Open cases by status'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    wait_for 'Reporting party +Jan de Vries'
    keys E
    wait_for "^ bb: Party 1 of case $last"
    keys Tab Tab Tab Tab Tab Tab C-u
    type_text 06-22222222
    run bb party edit "$last" 1 --phone 06-11111111
    expect_rc 0
    keys F2
    wait_for 'Changed by someone else'
    wait_for 'Stored now / yours: Phone:'
    wait_for '06-11111111 / 06-22222222'
    keys Down Enter # save mine over it
    wait_for 'Party changed\.'
    wait_for '06-22222222'
    run bb party list "$last"
    printf '%s' "$stdout" | grep -q '06-22222222' || fail "mine not saved: $stdout"
    keys E
    wait_for "^ bb: Party 1 of case $last"
    keys Tab Tab Tab Tab Tab Tab C-u
    type_text 06-44444444
    run bb party edit "$last" 1 --phone 06-33333333
    expect_rc 0
    keys F2
    wait_for '06-33333333 / 06-44444444'
    keys Escape # back to the form as typed; saving asks again
    wait_gone 'Changed by someone else'
    wait_for 'Phone +06-44444444'
    keys F2
    wait_for '06-33333333 / 06-44444444'
    keys Enter # leave it as stored
    wait_for 'Left as the other coordinator saved it\.'
    wait_for "^ bb: Case $last"
    wait_for '06-33333333'
    run bb party list "$last"
    printf '%s' "$stdout" | grep -q '06-33333333' || fail "theirs not kept: $stdout"
}

t_database_stopped_while_a_party_form_is_open() {
    db=$(fresh_db)
    setup "$db"
    mkdir "$tmp/link"
    ln -s "$BB_TEST_PGHOST/.s.PGSQL.5432" "$tmp/link/.s.PGSQL.5432"
    export BB_DATABASE_URL="host=$tmp/link user=$BB_TEST_PGUSER dbname=${db##*dbname=}"
    org
    new_cases 1
    start
    wait_for 'Open cases by status'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    keys P
    wait_for "^ bb: New party, case $last"
    keys Enter Down Enter
    type_text 'Jan de Vries'
    rm "$tmp/link/.s.PGSQL.5432"
    psql -X -q -h "$BB_TEST_PGHOST" -U "$BB_TEST_PGUSER" -d postgres -c \
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db##*dbname=}'" >/dev/null
    keys F2
    wait_for 'No connection to the database'
    wait_for 'Waiting for the database: the party is saved as soon as it is back\.'
    wait_for 'Name +Jan de Vries' # the form keeps what was typed
    ln -s "$BB_TEST_PGHOST/.s.PGSQL.5432" "$tmp/link/.s.PGSQL.5432"
    wait_for 'Party added\.'
    run bb party list "$last"
    [ "$(printf '%s' "$stdout" | grep -c 'Jan de Vries')" -eq 1 ] || fail "expected one party: $stdout"
}

t_record_a_follow_up_from_the_case_screen() {
    setup
    org
    new_cases 1
    start
    wait_for 'Open cases by status'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    keys F # not in nazorg yet: refused before the form opens
    wait_for 'Follow-up is for a case that reached agreements \(status nazorg\)\.'
    bb party add "$last" --role melder --name 'Jan de Vries' >/dev/null || fail "no party"
    bb case move "$last" in_de_wacht >/dev/null || fail "cannot move to on hold"
    bb case move "$last" nazorg >/dev/null || fail "cannot move to follow-up"
    keys R
    wait_for 'Status +Follow-up'
    keys F
    wait_for "^ bb: Follow-up, case $last"
    keys F2
    wait_for 'Reporting party: agreements hold: none given' # no answer: named, nothing written
    keys BTab C-u
    type_text 2020-01-01
    keys Tab Enter
    wait_for '> not asked'
    keys Home Enter # yes
    keys Enter Home Down Enter # partly
    keys Enter Home Down Down Enter # no
    keys F2
    wait_for 'Date: 2020-01-01 is before the report'
    run bb followup list "$last"
    ! printf '%s' "$stdout" | grep -q 2020 || fail "a follow-up was stored: $stdout"
    keys C-u
    type_text 2024-06-01
    keys F2
    wait_for 'Follow-up recorded\.'
    wait_for "^ bb: Case $last"
    wait_for '2024-06-01 +Reporting party: agreements hold yes, situation improved partly'
    wait_for '^ +Other party: agreements hold no, situation improved not asked'
    run bb followup list "$last" --json
    expect_rc 0
    printf '%s' "$stdout" | grep -q '"melder_agreements":"ja"' || fail "not stored: $stdout"
    printf '%s' "$stdout" | grep -q '"melder_improved":"deels"' || fail "not stored: $stdout"
    printf '%s' "$stdout" | grep -q '"wederpartij_agreements":"nee"' || fail "not stored: $stdout"
}

t_cases_filter_on_a_volunteer() {
    setup
    org
    for v in 'Vera:1050 AB' 'Wim:1060 CD' 'Anouk:1070 EF'; do
        run bb volunteer add --name "${v%%:*}" --postcode "${v#*:}" --status actief --capacity 3 \
            --steps 2024-01-08,2024-02-05,2024-03-04
        expect_rc 0
    done
    new_cases 1 --area Noord
    paired13=$last
    new_cases 1 --area Noord
    paired12=$last
    new_cases 1 --area Noord
    alone=$last
    for c in "$paired13:V-0001 V-0003" "$paired12:V-0001 V-0002"; do
        bb party add "${c%%:*}" --role melder --name 'Jan de Vries' --yes >/dev/null || fail "no party"
        run bb case assign "${c%%:*}" ${c#*:}
        expect_rc 0
    done
    start
    keys 2
    wait_for "$alone"
    keys f
    wait_for 'Filter by'
    keys Down Down Down Enter # volunteer
    wait_for 'Volunteer:'
    type_text 3
    keys Enter
    wait_for 'Cases +volunteer: V-0003'
    wait_for "$paired13"
    no_screen "$paired12|$alone"
    keys f Down Down Down Enter C-u
    type_text V-0001
    keys Enter
    wait_for 'Cases +volunteer: V-0001'
    wait_for "$paired12"
    wait_for "$paired13"
    no_screen "$alone"
    keys f Down Down Down Enter C-u
    type_text V-0042
    keys Enter
    wait_for 'Volunteer: there is no volunteer V-0042'
    wait_for 'Cases +volunteer: V-0001' # the filter shown stays
    keys f Down Down Down Down Enter # clear all filters
    wait_for "$alone"
    no_screen 'volunteer:'
}

t_a_party_form_asks_for_the_keys_when_locked() {
    setup
    org
    new_cases 1
    start BB_UNLOCK_TIMEOUT=0 # nothing kept: bbtui starts locked
    wait_for 'locked'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    keys P
    wait_for 'Passphrase:'
    type_text "$pass"
    keys Enter
    wait_for 'Unlocked as admin\.' 30
    wait_for "^ bb: Case $last"
    keys P
    wait_for "^ bb: New party, case $last"
}

t_a_contact_form_asked_for_while_locked_opens_after_unlocking() {
    setup
    org
    new_cases 1
    start BB_UNLOCK_TIMEOUT=0
    wait_for 'locked'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    keys a
    wait_for 'Passphrase:'
    keys Escape # not now: the case stays, no form
    wait_gone 'Passphrase:'
    wait_for "^ bb: Case $last"
    keys a
    wait_for 'Passphrase:'
    type_text "$pass"
    keys Enter
    wait_for 'Unlocked as admin\.' 30
    wait_for "^ bb: Contact moment, case $last" # at once, for the case it was asked on
    keys Enter
    wait_for '> Phone call'
    keys Enter Tab
    type_text 20
    keys F2
    wait_for 'Contact moment recorded\.'
    wait_for "^ bb: Case $last"
    wait_for 'Phone call, 20 min'
    run bb contact list "$last" --json
    expect_rc 0
    printf '%s' "$stdout" | grep -q '"minutes":20' || fail "no contact stored: $stdout"
    [ ! -s "$tmp/exit" ] || fail "bbtui ended: $(cat "$tmp/exit")"
}

t_database_stopped_while_a_follow_up_form_is_open() {
    db=$(fresh_db)
    setup "$db"
    mkdir "$tmp/link"
    ln -s "$BB_TEST_PGHOST/.s.PGSQL.5432" "$tmp/link/.s.PGSQL.5432"
    export BB_DATABASE_URL="host=$tmp/link user=$BB_TEST_PGUSER dbname=${db##*dbname=}"
    org
    new_cases 1
    bb party add "$last" --role melder --name 'Jan de Vries' >/dev/null || fail "no party"
    bb case move "$last" in_de_wacht >/dev/null || fail "cannot move to on hold"
    bb case move "$last" nazorg >/dev/null || fail "cannot move to follow-up"
    start
    wait_for 'Open cases by status'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    keys F
    wait_for "^ bb: Follow-up, case $last"
    keys Tab Enter Home Enter # the reporting party: the agreements hold
    wait_for 'Reporting party: agreements hold +yes'
    rm "$tmp/link/.s.PGSQL.5432"
    psql -X -q -h "$BB_TEST_PGHOST" -U "$BB_TEST_PGUSER" -d postgres -c \
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db##*dbname=}'" >/dev/null
    keys F2
    wait_for 'No connection to the database'
    wait_for 'Waiting for the database: the follow-up is saved as soon as it is back\.'
    wait_for 'Reporting party: agreements hold +yes' # the form keeps what was chosen
    ln -s "$BB_TEST_PGHOST/.s.PGSQL.5432" "$tmp/link/.s.PGSQL.5432"
    wait_for 'Follow-up recorded\.'
    run bb followup list "$last" --json
    [ "$(printf '%s' "$stdout" | grep -o '"melder_agreements":"ja"' | wc -l)" -eq 1 ] ||
        fail "expected one follow-up: $stdout"
}

# D refers a case; a practice already over its budget of the year is said with the saving, and
# the referral stands.
t_refer_a_case_and_hear_of_the_budget() {
    setup
    org
    run bb practice add 'Mediation Oost' --rate 100 --from 2024-01-01
    expect_rc 0
    run bb practice budget 'Mediation Oost' --year "$(date +%Y)" --amount 150
    expect_rc 0
    new_cases 2
    first=$(printf '%s' "$last" | sed 's/[0-9]*$//')0001
    for n in "$first" "$last"; do
        run bb party add "$n" --role melder --name 'Fictieve Melder' --yes
        expect_rc 0
        run bb case move "$n" intake
        expect_rc 0
    done
    run bb referral new "$first" --practice 'Mediation Oost' --reason familie
    expect_rc 0
    run bb referral update "$first" --hours 2 # 200 euros: over the 150 already
    expect_rc 0
    start
    keys 2
    wait_for "^ $last "
    keys Enter
    wait_for "^ bb: Case $last"
    keys D
    wait_for "^ bb: Refer case $last"
    wait_for 'Date +[0-9]{4}-[0-9]{2}-[0-9]{2}'
    keys Enter
    wait_for '> Mediation Oost'
    keys Enter
    wait_for 'Practice +Mediation Oost'
    keys Enter Down Enter # the second reason of the list
    wait_for 'Reason +complex'
    keys F2
    wait_for "Referred; Mediation Oost is over budget: € 200 of € 150 in $(date +%Y)\."
    wait_for "^ bb: Case $last"
    run bb referral list "$last" --json
    expect_rc 0
    printf '%s' "$stdout" | grep -q '"reason":"complex"' || fail "no referral stored: $stdout"
}

# On the embedded database every change needs the keys (docs/security.md, "Who acted"):
# moving a case while locked asks the passphrase first, and the move names the user.
t_a_change_while_locked_asks_for_the_keys_first() {
    setup
    org
    new_cases 1
    start BB_UNLOCK_TIMEOUT=0 # nothing kept: bbtui starts locked
    wait_for 'locked'
    keys 2 Enter
    wait_for "^ bb: Case $last"
    keys m
    wait_for 'Passphrase:'
    bb case show "$last" --json | grep -q '"status":"aangemeld"' || fail "moved while locked"
    type_text "$pass"
    keys Enter
    wait_for 'Unlocked as admin\.' 30
    keys m
    wait_for '> Intake'
    keys Down Enter
    wait_for 'Moved to On hold\.'
    wait_for 'Reported -> On hold +\(admin\)'
    bb case show "$last" --json | grep -q '"status":"in_de_wacht"' || fail "not moved"
}

# Every case in a session keyring of its own (as tests/cli/keys.sh); skip only when the kernel
# has none to give.
if [ -z "${BB_TUI_OWN_SESSION:-}" ]; then
    command -v tmux >/dev/null || { echo "SKIP: tmux is missing"; exit 77; }
    command -v keyctl >/dev/null || fail "keyctl is missing (Debian package keyutils)"
    if ! keyctl session - keyctl add user bb:probe x @s >/dev/null 2>&1; then
        echo "SKIP: the kernel keyring is not available on this machine"
        exit 77
    fi
    BB_TUI_OWN_SESSION=1 exec keyctl session - "$0" "$@"
fi
"t_$1"
