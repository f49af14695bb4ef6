#!/bin/sh
# Organisation recovery: bbctl init's recovery shares, bbctl recover, recovery status and
# rotate. Usage: recovery.sh CASE (one meson test per t_ function). Each case runs in a session
# keyring of its own (own_session); bbctl runs without a terminal (setsid).
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}
bb() { setsid -w "$bbctl" "$@" </dev/null; }
pw() { printf '%s\n' "$2" >"$1"; chmod 600 "$1"; }
count() { psql -X -q -t -A -d "$db" -c "$1"; }

# A fresh database, pins and settings in $tmp; organisation 'Welzijn Oost' made by bbctl init
# with 3 shares of which 2 are needed in $tmp/shares; its administrator $1 (default admin).
setup() {
    [ -n "${BB_TEST_PGHOST:-}" ] || { echo "SKIP: BB_TEST_PGHOST is not set"; exit 77; }
    adm=${1:-admin}
    tmp=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/cli-recovery.XXXXXX")
    db=$(fresh_db)
    trap 'drop_db "$db"; rm -rf "$tmp"' EXIT
    export BB_DATABASE_URL="$db" BB_PIN_FILE="$tmp/pins" XDG_CONFIG_HOME="$tmp/config"
    unset BB_PASSPHRASE_FILE BB_NEW_PASSPHRASE_FILE BB_USER BB_UNLOCK_TIMEOUT || true
    pw "$tmp/admin.pw" 'correct horse battery staple'
    pw "$tmp/rescue.pw" 'a new passphrase for a new start'
    run bb init --org "Welzijn Oost" --admin "$adm" --passphrase-file "$tmp/admin.pw" \
        --recovery-out "$tmp/shares"
    expect_rc 0
    expect_out "Recovery shares of generation 1: 3 files in $tmp/shares, of which 2"
    set -- "$tmp"/shares/*
    [ $# -eq 3 ] || fail "expected 3 share files: $*"
    s1=$1 s2=$2 s3=$3
    for f in "$@"; do
        [ "$(stat -c %a "$f")" = 600 ] || fail "$f is not mode 600"
        grep -q '^needed: 2$' "$f" || fail "$f does not say 2 are needed"
    done
    [ "$(stat -c %a "$tmp/shares")" = 700 ] || fail "the shares' directory is not mode 700"
    export BB_USER="$adm"
}

users() { count "SELECT string_agg(login, ',' ORDER BY login) FROM bb_user"; }

t_recover_from_two_of_three_after_every_passphrase_is_lost() {
    setup
    run bb area set Noord --postcodes 1000-1099
    expect_rc 0
    cases=""
    for name in "Ëlsa de Bruijn" "Karel Jansen"; do
        run bb case new --reported 2024-03-01 --source zelfmelder --type tuin_erfgrens
        expect_rc 0
        cases="$cases $stdout"
        run bb party add "$stdout" --role melder --name "$name" --phone 06-12345678 --yes
        expect_rc 0
    done
    # A second organisation key version, made after the shares: sealed to them as well.
    run bb key rotate
    expect_rc 0
    run bb case new --reported 2024-04-01 --source zelfmelder --type tuin_erfgrens
    expect_rc 0
    cases="$cases $stdout"
    run bb party add "$stdout" --role melder --name "Derde Melder"
    expect_rc 0
    # Every passphrase gone: keys dropped, the passphrase file deleted, another computer.
    run bb lock
    expect_rc 0
    rm -f "$tmp/admin.pw"
    export BB_PIN_FILE="$tmp/pins2" XDG_CONFIG_HOME="$tmp/config2" BB_USER=rescue
    for n in $cases; do
        run bb case show "$n"
        expect_rc 0
        printf '%s' "$stdout" | grep -q "Karel" && fail "a locked case shows a name: $stdout"
    done
    run bb recover --org "Welzijn Oost" --admin rescue --share "$s1" --share "$s3" \
        --passphrase-file "$tmp/rescue.pw"
    expect_rc 0
    expect_out "Organisation 'Welzijn Oost' is recovered: rescue is a new administrator"
    expect_out "their own database login role rescue;"
    [ "$(users)" = "admin,rescue" ] || fail "users after recovery: $(users)"
    [ "$(count "SELECT count(*) FROM audit_log WHERE action = 'recovery'")" = 1 ] ||
        fail "the recovery is not in the audit log"
    run bb lock
    # Unlocked with the new passphrase alone: every case readable again.
    for n in $cases; do
        run env BB_PASSPHRASE_FILE="$tmp/rescue.pw" setsid -w "$bbctl" case show "$n"
        expect_rc 0
        printf '%s' "$stdout" | grep -q "Ëlsa de Bruijn\|Karel Jansen\|Derde Melder" ||
            fail "case $n is not readable: $stdout"
    done
    run env BB_PASSPHRASE_FILE="$tmp/rescue.pw" setsid -w "$bbctl" recovery status
    expect_rc 0
    expect_out "Recovery shares of generation 1, made .* by admin: 3 exist, 2 are needed."
}

# recover with bad shares: each refused with a clear error, nothing changed.
refused() {
    before=$(users)
    run bb recover --org "Welzijn Oost" --admin rescue --passphrase-file "$tmp/rescue.pw" "$@"
    [ "$rc" -ne 0 ] || fail "recover succeeded: $stdout"
    [ "$(users)" = "$before" ] || fail "users changed: $(users)"
}

t_recover_refuses_bad_shares() {
    setup
    refused --share "$s1"
    expect_err "shares: 1 given, but 2 of generation 1 are needed"
    sed 's/^\(code: ..\)\(.\)/\1x/' "$s2" | sed 's/^\(code: ..\)x/\10/' >"$tmp/damaged"
    [ "$(grep '^code' "$tmp/damaged" | head -1)" != "$(grep '^code' "$s2" | head -1)" ] ||
        sed -i 's/^\(code: ..\)0/\11/' "$tmp/damaged"
    refused --share "$s1" --share "$tmp/damaged"
    expect_err "share $tmp/damaged: its code does not match its checksum"
    head -5 "$s1" >"$tmp/cut"
    refused --share "$tmp/cut" --share "$s2"
    expect_err "share $tmp/cut: not a complete recovery share"
    refused --share "$s1" --share "$s1"
    expect_err "share 1 was given twice"
    refused --share "$s1" --share "$tmp/missing"
    expect_err "share $tmp/missing: cannot read it"
    # A share of another organisation.
    run bb init --org "Welzijn West" --admin west --passphrase-file "$tmp/admin.pw" \
        --recovery-out "$tmp/west"
    expect_rc 0
    set -- "$tmp"/west/*
    refused --share "$1" --share "$2"
    expect_err "share $1: it belongs to another organisation"
    # Shares of a voided generation: rotate, then the old ones are refused.
    run env BB_PASSPHRASE_FILE="$tmp/admin.pw" setsid -w "$bbctl" --org "Welzijn Oost" \
        recovery rotate --recovery-shares 4 --recovery-threshold 3 --recovery-out "$tmp/shares"
    expect_rc 0
    expect_out "Recovery shares of generation 2: 4 files"
    expect_out "generation 1 and before are void"
    refused --share "$s1" --share "$s2"
    expect_err "generation 1 was voided on .* by new shares (generation 2)"
    set -- "$tmp"/shares/*-g2-*
    [ $# -eq 4 ] || fail "expected 4 new shares: $*"
    refused --share "$1" --share "$2"
    expect_err "shares: 2 given, but 3 of generation 2 are needed"
    [ "$(count "SELECT count(*) FROM org_recovery_key k JOIN org_recovery r USING (org_id, generation) WHERE r.voided_at IS NOT NULL")" = 0 ] ||
        fail "a voided generation still has sealed keys"
    # Three of them do. A login named as the superuser's own account (the embedded database's)
    # gets no login role: bb gives a superuser's role to nobody.
    su=$BB_TEST_PGUSER
    run bb recover --org "Welzijn Oost" --admin "$su" --passphrase-file "$tmp/rescue.pw" \
        --share "$1" --share "$2" --share "$3"
    expect_rc 0
    expect_out "$su has no database login role of their own: '$su' is one bb does not give"
    [ -z "$(count "SELECT db_role FROM bb_user WHERE login = '$su'")" ] ||
        fail "$su was given a login role"
}

t_recovery_options_and_files() {
    setup
    run bb init --org "Te Veel" --admin admin --passphrase-file "$tmp/admin.pw" \
        --recovery-shares 3 --recovery-threshold 4 --recovery-out "$tmp/other"
    expect_rc 1
    expect_err "recovery threshold: 4 is not a number from 2 to the 3 shares"
    [ "$(count "SELECT count(*) FROM organisation")" = 1 ] || fail "an organisation was made"
    [ ! -e "$tmp/other" ] || fail "shares were written"
    run bb --org "Welzijn Oost" recovery rotate --passphrase-file "$tmp/admin.pw"
    expect_rc 2
    expect_err "recovery-out DIR"
    # A share file that exists already is never overwritten: nothing is changed.
    touch "$tmp/shares/bb-recovery-$(count "SELECT left(id::text, 8) FROM organisation")-g2-share-2-of-3.txt"
    run bb --org "Welzijn Oost" recovery rotate --passphrase-file "$tmp/admin.pw" \
        --recovery-out "$tmp/shares"
    expect_rc 4
    expect_err "cannot write .*-g2-share-2-of-3.txt"
    [ "$(ls "$tmp/shares" | grep -c g2)" = 1 ] || fail "files of a failed rotation are left"
    run bb --org "Welzijn Oost" recovery status
    expect_rc 0
    expect_out "Recovery shares of generation 1"
    [ "$(count "SELECT count(*) FROM org_recovery")" = 1 ] || fail "the rotation was recorded"
}

# On a server reached with login roles (docs/admin.md, "Roles"): people connect as their own
# login role, mapped through bb_user.db_role; $db, the test server's superuser, is the database
# administrator's connection.

# as ROLE: the test database's connection string with the login role ROLE.
as() { printf '%s' "$db" | sed "s/user=[^ ]*/user=$1/"; }

# A login role name no other test on this server uses (roles are the whole server's).
role_name() { printf 't_%s_%s_%s' "$1" "$$" "$(date +%N)"; }

# on ROLE LOGIN PASSFILE ARGS...: bbctl through the login role ROLE as bb user LOGIN.
on() {
    r=$1 u=$2 f=$3
    shift 3
    run env BB_USER="$u" BB_PASSPHRASE_FILE="$f" setsid -w "$bbctl" --db "$(as "$r")" "$@" \
        </dev/null
}

# server_setup: the organisation made with shares by the database administrator; its
# administrator works through their own login role $beheer, and coordinator kees, with login
# role $kees, registers cases with personal data ($cases). Then every passphrase is lost: the
# keys locked, the passphrase files deleted, another computer. The roles go again on exit.
server_setup() {
    beheer=$(role_name beheer) kees=$(role_name kees) rescue=$(role_name rescue)
    anna=$(role_name anna) west=$(role_name west)
    setup "$beheer"
    trap 'drop_db "$db"; drop_roles; rm -rf "$tmp"' EXIT
    on "$beheer" "$beheer" "$tmp/admin.pw" area set Noord --postcodes 1000-1099
    expect_rc 0
    on "$beheer" "$beheer" "$tmp/admin.pw" user add kees --role coordinator --db-role "$kees"
    expect_rc 0
    pw "$tmp/kees.pw" 'kees heeft zijn eigen lange zin'
    on "$kees" kees "$tmp/kees.pw" user enroll --passphrase-file "$tmp/kees.pw"
    expect_rc 0
    on "$beheer" "$beheer" "$tmp/admin.pw" user grant kees
    expect_rc 0
    cases=""
    for name in "Ëlsa de Bruijn" "Karel Jansen"; do
        on "$kees" kees "$tmp/kees.pw" case new --reported 2024-03-01 --source zelfmelder \
            --type tuin_erfgrens
        expect_rc 0
        cases="$cases $stdout"
        on "$kees" kees "$tmp/kees.pw" party add "$stdout" --role melder --name "$name" \
            --phone 06-12345678 --yes
        expect_rc 0
    done
    run bb lock
    expect_rc 0
    rm -f "$tmp/admin.pw" "$tmp/kees.pw"
    export BB_PIN_FILE="$tmp/pins2" XDG_CONFIG_HOME="$tmp/config2"
    unset BB_USER
}

drop_roles() {
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -h "$BB_TEST_PGHOST" \
        -U "$BB_TEST_PGUSER" -d postgres \
        -c "DROP ROLE IF EXISTS $beheer, $kees, $rescue, $anna, $west" >/dev/null
}

# readable ROLE LOGIN PASSFILE: every case of $cases shows its party's name to LOGIN.
readable() {
    for n in $cases; do
        on "$@" case show "$n"
        expect_rc 0
        printf '%s' "$stdout" | grep -q "Ëlsa de Bruijn\|Karel Jansen" ||
            fail "case $n is not readable to $2: $stdout"
    done
}

# The database administrator recovers (no administrator can unlock any more); the new
# administrator then works through their own login role: every case readable, the people who
# are gone revoked, a new coordinator with a login role granted the keys, new shares made.
t_recover_on_a_server_with_login_roles() {
    server_setup
    for n in $cases; do
        on "$kees" kees "$tmp/kees.pw" case show "$n"
        if printf '%s' "$stdout" | grep -q "Karel\|Ëlsa"; then
            fail "a locked case shows a name: $stdout"
        fi
    done
    run bb recover --org "Welzijn Oost" --admin rescue --db-role "$rescue" --share "$s1" \
        --share "$s3" --passphrase-file "$tmp/rescue.pw"
    expect_rc 0
    expect_out "rescue is a new administrator and coordinator"
    expect_out "their own database login role $rescue;"
    run bb lock
    [ "$(count "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles
        WHERE rolname LIKE 'bb\_%' AND pg_has_role('$rescue', oid, 'MEMBER')")" = \
        "bb_admin,bb_coordinator" ] || fail "$rescue is not in bb_admin and bb_coordinator"
    # On their own computer, through their own login role, with the new passphrase alone.
    export BB_PIN_FILE="$tmp/pins3" XDG_CONFIG_HOME="$tmp/config3"
    readable "$rescue" rescue "$tmp/rescue.pw"
    for gone in kees "$beheer"; do
        on "$rescue" rescue "$tmp/rescue.pw" user revoke "$gone"
        expect_rc 0
    done
    run psql -X -q -At -d "$(as "$kees")" -c "SELECT count(*) FROM bb_case"
    expect_err "role \"$kees\" is not permitted to log in"
    on "$rescue" rescue "$tmp/rescue.pw" user add anna --role coordinator --db-role "$anna"
    expect_rc 0
    pw "$tmp/anna.pw" 'anna kiest een nieuwe lange zin'
    on "$anna" anna "$tmp/anna.pw" user enroll --passphrase-file "$tmp/anna.pw"
    expect_rc 0
    fp=$(printf '%s\n' "$stdout" | sed -n 2p | sed 's/^ *//')
    on "$rescue" rescue "$tmp/rescue.pw" user grant anna --fingerprint "$fp"
    expect_rc 0
    readable "$anna" anna "$tmp/anna.pw"
    # The shares used have been seen: new ones, made through the administrator's own role.
    on "$rescue" rescue "$tmp/rescue.pw" recovery rotate --recovery-out "$tmp/new"
    expect_rc 0
    expect_out "Recovery shares of generation 2: 3 files"
    on "$rescue" rescue "$tmp/rescue.pw" recovery status
    expect_rc 0
    expect_out "generation 2, made .* by rescue"
    on "$anna" anna "$tmp/anna.pw" recovery status
    expect_rc 5
    expect_err "recovery status: the database login role '$anna' is neither the database"
    [ "$(count "SELECT count(*) FROM audit_log WHERE action = 'recovery'")" = 1 ] ||
        fail "the recovery is not in the audit log once"
}

# What recovery changes: the users and their login roles, the grants, the audit log, and
# whether the new administrator's login role exists.
state() {
    count "SELECT (SELECT string_agg(login || ':' || coalesce(db_role, '') || ':' || status, ','
        ORDER BY login) FROM bb_user) || ' ' || (SELECT count(*) FROM org_key_grant) || ' ' ||
        (SELECT count(*) FROM audit_log) || ' ' ||
        (SELECT count(*) FROM pg_roles WHERE rolname = '$rescue')"
}

# recover_refused ROLE ARGS...: bbctl recover through ROLE for rescue: refused, nothing changed.
recover_refused() {
    r=$1
    shift
    before=$(state)
    on "$r" rescue "$tmp/rescue.pw" recover --org "Welzijn Oost" --admin rescue \
        --passphrase-file "$tmp/rescue.pw" "$@"
    [ "$rc" -ne 0 ] || fail "recover succeeded: $stdout"
    [ "$(state)" = "$before" ] || fail "recover changed $before into $(state)"
}

t_recover_on_a_server_refuses_with_nothing_changed() {
    server_setup
    dba=$BB_TEST_PGUSER
    # A coordinator's login role does not read the recovery records: not even good shares.
    recover_refused "$kees" --db-role "$rescue" --share "$s1" --share "$s2"
    expect_rc 5
    expect_err "recover: the database login role '$kees' is neither the database administrator"
    # A bad share on the server.
    sed 's/^\(code: ..\)\(.\)/\1x/' "$s2" | sed 's/^\(code: ..\)x/\10/' >"$tmp/damaged"
    [ "$(grep '^code' "$tmp/damaged" | head -1)" != "$(grep '^code' "$s2" | head -1)" ] ||
        sed -i 's/^\(code: ..\)0/\11/' "$tmp/damaged"
    recover_refused "$dba" --db-role "$rescue" --share "$s1" --share "$tmp/damaged"
    expect_err "share $tmp/damaged: its code does not match its checksum"
    run bb init --org "Welzijn West" --admin "$west" --passphrase-file "$tmp/rescue.pw" \
        --recovery-out "$tmp/west"
    expect_rc 0
    set -- "$tmp"/west/*
    recover_refused "$dba" --db-role "$rescue" --share "$1" --share "$2"
    expect_err "share $1: it belongs to another organisation"
    # A login role bb may not give: the superuser's, or one that is another user's.
    recover_refused "$dba" --db-role "$dba" --share "$s1" --share "$s2"
    expect_rc 5
    expect_err "db-role: '$dba' is a superuser"
    recover_refused "$dba" --db-role "$kees" --share "$s1" --share "$s2"
    expect_rc 4
    expect_err "db-role: the database role '$kees' already belongs to another user"
    # The right shares do, also through the login role of the administrator who lost their
    # passphrase: the audit log names who did it.
    on "$beheer" "$beheer" /dev/null recover --org "Welzijn Oost" --admin rescue \
        --db-role "$rescue" --share "$s2" --share "$s3" --passphrase-file "$tmp/rescue.pw"
    expect_rc 0
    expect_out "their own database login role $rescue;"
    [ "$(count "SELECT actor FROM audit_log WHERE action = 'recovery'")" = "$beheer" ] ||
        fail "the recovery's audit record does not name $beheer"
}

own_session "$0" "$@"
"t_$1"
