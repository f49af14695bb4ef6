#!/bin/sh
# Upgrades: a backup made with an earlier release (tests/fixtures/upgrade/, README.md there) is
# restored and migrated by this bbctl with its data intact and its figures equal; an older
# bbctl refuses a newer schema. Usage: upgrade.sh CASE (one meson test per t_ function).
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/embedded.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}
fixtures=$(cd "$(dirname "$0")/../fixtures/upgrade" && pwd)

# The fixture, restored into the embedded database in $tmp/u as its own files would be.
restored() {
    embedded_setup upgrade
    gzip -dc "$fixtures/demo-0014.dump.gz" >"$tmp/demo-0014.dump"
    cp "$fixtures/demo-0014.dump.sha256" "$tmp/"
    printf '%s\n' 'fixture passphrase' >"$tmp/pw"
    chmod 600 "$tmp/pw"
    export BB_USER=demo BB_PASSPHRASE_FILE="$tmp/pw" BB_UNLOCK_TIMEOUT=600
    on u db restore "$tmp/demo-0014.dump"
    expect_rc 0
}

# Every figure of every organisation, one JSON object a line: the report of several periods,
# the reports by quarter, the parameters and the first report. A figure a later schema adds is
# a new key; the keys of the earlier schema keep their values. $1: the k asked for, NULL for
# the figures as published, -1 for the exact ones (from 0015 on, when published counts carry
# noise: what the fixture's schema showed is compared with the exact figures after).
figures() {
    esql u "
SELECT jsonb_build_object('org', o.name, 'from', p.f, 'to', p.t) || to_jsonb(r)
  FROM organisation o,
       (VALUES ('2023-07-01'::date, '2025-06-30'::date), ('2024-01-01', '2024-12-31'),
               ('2025-01-01', '2025-06-30'), ('2025-04-01', '2025-06-30')) AS p(f, t),
       LATERAL bb_stat_report(o.id, p.f, p.t, $1) AS r
UNION ALL
SELECT jsonb_build_object('org', o.name, 'quarters', jsonb_agg(to_jsonb(q)))
  FROM organisation o, LATERAL bb_stat_reports_by_quarter(o.id, '2023-07-01', '2025-06-30', $1) q
 GROUP BY o.name
UNION ALL
SELECT jsonb_build_object('org', o.name, 'parameters', jsonb_agg(to_jsonb(x)))
  FROM organisation o, LATERAL bb_stat_parameters(o.id) x GROUP BY o.name
UNION ALL
SELECT jsonb_build_object('org', o.name, 'first', bb_stat_first_report(o.id)) FROM organisation o"
}

t_fixture_is_migrated_with_its_data_and_figures() {
    restored
    figures NULL >"$tmp/before"
    [ "$(wc -l <"$tmp/before")" -ge 4 ] || fail "too few figures: $(cat "$tmp/before")"
    on u db migrate
    expect_rc 0
    on u db migrate
    expect_rc 0
    expect_out "The schema is up to date"
    on u db status
    expect_out "Schema: *version [0-9]* of [0-9]* (up to date)"
    figures -1 >"$tmp/after"
    [ "$(wc -l <"$tmp/after")" = "$(wc -l <"$tmp/before")" ] || fail "another number of figures"
    python3 - "$tmp/before" "$tmp/after" <<'PY' || fail "a figure changed in the migration"
import json, sys

def within(b, a):
    """b's keys all in a with equal values (a later schema may add keys and parameters),
    recursively; a value hidden before may be anything now (the exact figures hide nothing)."""
    if isinstance(b, dict):
        keys = [k for k in b if not b.get('suppressed') or k not in ('value', 'suppressed', 'small')]
        return isinstance(a, dict) and all(k in a and within(b[k], a[k]) for k in keys)
    if isinstance(b, list) and b and isinstance(b[0], dict) and 'key' in b[0]:
        have = {x['key']: x for x in a}
        return all(x['key'] in have and within(x, have[x['key']]) for x in b)
    if isinstance(b, list):
        return isinstance(a, list) and len(a) == len(b) and all(map(within, b, a))
    return a == b

before, after = ([json.loads(l) for l in open(f)] for f in sys.argv[1:])
bad = [(b, a) for b, a in zip(before, after) if not within(b, a)]
for b, a in bad[:3]:
    print("before: %s\nafter:  %s" % (b, a), file=sys.stderr)
sys.exit(1 if bad or len(before) != len(after) else 0)
PY
    # The fixture's passphrase opens every case, and the parties read as they did.
    on u case list --limit 100 --json
    expect_rc 0
    for n in $(printf '%s' "$stdout" | python3 -c 'import json,sys
for c in json.load(sys.stdin)["cases"]: print(c["number"])'); do
        on u case show "$n" --json
        expect_rc 0
        printf '%s\n' "$stdout"
    done | python3 -c '
import json, sys
for line in sys.stdin:
    c = json.loads(line)
    print(c["number"], c["status"], " | ".join("%s, %s %s" % (p.get("name") or "-",
          p.get("street") or "-", p.get("house_number") or "-") for p in c["parties"]))
' >"$tmp/cases"
    diff -u "$fixtures/demo-0014.cases" "$tmp/cases" >&2 || fail "the cases read otherwise"
    # The audit chain holds the fixture's head (README.md there).
    on u audit verify --expect-head "$(cat "$fixtures/demo-0014.head")"
    expect_rc 0
    expect_out "The audit log is intact"
}

# An older bbctl meets a newer schema (here, one migration more than this build knows): it
# does not migrate it, nor work on it (a case list, a report), says so and changes nothing.
t_older_bbctl_refuses_a_newer_schema() {
    restored
    on u db migrate
    expect_rc 0
    esql u "INSERT INTO bb_schema_migration (version, name, checksum)
            SELECT max(version) + 1, 'from-a-newer-bb', repeat('0', 64) FROM bb_schema_migration"
    on u db migrate
    expect_rc 1
    expect_err "newer"
    expect_err "upgrade bb"
    on u db migrate --dry-run
    expect_rc 1
    expect_err "upgrade bb"
    on u db status
    expect_out "(newer than this build: upgrade bb)"
    on u case list
    expect_rc 1
    expect_err "cannot open the database: the database schema is at version [0-9]*, newer than this build of bb knows ([0-9]*): upgrade bb"
    on u case new --reported 2025-01-02 --source politie --type parkeren
    expect_rc 1
    expect_err "upgrade bb"
    [ "$(esql u "SELECT count(*) FROM bb_case")" = 20 ] || fail "the cases changed"
}

own_session "$0" "$@"
"t_$1"
