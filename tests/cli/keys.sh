#!/bin/sh
# bbctl init, user, key, lock and unlock. Usage: keys.sh CASE (one meson test per t_ function).
# Each case runs in its own kernel session keyring (keyctl session), like its own terminal
# session; bbctl runs without a controlling terminal (setsid), so it can never wait for a
# passphrase prompt. Each unlock costs an Argon2id MODERATE run (256 MiB): few per case.
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}

# bbctl without a terminal: a passphrase comes from a file or a kept session, or not at all.
bb() { setsid -w "$bbctl" "$@" </dev/null; }

pw() { printf '%s\n' "$2" >"$1"; chmod 600 "$1"; }

# How many keys bbctl keeps in this session keyring.
kept_keys() { keyctl show @s | grep -c ' bb:' || true; }

# A fresh database and pin file, the admin's passphrase in $tmp/admin.pw.
setup() {
    [ -n "${BB_TEST_PGHOST:-}" ] || { echo "SKIP: BB_TEST_PGHOST is not set"; exit 77; }
    tmp=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/cli-keys.XXXXXX")
    db=$(fresh_db)
    trap 'drop_db "$db"; rm -rf "$tmp"' EXIT
    export BB_DATABASE_URL="$db" BB_PIN_FILE="$tmp/pins" XDG_CONFIG_HOME="$tmp/config"
    unset BB_PASSPHRASE_FILE BB_NEW_PASSPHRASE_FILE BB_USER BB_UNLOCK_TIMEOUT || true
    pw "$tmp/admin.pw" 'correct horse battery staple'
}

# init_org [TIMEOUT]: init as admin; the keys are kept for TIMEOUT seconds (0: not kept).
init_org() {
    BB_UNLOCK_TIMEOUT=${1:-900} run bb init --org "Buurtbemiddeling Oost" --admin admin \
        --passphrase-file "$tmp/admin.pw" --recovery-out "$tmp/shares"
    expect_rc 0
}

t_init_with_a_passphrase_file() {
    setup
    init_org
    expect_out "Organisation 'Buurtbemiddeling Oost' is ready: admin is its administrator"
    expect_out "key is at version 1"
    expect_out "15 minutes without use"
    [ "$(kept_keys)" -eq 1 ] || fail "init kept no keys: $(keyctl show @s)"
    run bb init --org "Buurtbemiddeling Oost" --admin other --passphrase-file "$tmp/admin.pw"
    expect_rc 4
    expect_err "'Buurtbemiddeling Oost' already exists"
    run bb init --admin admin --passphrase-file "$tmp/admin.pw"
    expect_rc 2
    expect_err "--org NAME"
}

t_new_passphrase_must_be_long_enough() {
    setup
    pw "$tmp/short.pw" 'kort'
    run bb init --org X --admin admin --passphrase-file "$tmp/short.pw"
    expect_rc 1
    expect_err "too short: 4 characters; use at least 10"
    pw "$tmp/empty.pw" ''
    BB_PASSPHRASE_FILE="$tmp/empty.pw" run bb init --org X --admin admin
    expect_rc 1
    expect_err "is empty"
    run bb init --org X --admin admin --passphrase-file "$tmp/missing.pw"
    expect_rc 1
    expect_err "cannot read the passphrase file"
    run bb --org X key status
    expect_rc 3
}

t_passphrase_is_never_taken_on_the_command_line() {
    for args in "init --org X --admin a --passphrase s3cr3tvalue" \
        "init --org X --admin a --passphrase=s3cr3tvalue" "unlock --passphrase=s3cr3tvalue" \
        "user passwd --new-passphrase=s3cr3tvalue" "key rotate --pass=s3cr3tvalue"; do
        # shellcheck disable=SC2086
        run bb $args
        expect_rc 2
        expect_err_lines 1
        if printf '%s' "$stderr" | grep -q s3cr3tvalue; then fail "the value was shown: $stderr"; fi
    done
    run bb unlock --passphrase x
    expect_err "never taken on the command line"
}

t_wrong_passphrase_is_refused() {
    setup
    init_org 0
    pw "$tmp/wrong.pw" 'wrong horse battery staple'
    run bb unlock --user admin --passphrase-file "$tmp/wrong.pw"
    expect_rc 2
    run bb --user admin unlock --passphrase-file "$tmp/wrong.pw"
    expect_rc 1
    expect_err "cannot unlock: wrong passphrase for 'admin'"
    expect_err_lines 1
    [ "$(kept_keys)" -eq 0 ] || fail "a wrong passphrase kept keys"
    run bb --user nobody unlock --passphrase-file "$tmp/wrong.pw"
    expect_rc 3
}

t_user_add_enroll_grant_unlock_revoke() {
    setup
    init_org
    export BB_USER=admin
    run bb user add anna --role mediator,coordinator
    expect_rc 0
    expect_out "Invited anna (mediator,coordinator)"
    run bb user add anna --role mediator
    expect_rc 4
    expect_err "'anna' already exists"
    run bb user add bert --role gardener
    expect_rc 2
    expect_err "unknown role 'gardener'"
    pw "$tmp/anna.pw" 'anna heeft een lange zin'
    run bb user enroll anna --passphrase-file "$tmp/anna.pw"
    expect_rc 0
    expect_out "anna is enrolled"
    run bb --user anna unlock --passphrase-file "$tmp/anna.pw"
    expect_rc 5
    expect_err "has not been granted"
    run bb user grant anna
    expect_rc 0
    expect_out "anna can now unlock"
    run bb --user anna unlock --passphrase-file "$tmp/anna.pw"
    expect_rc 0
    expect_out "Unlocked as anna"
    [ "$(kept_keys)" -eq 2 ] || fail "expected kept keys of admin and anna: $(keyctl show @s)"
    run bb user revoke anna
    expect_rc 0
    expect_out "Revoked anna: .* now at version 2"
    # anna's kept keys are refused and forgotten; her passphrase no longer unlocks.
    run bb --user anna user grant admin
    expect_rc 1
    expect_err "a passphrase is needed"
    [ "$(kept_keys)" -eq 1 ] || fail "anna's kept keys were not forgotten: $(keyctl show @s)"
    run bb --user anna unlock --passphrase-file "$tmp/anna.pw"
    expect_rc 5
    expect_err "revoked"
}

t_reporter_cannot_be_granted() {
    setup
    init_org
    run bb --user admin user add piet --role reporter
    expect_rc 0
    expect_out "Added piet as a reporter: figures only, never keys"
    run bb --user admin user grant piet
    expect_rc 5
    expect_err "reporter"
    run bb --user admin user grant nobody
    expect_rc 3
}

t_user_passwd() {
    setup
    init_org 0
    pw "$tmp/new.pw" 'a completely different sentence'
    pw "$tmp/short.pw" 'short'
    run bb --user admin user passwd --passphrase-file "$tmp/admin.pw" \
        --new-passphrase-file "$tmp/short.pw"
    expect_rc 1
    expect_err "too short"
    BB_NEW_PASSPHRASE_FILE="$tmp/new.pw" run bb --user admin user passwd \
        --passphrase-file "$tmp/admin.pw"
    expect_rc 0
    expect_out "The passphrase of admin is changed"
    run bb --user admin unlock --passphrase-file "$tmp/admin.pw"
    expect_rc 1
    expect_err "wrong passphrase"
    run bb --user admin unlock --passphrase-file "$tmp/new.pw"
    expect_rc 0
}

t_key_status_and_rotate() {
    setup
    init_org
    export BB_USER=admin
    run bb key status
    expect_rc 0
    expect_out "^ *1 *1 *0  (current)$"
    run bb key rotate --batch 0
    expect_rc 2
    expect_err "--batch: '0' is not a number from 1 to 100000"
    run bb key rotate --batch 2
    expect_rc 0
    expect_out "Organisation key version 2 is current; 0 data keys re-wrapped"
    [ -z "$stderr" ] || fail "rotate said more than its result: $stderr"
    run bb key status
    expect_out "^ *1 *1 *0$"
    expect_out "^ *2 *1 *0  (current)$"
    run bb key rotate --finish
    expect_rc 0
    expect_out "Nothing to re-wrap: every data key is under organisation key version 2"
}

t_grant_checks_the_fingerprint_and_index_key_rotates() {
    setup
    init_org
    export BB_USER=admin
    run bb user add anna --role coordinator
    pw "$tmp/anna.pw" 'anna heeft een lange zin'
    run bb user enroll anna --passphrase-file "$tmp/anna.pw"
    expect_rc 0
    expect_out "Its fingerprint is"
    fp=$(printf '%s\n' "$stdout" | sed -n 's/^  \([0-9a-f]\{4\}\( [0-9a-f]\{4\}\)\{15\}\)$/\1/p')
    [ -n "$fp" ] || fail "no fingerprint printed: $stdout"
    run bb user grant anna --fingerprint "0000 $fp"
    expect_rc 1
    expect_err "nothing was granted"
    run bb user grant anna --fingerprint "$(printf '%s' "$fp" | tr -d ' ' | tr a-f A-F)"
    expect_rc 0
    [ -z "$stderr" ] || fail "a checked grant warned: $stderr"
    run bb key status
    expect_out "held by admin,anna"
    run bb key rotate --index
    expect_rc 0
    expect_out "New blind-index key; 0 indexes recomputed"
    run bb key rotate --index --finish
    expect_rc 0
}

t_lock_forgets_the_kept_keys() {
    setup
    init_org
    [ "$(kept_keys)" -eq 1 ] || fail "init kept no keys"
    run bb lock
    expect_rc 0
    expect_out "Locked: the kept keys are forgotten"
    [ "$(kept_keys)" -eq 0 ] || fail "lock left keys: $(keyctl show @s)"
    run bb --user admin key rotate
    expect_rc 1
    expect_err "a passphrase is needed and there is no terminal"
    run bb lock
    expect_out "Nothing was unlocked"
}

t_unlock_once_then_commands_need_no_passphrase() {
    setup
    init_org 0
    run bb --user admin user add anna --role mediator
    expect_rc 1
    expect_err "a passphrase is needed"
    run bb --user admin unlock --passphrase-file "$tmp/admin.pw"
    expect_rc 0
    expect_out "Unlocked as admin"
    run bb --user admin user add anna --role mediator
    expect_rc 0
    run bb --user admin -v user add bert --role mediator
    expect_rc 0
    expect_err "using the keys kept in this terminal session"
    # Another terminal session (another session keyring) has nothing kept.
    run keyctl session - setsid -w "$bbctl" --user admin user add carla --role mediator
    expect_rc 1
    expect_err "a passphrase is needed"
}

t_kept_keys_expire_after_the_idle_time() {
    setup
    init_org 2
    expect_out "lock again after 2 seconds without use"
    sleep 3
    run bb --user admin user add anna --role mediator
    expect_rc 1
    expect_err "a passphrase is needed"
    BB_UNLOCK_TIMEOUT=soon run bb --user admin unlock
    expect_rc 2
    expect_err "BB_UNLOCK_TIMEOUT: 'soon' is not a number of seconds"
}

t_kept_keys_that_differ_from_the_pins_are_refused() {
    setup
    init_org
    # As if the kept organisation key had been replaced: it no longer matches the pin.
    sed -i 's/ [0-9a-f]\{64\}$/ 0000000000000000000000000000000000000000000000000000000000000000/' \
        "$BB_PIN_FILE"
    run bb --user admin user add anna --role mediator
    expect_rc 1
    expect_err "warning: the kept organisation key version 1 differs"
    [ "$(kept_keys)" -eq 0 ] || fail "refused keys were kept: $(keyctl show @s)"
}

# Every case in a session keyring of its own; skip only when the kernel has none to give.
if [ -z "${BB_KEYS_OWN_SESSION:-}" ]; then
    command -v keyctl >/dev/null || fail "keyctl is missing (Debian package keyutils)"
    if ! keyctl session - keyctl add user bb:probe x @s >/dev/null 2>&1; then
        echo "SKIP: the kernel keyring is not available on this machine"
        exit 77
    fi
    BB_KEYS_OWN_SESSION=1 exec keyctl session - "$0" "$@"
fi
"t_$1"
