#!/bin/sh
# A central server for a region (docs/admin.md, "A central server for a region"): a primary
# and a hot standby that this script starts on 127.0.0.1, reached over TLS only
# (hostssl, scram-sha-256, sslmode=verify-full against a test CA). Two organisations'
# coordinators work at once with their own login roles; the reporters' figures come from the
# standby (target_session_attrs=prefer-standby), everything else from the primary
# (read-write); bbctl says clearly when the primary is gone and works again when it is back;
# a connection whose network stops carrying traffic fails within the keepalive defaults.
# Usage: central.sh all | dead_network (one meson test each: the servers start once a test).
set -eu
tag=${tag:-$$} # names the login roles: they belong to the whole server
export tag
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../cli/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}
org_fixture_bin=${BB_ORG_FIXTURE:?BB_ORG_FIXTURE is tests/harness/org-fixture}

[ -n "${BB_TEST_PGHOST:-}" ] || { echo "SKIP: BB_TEST_PGHOST is not set"; exit 77; }
command -v openssl >/dev/null || { echo "SKIP: no openssl"; exit 77; }
bindir=${BB_PG_BINDIR:-$(pg_config --bindir 2>/dev/null || true)}
[ -x "$bindir/initdb" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

# PostgreSQL refuses to run as root: then the servers run as BB_SERVER_USER (postgres).
srvuser=${BB_SERVER_USER:-postgres}
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u "$srvuser" -- "$@"; else "$@"; fi; }
own() { if [ "$(id -u)" = 0 ]; then chown -R "$srvuser:" "$@"; fi; }
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# make_tls: a test CA and a server certificate for 127.0.0.1 (and localhost) in $top/tls.
make_tls() {
    t=$top/tls
    mkdir -p "$t"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj "/CN=bb region test CA" -keyout "$t/ca.key" -out "$t/ca.crt" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1 \
        -keyout "$t/server.key" -out "$t/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$t/san.ext"
    openssl x509 -req -in "$t/server.csr" -CA "$t/ca.crt" -CAkey "$t/ca.key" -CAcreateserial \
        -days 2 -extfile "$t/san.ext" -out "$t/server.crt" 2>/dev/null
    chmod 0755 "$t"
    chmod 0644 "$t/ca.crt" "$t/server.crt"
    chmod 0600 "$t/server.key"
    own "$t/server.key" "$t/server.crt"
}

# pg_start NAME PORT: starts the cluster $top/NAME on 127.0.0.1:PORT, TLS on, every
# connection logged; its socket directory is private and pg_hba.conf has no local lines.
pg_start() {
    as_server "$bindir/pg_ctl" -D "$top/$1" -l "$top/$1.run/server.log" -w -t 60 \
        -o "-p $2 -k $top/$1.run -c listen_addresses=127.0.0.1 -c fsync=off \
            -c ssl=on -c ssl_cert_file=$top/tls/server.crt -c ssl_key_file=$top/tls/server.key \
            -c log_connections=on -c max_connections=50" start >/dev/null ||
        { cat "$top/$1.run/server.log" >&2; exit 1; }
}
pg_stop() { as_server "$bindir/pg_ctl" -D "$top/$1" -m "${2:-fast}" -w stop >/dev/null 2>&1 || true; }

# conn ROLE PORTS [ATTRS]: a connection string to database bb on 127.0.0.1 at the ports given
# (several: libpq's multi-host form), verified against the test CA.
conn() {
    hosts=$(printf '%s' "$2" | sed 's/[0-9][0-9]*/127.0.0.1/g')
    printf 'host=%s port=%s dbname=bb user=%s sslmode=verify-full sslrootcert=%s%s' \
        "$hosts" "$2" "$1" "$top/tls/ca.crt" "${3:+ target_session_attrs=$3}"
}

# sql SQL: as the superuser bb on the primary, over TLS like everyone else.
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$(conn bb "$p1")" -c "$1"; }

# password ROLE: gives ROLE its password (the role's name backwards, good enough for a test)
# and puts it in the libpq password file.
password() {
    pw=$(printf '%s' "$1" | rev)-pw
    sql "ALTER ROLE $1 PASSWORD '$pw'"
    printf '127.0.0.1:*:*:%s:%s\n' "$1" "$pw" >>"$PGPASSFILE"
}

# start_primary: a primary that takes TLS with scram-sha-256 only, database bb migrated.
start_primary() {
    top=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/region.XXXXXX")
    chmod 711 "$top"
    trap 'pg_stop standby immediate; pg_stop primary immediate; stop_bridges; rm -rf "$top"' EXIT
    make_tls
    p1=$(free_port) p2=$(free_port)
    export PGPASSFILE="$top/pgpass"
    printf '127.0.0.1:*:*:bb:bb-superuser-pw\n' >"$PGPASSFILE"
    chmod 600 "$PGPASSFILE"
    mkdir -m 700 "$top/primary" "$top/standby" "$top/primary.run" "$top/standby.run"
    printf 'bb-superuser-pw\n' >"$top/superpw"
    own "$top/primary" "$top/standby" "$top/primary.run" "$top/standby.run" "$top/superpw"
    as_server "$bindir/initdb" -D "$top/primary" -U bb --pwfile="$top/superpw" \
        --auth=scram-sha-256 -E UTF8 --locale=C --no-sync >"$top/initdb.log" 2>&1 ||
        { cat "$top/initdb.log" >&2; exit 1; }
    printf '%s\n' "hostssl all all 127.0.0.1/32 scram-sha-256" \
        "hostssl replication repl 127.0.0.1/32 scram-sha-256" >"$top/primary/pg_hba.conf"
    pg_start primary "$p1"
    psql -X -q -d "$(conn bb "$p1" | sed 's/dbname=bb/dbname=postgres/')" -c "CREATE DATABASE bb"
    sql "CREATE ROLE repl LOGIN REPLICATION"
    password repl
    printf '%s\n' 'correct horse battery staple' >"$top/admin.pw"
    chmod 600 "$top/admin.pw"
    export BB_PIN_FILE="$top/pins" XDG_CONFIG_HOME="$top/config" BB_UNLOCK_TIMEOUT=900
    unset BB_DATABASE_URL BB_REPORT_DATABASE_URL PGHOST PGSERVICE PGDATABASE PGUSER BB_DATA_DIR \
        BB_ALLOW_INSECURE_TLS PGSSLMODE PGSSLROOTCERT || true
    run "$bbctl" --db "$(conn bb "$p1")" db migrate
    expect_rc 0
}

# start_standby: a hot standby of the primary made with pg_basebackup -R, streaming.
start_standby() {
    run as_server env PGPASSFILE= "$bindir/pg_basebackup" -D "$top/standby" -R -X stream -c fast \
        -d "$(conn repl "$p1" | sed 's/dbname=bb //') password=$(printf repl | rev)-pw"
    expect_rc 0
    pg_start standby "$p2"
    for _ in $(seq 50); do
        [ "$(sql "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" = 1 ] && return 0
        sleep 0.2
    done
    fail "the standby does not stream"
}

# caught_up: waits until the standby has replayed all the primary has written.
caught_up() {
    lsn=$(sql "SELECT pg_current_wal_lsn()")
    for _ in $(seq 100); do
        [ "$(psql -X -At -d "$(conn bb "$p2")" -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ] &&
            return 0
        sleep 0.1
    done
    fail "the standby did not catch up with $lsn"
}

# org NAME ADMIN: an organisation and its administrator ADMIN, who works as the superuser.
org() {
    run "$org_fixture_bin" "$(conn bb "$p1")" "$1" "$2" "$top/admin.pw"
    expect_rc 0
}

# admin ORG ADMIN CMD...: bbctl as the organisation's administrator ADMIN, connected as the
# superuser over TLS to the primary.
admin() {
    o=$1 a=$2
    shift 2
    BB_PASSPHRASE_FILE="$top/admin.pw" setsid -w "$bbctl" --db "$(conn bb "$p1")" --org "$o" \
        --user "$a" "$@" </dev/null
}

# person ORG ADMIN LOGIN ROLE: bb user LOGIN with bb role ROLE and a login role of their own
# (login_role_of LOGIN), its password set; for a coordinator enrolled and granted the keys.
login_role_of() { printf 'r_%s_%s' "$1" "$tag"; }
person() {
    r=$(login_role_of "$3")
    run admin "$1" "$2" user add "$3" --role "$4" --db-role "$r"
    expect_rc 0
    password "$r"
    [ "$4" = coordinator ] || return 0
    printf '%s heeft een eigen lange zin\n' "$3" >"$top/$3.pw"
    chmod 600 "$top/$3.pw"
    run "$bbctl" --db "$(conn "$r" "$p1")" --org "$1" --user "$3" user enroll --passphrase-file "$top/$3.pw"
    expect_rc 0
    run admin "$1" "$2" user grant "$3"
    expect_rc 0
}

# as LOGIN CMD...: bbctl as LOGIN through their own login role: on the primary (read-write:
# libpq passes a standby by) and with the figures from the standby (prefer-standby: listed
# first, so that the primary is not even tried while the standby is there).
as() {
    r=$(login_role_of "$1")
    l=$1
    shift
    env BB_DATABASE_URL="$(conn "$r" "$p1,$p2" read-write)" \
        BB_REPORT_DATABASE_URL="$(conn "$r" "$p2,$p1" prefer-standby)" \
        BB_USER="$l" BB_PASSPHRASE_FILE="$top/$l.pw" setsid -w "$bbctl" "$@" </dev/null
}

setup_region() {
    start_primary
    org "Welzijn Oost" oost
    org "Welzijn West" west
    run admin "Welzijn Oost" oost unlock
    expect_rc 0
    person "Welzijn Oost" oost anna coordinator
    person "Welzijn Oost" oost stuur coordinator
    run admin "Welzijn West" west unlock
    expect_rc 0
    person "Welzijn West" west bram coordinator
    start_standby
}

t_two_organisations_at_once() {
    for who in anna bram; do
        run as "$who" unlock
        expect_rc 0
    done
    # Both register at the same time, each through their own login role.
    for who in anna bram; do
        for i in 1 2 3 4; do
            as "$who" case new --reported 2026-01-0$i --source zelfmelder --type parkeren \
                >"$top/$who.new.$i" 2>&1 &
        done
    done
    wait
    for who in anna bram; do
        run as "$who" case list --json
        expect_rc 0
        n=$(printf '%s' "$stdout" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["cases"]))')
        [ "$n" = 4 ] || fail "$who sees $n cases, expected their own 4: $stdout"
        for i in 1 2 3 4; do
            expect_out "$(cat "$top/$who.new.$i")"
        done
    done
    # Every write went to the primary; the standby has them too.
    run as anna party add "$(cat "$top/anna.new.1")" --role melder --name "Mieke de Melder"
    expect_rc 0
    [ "$(sql "SELECT count(*) FROM bb_case")" = 8 ] || fail "the primary lacks cases"
    caught_up
    [ "$(psql -X -At -d "$(conn bb "$p2")" -c "SELECT count(*) FROM bb_case")" = 8 ] ||
        fail "the standby lacks cases"
}

# The figures are read from the standby; the export's audit record is written on the primary.
t_reporter_reads_the_standby() {
    person "Welzijn Oost" oost rapport reporter
    r=$(login_role_of rapport)
    caught_up
    before=$(grep -c "connection authorized: user=$r " "$top/standby.run/server.log" || true)
    run as rapport stats --published --period 2026-Q1
    expect_rc 0
    expect_out "2026"
    after=$(grep -c "connection authorized: user=$r " "$top/standby.run/server.log" || true)
    [ "$after" -gt "$before" ] || fail "the reporter's figures did not come from the standby"
    grep -q "connection authorized: user=$r " "$top/primary.run/server.log" &&
        fail "the reporter's figures came from the primary"
    run as rapport export --period 2026-Q1 --format csv
    expect_rc 0
    grep -q "connection authorized: user=$r " "$top/primary.run/server.log" ||
        fail "the export's audit record was not written on the primary"
    [ "$(sql "SELECT count(*) FROM audit_log WHERE action = 'export'")" = 1 ] ||
        fail "no audit record of the export"
    # Without BB_REPORT_DATABASE_URL the figures come from the main connection.
    after=$(grep -c "connection authorized: user=$r " "$top/standby.run/server.log")
    run env BB_DATABASE_URL="$(conn "$r" "$p1,$p2" read-write)" BB_USER=rapport \
        setsid -w "$bbctl" stats --published --period 2026-Q1
    expect_rc 0
    [ "$(grep -c "connection authorized: user=$r " "$top/standby.run/server.log")" = "$after" ] ||
        fail "without BB_REPORT_DATABASE_URL the figures came from the standby"
}

# The primary is gone: a clear message naming the servers tried, exit status 6; the figures
# still come from the standby; once the primary is back everything works again.
t_primary_gone() {
    pg_stop primary fast
    run as anna case list
    expect_rc 6
    expect_err "cannot connect to the database"
    expect_err "127.0.0.1\", port $p1 failed"
    expect_err "port $p2 failed: session is read-only"
    run as rapport stats --published --period 2026-Q1
    expect_rc 0
    pg_start primary "$p1"
    run as anna case list
    expect_rc 0
    expect_out "$(cat "$top/anna.new.1")"
}

# stop_bridges: the dead-network test's forwarders.
stop_bridges() { for pid in ${bridges:-}; do kill "$pid" 2>/dev/null || true; done; }

# Inside a network namespace of its own (unshare -n, run by t_dead_network), bbctl reaches the
# primary through a forwarder on that namespace's loopback; once bbctl is connected and waits
# for its passphrase, the loopback goes down: no packet moves, nothing is closed.
dead_network_inside() {
    ip link set lo up
    python3 "$here/bridge.py" "tcp:$px" "unix:$top/bridge.sock" >"$top/inner.log" 2>&1 &
    bridges="$bridges $!"
    for _ in $(seq 50); do grep -q ready "$top/inner.log" && break; sleep 0.1; done
    rm -f "$top/fifo"
    mkfifo "$top/fifo"
    r=$(login_role_of anna)
    BB_DATABASE_URL=$(conn "$r" "$px") BB_USER=anna BB_PASSPHRASE_FILE="$top/fifo" \
        BB_UNLOCK_TIMEOUT=0 setsid -w "$bbctl" case new --reported 2026-01-05 --source politie \
        --type parkeren </dev/null >"$top/dead.out" 2>"$top/dead.err" &
    pid=$!
    exec 3>"$top/fifo" # opens once bbctl reads its passphrase: it is connected by then
    ip link set lo down
    start=$(date +%s)
    cat "$top/anna.pw" >&3
    exec 3>&-
    set +e
    wait "$pid"
    rc=$?
    set -e
    took=$(($(date +%s) - start))
    echo "bbctl exited with $rc after $took s: $(cat "$top/dead.err")"
    [ "$rc" = 6 ] || fail "exit status $rc, expected 6: $(cat "$top/dead.err")"
    # tcp_user_timeout (30 s) notices the loss; bbctl's one try to connect again gives up after
    # connect_timeout (10 s).
    [ "$took" -le 50 ] || fail "the dead network was noticed after $took s"
    grep -q "the connection to the database was lost" "$top/dead.err" ||
        fail "no clear message: $(cat "$top/dead.err")"
}

t_dead_network() {
    bridges=
    python3 "$here/bridge.py" "unix:$top/bridge.sock" "tcp:$p1" >"$top/outer.log" 2>&1 &
    bridges=$!
    for _ in $(seq 50); do grep -q ready "$top/outer.log" && break; sleep 0.1; done
    px=$(free_port)
    export top p1 px bridges
    unshare -n "$0" dead_network_inside
}

if [ "${1:-}" = dead_network_inside ]; then
    # Run again by t_dead_network inside the namespace: top, p1, px and tag come exported.
    dead_network_inside
    exit 0
fi
own_session "$0" "$@"
case ${1:-all} in
all)
    setup_region
    for t in t_two_organisations_at_once t_reporter_reads_the_standby t_primary_gone; do
        echo "== $t"
        "$t"
    done
    ;;
dead_network)
    command -v ip >/dev/null || { echo "SKIP: no ip (iproute2)"; exit 77; }
    unshare -n true 2>/dev/null || { echo "SKIP: no network namespace (unshare -n)"; exit 77; }
    start_primary
    org "Welzijn Oost" oost
    run admin "Welzijn Oost" oost unlock
    expect_rc 0
    person "Welzijn Oost" oost anna coordinator
    t_dead_network
    ;;
*)
    echo "usage: central.sh all | dead_network" >&2
    exit 2
    ;;
esac
