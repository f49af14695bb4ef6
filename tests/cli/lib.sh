# Helpers for CLI tests: run a command, then check its exit status and output.
# shellcheck shell=sh

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# run CMD...: runs it, keeping exit status in $rc and output in $out and $err.
run() {
    out=$(mktemp) err=$(mktemp)
    set +e
    "$@" >"$out" 2>"$err"
    rc=$?
    set -e
    stdout=$(cat "$out") stderr=$(cat "$err")
    rm -f "$out" "$err"
}

expect_rc() { [ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1; stderr: $stderr; stdout: $stdout"; }
expect_out() { printf '%s' "$stdout" | grep -q -- "$1" || fail "stdout lacks '$1': $stdout"; }
expect_err() { printf '%s' "$stderr" | grep -q -- "$1" || fail "stderr lacks '$1': $stderr"; }
expect_err_lines() {
    n=$(printf '%s\n' "$stderr" | grep -c .)
    [ "$n" -eq "$1" ] || fail "stderr has $n lines, expected $1: $stderr"
}

# A fresh database cloned from the test template; prints its connection string.
fresh_db() {
    name="cli_$$_$(date +%s%N)"
    psql -X -q -h "$BB_TEST_PGHOST" -U "$BB_TEST_PGUSER" -d postgres \
        -c "CREATE DATABASE $name TEMPLATE ${1:-$BB_TEST_TEMPLATE}" >/dev/null
    printf 'host=%s user=%s dbname=%s' "$BB_TEST_PGHOST" "$BB_TEST_PGUSER" "$name"
}

drop_db() {
    name=${1##*dbname=}
    psql -X -q -h "$BB_TEST_PGHOST" -U "$BB_TEST_PGUSER" -d postgres \
        -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
}
