#!/bin/sh
# bbtui's speed with many cases (issue 5, "Speed"; docs/benchmarks-tui.md). Not a test: it
# measures and prints. Usage:
#
#   tests/tui/bench.sh [BUILD_DIR [CASES]]      (defaults: build, 100000)
#
# Starts a throwaway PostgreSQL in a temporary directory (tests/harness/pg-server), makes an
# organisation with `bbctl init`, fills it with CASES cases (with `bbctl demo seed` when this
# bbctl has it, else one case made by bbctl and the rest copied from it with SQL
# generate_series, spread over two years, statuses and areas), then drives bbtui in tmux at
# 120x40 with BBTUI_BENCH=FILE, which logs the time from start to the first screen and the
# time of every keystroke (from reading the key to the screen being updated). Prints a summary
# and leaves the raw log in bench-tui.log.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
cases=${2:-100000}
bbtui=$build/tui/bbtui
bbctl=$build/cmd/bbctl
log=$PWD/bench-tui.log

if [ -z "${BB_BENCH_OWN_SESSION:-}" ]; then
    BB_BENCH_OWN_SESSION=1 exec keyctl session - "$0" "$@" # keys kept for this run only
fi

tmp=$(mktemp -d /tmp/bb-bench-tui.XXXXXX)
chmod 0711 "$tmp"
sock=$tmp/tmux.sock
cleanup() {
    tmux -S "$sock" kill-server 2>/dev/null || true
    "$top/tests/harness/pg-server" stop "$tmp/server" || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

say() { printf '%s\n' "$*" >&2; }

say "Starting a throwaway server..."
"$top/tests/harness/pg-server" start "$tmp/server"
host=$tmp/server/run
psql -X -q -h "$host" -U bb -d postgres -c 'CREATE DATABASE bench'
export BB_DATABASE_URL="host=$host user=bb dbname=bench" BB_PIN_FILE="$tmp/pins"
export XDG_CONFIG_HOME="$tmp/config" BB_LOCALEDIR="$build/po"
unset BB_USER BB_UNLOCK_TIMEOUT NO_COLOR || true
"$bbctl" db migrate >/dev/null
printf 'correct horse battery staple\n' >"$tmp/pw"
chmod 600 "$tmp/pw"
setsid -w "$bbctl" init --org Bench --admin admin --passphrase-file "$tmp/pw" \
    --recovery-out "$tmp/shares" </dev/null >/dev/null

# The SQL way: one real case, then copies of its whole row (so whatever columns a case has,
# the copies have them) under the next numbers, reported over the two years before today.
# New cases must start as 'aangemeld' (a trigger says so), and status changes go through the
# workflow trigger; this is bulk test data, so triggers are off for the load (we are the
# server's superuser) and the copies are made valid by construction: closed ones get an
# outcome and a closing date after the report.
sql_seed() {
    for a in Noord Zuid Oost West 'De Vaart' Centrum; do
        "$bbctl" area set "$a" >/dev/null
    done
    setsid -w "$bbctl" --user admin case new --reported 2024-01-01 --source politie \
        --type parkeren </dev/null >/dev/null
    psql -X -q -d "$BB_DATABASE_URL" -v ON_ERROR_STOP=1 -v n="$(($1 - 1))" <<'EOF'
SET session_replication_role = replica;
INSERT INTO bb_case
SELECT (jsonb_populate_record(c, jsonb_build_object(
          'id', gen_random_uuid(),
          'seq', c.seq + g,
          'reported_on', current_date - (g % 730),
          'source', (ARRAY['zelfmelder','politie','woningcorporatie','gemeente','welzijn','zorg','anders'])[1 + g % 7],
          'conflict_types', ARRAY[(ARRAY['geluid_personen','huisdieren','parkeren','pesten','overig'])[1 + g % 5]],
          'area', (ARRAY['Noord','Zuid','Oost','West','De Vaart','Centrum'])[1 + g % 6],
          'status', CASE WHEN g % 730 < 60
                         THEN (ARRAY['aangemeld','intake','lopend','nazorg','in_de_wacht','doorverwezen'])[1 + g % 6]
                         ELSE 'afgesloten' END,
          'outcome', CASE WHEN g % 730 < 60 THEN NULL ELSE 'opgelost' END,
          'closed_on', CASE WHEN g % 730 < 60 THEN NULL
                            ELSE current_date - (g % 730) + 30 END))).*
  FROM bb_case c, generate_series(1, :n) g;
INSERT INTO case_event (org_id, case_id, at, from_status, to_status)
SELECT org_id, id, reported_on, NULL, 'aangemeld' FROM bb_case WHERE seq > 1;
UPDATE number_counter SET last = (SELECT max(seq) FROM bb_case) WHERE series LIKE 'case:%';
RESET session_replication_role;
ANALYZE;
EOF
}

say "Making $cases cases..."
if "$bbctl" help demo 2>/dev/null | grep -q "demo seed"; then
    seeded_with="bbctl demo seed"
    setsid -w "$bbctl" --user admin demo seed --cases "$cases" </dev/null >/dev/null
else
    seeded_with="SQL generate_series (bbctl has no 'demo seed')"
    sql_seed "$cases"
fi
# Fresh statistics, as autovacuum gives a database in use: right after a bulk load the planner
# guesses, and a guess of thousands of rows picks parallel plans that cost 200 ms a query.
psql -X -q -d "$BB_DATABASE_URL" -c ANALYZE
psql -X -q -t -d "$BB_DATABASE_URL" -c "SELECT count(*) || ' cases, ' ||
    count(*) FILTER (WHERE status <> 'afgesloten') || ' open' FROM bb_case" >"$tmp/counts"

tm() { tmux -S "$sock" "$@"; }
wait_for() {
    tries=600
    until tm capture-pane -p -t b | grep -Eq -- "$1"; do
        [ "$tries" -gt 0 ] || { tm capture-pane -p -t b >&2; say "no '$1'"; exit 1; }
        sleep 0.05
        tries=$((tries - 1))
    done
}
# keys_wait KEY COUNT PATTERN: sends KEY COUNT times, then waits for PATTERN.
keys_wait() {
    for _ in $(seq "$2"); do tm send-keys -t b "$1"; done
    wait_for "$3"
}

rm -f "$log"
say "Driving bbtui..."
tm -f /dev/null new-session -d -s b -x 120 -y 40 \
    "env LC_ALL=C.UTF-8 BBTUI_BENCH='$log' '$bbtui' --user admin; sleep 600"
tm set-option -t b status off >/dev/null
wait_for 'Open cases by status'
tries=600
until grep -q ' settled ' "$log" 2>/dev/null || [ "$tries" -eq 0 ]; do # the counts are in
    sleep 0.05
    tries=$((tries - 1))
done
keys_wait 2 1 'Page 1;'
keys_wait j 200 'Page 6;' # 34 rows a page: across five page boundaries
keys_wait PgDn 30 'Page 36;'
keys_wait PgUp 10 'Page 26;'
for _ in $(seq 20); do
    keys_wait Enter 1 '^ bb: Case'
    keys_wait q 1 '^ bb: Cases'
    tm send-keys -t b j
done
keys_wait 1 1 'Open cases by status'
keys_wait R 5 'Open cases by status'
tm send-keys -t b Q
tries=100
until grep -q max_rss_kib "$log" 2>/dev/null || [ "$tries" -eq 0 ]; do
    sleep 0.1
    tries=$((tries - 1))
done

printf 'bbtui benchmark: %s (%s), data by %s\n' "$(sed 's/^ *//' "$tmp/counts")" \
    "$(basename "$build")" "$seeded_with"
awk '
function pct(arr, n, p,   i, j, t, k) {
    for (i = 1; i <= n; i++) s[i] = arr[i]
    for (i = 2; i <= n; i++) { t = s[i]; for (j = i - 1; j >= 1 && s[j] > t; j--) s[j + 1] = s[j]; s[j + 1] = t }
    k = int((n - 1) * p + 1.5); if (k > n) k = n
    return s[k]
}
/ unlocked / { unlocked = $1 }
/ first_screen / { first = $1 }
/ settled / { if (!settled) settled = $1 }
/ key / {
    v = $5; name = $3; ms = $7
    grp = v " " (name == "j" || name == "k" ? "j/k" : name)
    n[grp]++; d[grp, n[grp]] = ms
    all++; a[all] = ms
}
/ done view case / { nd++; dd[nd] = $6 }
/ max_rss_kib / { rss = $3 }
END {
    printf "start to first screen: %.1f ms after unlock (%.1f ms after process start)\n", first - unlocked, first
    printf "start screen complete (every count in): %.1f ms after unlock\n", settled - unlocked
    printf "%-22s %6s %9s %9s %9s\n", "keystrokes (screen key)", "count", "median", "p95", "max ms"
    for (g in n) {
        for (i = 1; i <= n[g]; i++) x[i] = d[g, i]
        printf "%-22s %6d %9.2f %9.2f %9.2f\n", g, n[g], pct(x, n[g], 0.5), pct(x, n[g], 0.95), pct(x, n[g], 1)
    }
    printf "all keystrokes: %d, p95 %.2f ms, max %.2f ms\n", all, pct(a, all, 0.95), pct(a, all, 1)
    if (nd > 0)
        printf "case complete (parties and timeline in): %d opened, median %.2f, p95 %.2f, max %.2f ms\n", nd, pct(dd, nd, 0.5), pct(dd, nd, 0.95), pct(dd, nd, 1)
    printf "memory: max RSS %.1f MiB\n", rss / 1024
}' "$log"
