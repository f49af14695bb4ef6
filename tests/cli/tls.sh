#!/bin/sh
# bbctl over TCP with TLS: one PostgreSQL with ssl=on for the whole file (tests/harness/pg-server
# start-tls), reached as 127.0.0.2, which bb does not count as local, so verify-full is the
# default. Usage: tls.sh all (one meson test: the server is started once).
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}
harness=$(dirname "$0")/../harness/pg-server

# start_server: the TLS server in $srv, its port in $port, a migrated-later database t1.
start_server() {
    [ -n "${BB_TEST_PGHOST:-}" ] || { echo "SKIP: BB_TEST_PGHOST is not set"; exit 77; }
    command -v openssl >/dev/null || { echo "SKIP: no openssl"; exit 77; }
    srv=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/cli-tls.XXXXXX")
    chmod 711 "$srv" # the server runs as another user when we are root
    trap '"$harness" stop "$srv/server"; rm -rf "$srv"' EXIT
    "$harness" start-tls "$srv/server"
    port=$(cat "$srv/server/port")
    psql -X -q -h "$srv/server/run" -p "$port" -U bb -d postgres -c 'CREATE DATABASE t1' >/dev/null
    tcp="host=127.0.0.2 port=$port user=bb dbname=t1"
    printf '%s\n' 'correct horse battery staple' >"$srv/pw"
    chmod 600 "$srv/pw"
    export BB_PIN_FILE="$srv/pins" XDG_CONFIG_HOME="$srv/config" BB_USER=coordinator \
        BB_PASSPHRASE_FILE="$srv/pw"
    unset BB_UNLOCK_TIMEOUT BB_DATABASE_URL BB_ALLOW_INSECURE_TLS PGSSLMODE PGSSLROOTCERT || true
}

# bb CONNINFO ARGS...: bbctl without a terminal.
bb() { c=$1; shift; setsid -w "$bbctl" --db "$c" "$@" </dev/null; }

t_registry_over_verified_tls() {
    good="$tcp sslrootcert=$srv/server/tls/ca.crt"
    run bb "$good" db migrate
    expect_rc 0
    expect_out "schema is at version"
    run bb "$good" init --org "Welzijn Oost" --admin coordinator --recovery-out "$srv/shares"
    expect_rc 0
    run bb "$good" case new --reported 2024-03-01 --source zelfmelder --type tuin_erfgrens
    expect_rc 0
    n=$stdout
    run bb "$good" party add "$n" --role melder --name "Ëlsa de Bruijn" --phone 06-12345678
    expect_rc 0
    run bb "$good" case list --json
    expect_rc 0
    expect_out "\"number\":\"$n\""
    run bb "$good" person find --phone 0612345678
    expect_rc 0
    expect_out "$n"
    [ -z "$stderr" ] || fail "a verified connection warned: $stderr"
}

t_wrong_ca_fails() {
    run bb "$tcp sslrootcert=$srv/server/tls/other-ca.crt" case list
    [ "$rc" -ne 0 ] || fail "a server certificate from another CA was accepted"
    expect_err "certificate verify failed"
}

t_weak_sslmode_needs_the_option() {
    for mode in disable prefer require verify-ca; do
        run bb "$tcp sslmode=$mode sslrootcert=$srv/server/tls/ca.crt" case list
        expect_rc 1
        expect_err "sslmode=$mode to 127.0.0.2: a server that is not on this machine needs sslmode=verify-full"
    done
    run setsid -w "$bbctl" --allow-insecure-tls --db "$tcp sslmode=disable" case list </dev/null
    expect_rc 0
    expect_err "warning: sslmode=disable to 127.0.0.2: weaker than verify-full"
    BB_ALLOW_INSECURE_TLS=1 run bb "postgresql://bb@127.0.0.2:$port/t1?sslmode=require" case list
    expect_rc 0
    expect_err "warning: sslmode=require"
}

t_local_tcp_keeps_libpq_default() {
    # 127.0.0.1 counts as local: no sslmode is added and none is demanded.
    run bb "host=127.0.0.1 port=$port user=bb dbname=t1 sslmode=disable" case list
    expect_rc 0
    [ -z "$stderr" ] || fail "a local connection warned: $stderr"
    # hostaddr decides where the connection goes, before and after connecting alike.
    run bb "host=db.invalid hostaddr=127.0.0.1 port=$port user=bb dbname=t1 sslmode=disable" case list
    expect_rc 0
    [ -z "$stderr" ] || fail "a local hostaddr warned: $stderr"
    run bb "host=localhost hostaddr=127.0.0.2 port=$port user=bb dbname=t1 sslrootcert=$srv/server/tls/other-ca.crt" case list
    expect_err "certificate verify failed"
}

own_session "$0" "$@"
start_server
if [ "$1" = all ]; then
    for t in t_registry_over_verified_tls t_wrong_ca_fails t_weak_sslmode_needs_the_option \
        t_local_tcp_keeps_libpq_default; do
        echo "== $t"
        "$t"
    done
else
    t_registry_over_verified_tls
    [ "$1" = registry_over_verified_tls ] || "t_$1"
fi
