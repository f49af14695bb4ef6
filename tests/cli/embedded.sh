# Helpers for CLI tests of the embedded database (backup.sh, upgrade.sh): clusters of their own
# in data directories under $tmp, stopped and removed on exit. Needs no test server.
# shellcheck shell=sh

# embedded_setup NAME: $tmp (mode 0711, so that the server account, as root "postgres", can
# walk to the clusters in it), pins and settings in it, no other database configured, and the
# keys never kept between commands (each reads the passphrase file again).
embedded_setup() {
    tmp=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/cli-$1.XXXXXX")
    chmod 0711 "$tmp"
    trap 'embedded_cleanup' EXIT
    unset BB_DATABASE_URL PGHOST PGSERVICE PGDATABASE PGUSER BB_DATA_DIR || true
    export BB_PIN_FILE="$tmp/pins" XDG_CONFIG_HOME="$tmp/config" BB_UNLOCK_TIMEOUT=0
}

embedded_cleanup() {
    for d in "$tmp"/*/; do
        [ -d "$d/pg" ] && BB_DATA_DIR=${d%/} "$bbctl" db stop >/dev/null 2>&1 || true
    done
    rm -rf "$tmp"
}

# on DIR CMD...: runs bbctl against the embedded database in $tmp/DIR (made on first use).
on() {
    d=$1
    shift
    BB_DATA_DIR="$tmp/$d" run "$bbctl" "$@"
}

# esql DIR SQL: a query on database bb of the embedded cluster in $tmp/DIR, as its superuser.
esql() { psql -X -q -At -h "$tmp/$1/run" -U bb -d bb -c "$2"; }

# every_case DIR: the list of cases and each case shown, as bbctl prints them.
every_case() {
    on "$1" case list --limit 1000 --json
    expect_rc 0
    list=$stdout
    printf '%s\n' "$list"
    for n in $(printf '%s' "$list" | python3 -c 'import json,sys
for c in json.load(sys.stdin)["cases"]: print(c["number"])'); do
        on "$1" case show "$n"
        expect_rc 0
        printf '%s\n' "$stdout"
    done
}
