#!/bin/sh
# The tests' cheap Argon2id (bb_keys__test_cheap_pwhash) lives only in libbb-test, which only
# tests/ link: libbb (shared and static), bbctl and bbtui have no such path, and no environment
# variable lowers the parameters bbctl stores with a key. Usage: normal-build.sh CASE.
set -eu

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

t_no_cheap_argon2id_outside_the_test_library() {
    # The check can see the function: libbb-test has it.
    nm "$LIBBB_TEST" | grep -q ' T bb_keys__test_cheap_pwhash$' ||
        fail "libbb-test has no bb_keys__test_cheap_pwhash: this check sees nothing"
    for f in "$LIBBB_SHARED" "$LIBBB_STATIC"; do
        nm -a "$f" | grep -q ' bb_keys__pwhash_params_new$' || fail "$f: nm sees no internals"
    done
    for f in "$BBCTL" "$BBTUI"; do
        readelf -d "$f" | grep -q 'NEEDED.*\[libbb\.so' || fail "$f does not link libbb.so"
    done
    tmp=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/normal-build.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    for f in "$LIBBB_SHARED" "$LIBBB_STATIC" "$BBCTL" "$BBTUI"; do
        if nm -a "$f" | grep -qi 'cheap'; then fail "$f has a cheap path"; fi
        # The names of environment variables among their strings (not the debug information's
        # names of constants): none is about Argon2id.
        objcopy --strip-debug "$f" "$tmp/stripped"
        names=$(strings "$tmp/stripped" | grep -E '^BB_[A-Z0-9_]+$' | sort -u | tr '\n' ' ')
        case $names in *PWHASH* | *ARGON* | *OPSLIMIT* | *MEMLIMIT* | *CHEAP* | *TEST*)
            fail "$f reads an environment variable about Argon2id: $names" ;;
        esac
    done
}

# psql on the test server.
sql() { psql -X -q -At -h "$BB_TEST_PGHOST" -U "$BB_TEST_PGUSER" -d "$1" -c "$2"; }

t_environment_cannot_lower_the_stored_argon2id() {
    [ -n "${BB_TEST_PGHOST:-}" ] || { echo "SKIP: BB_TEST_PGHOST is not set"; exit 77; }
    tmp=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/normal-build.XXXXXX")
    name="nb_$$_$(date +%s%N)"
    sql postgres "CREATE DATABASE $name TEMPLATE $BB_TEST_TEMPLATE"
    trap 'sql postgres "DROP DATABASE IF EXISTS $name WITH (FORCE)"; rm -rf "$tmp"' EXIT
    printf 'correct horse battery staple\n' >"$tmp/admin.pw"
    printf 'anna heeft een lange zin\n' >"$tmp/anna.pw"
    printf 'a completely different sentence\n' >"$tmp/new.pw"
    chmod 600 "$tmp"/*.pw
    # Names a cheap path could plausibly have, beside the test harness's own BB_TEST_*.
    export BB_TEST_BUILD=1 BB_TEST_CHEAP_PWHASH=1 BB_CHEAP_PWHASH=1 BB_PWHASH=interactive \
        BB_PWHASH_STRENGTH=min BB_PWHASH_OPSLIMIT=1 BB_PWHASH_MEMLIMIT=8192 BB_ARGON2=min
    export BB_DATABASE_URL="host=$BB_TEST_PGHOST user=$BB_TEST_PGUSER dbname=$name" \
        BB_PIN_FILE="$tmp/pins" XDG_CONFIG_HOME="$tmp/config" BB_UNLOCK_TIMEOUT=0
    bb() { setsid -w "$BBCTL" "$@" </dev/null >/dev/null; }
    bb init --org "Welzijn Oost" --admin admin --passphrase-file "$tmp/admin.pw" \
        --recovery-out "$tmp/shares" ||
        fail "bbctl init failed"
    bb --user admin user add anna --role coordinator --passphrase-file "$tmp/admin.pw" ||
        fail "bbctl user add failed"
    bb user enroll anna --passphrase-file "$tmp/anna.pw" || fail "bbctl user enroll failed"
    BB_NEW_PASSPHRASE_FILE="$tmp/new.pw" bb --user admin user passwd \
        --passphrase-file "$tmp/admin.pw" || fail "bbctl user passwd failed"
    # MODERATE: 3 passes over 256 MiB, for the first user, an enrolled one and a new passphrase.
    got=$(sql "$name" "SELECT string_agg(login || ' ' || pwhash_alg || ' ' || pwhash_opslimit
                         || ' ' || pwhash_memlimit, ', ' ORDER BY login) FROM bb_user")
    [ "$got" = "admin 2 3 268435456, anna 2 3 268435456" ] ||
        fail "stored Argon2id parameters: $got"
}

case=${1:?usage: normal-build.sh CASE}
"t_$case"
