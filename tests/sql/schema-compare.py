#!/usr/bin/env python3
"""An upgraded database has exactly the schema of a new one (docs/database.md, "Schema sources").

Usage: schema-compare.py BBCTL FIXTURE
       schema-compare.py --dump DBNAME      (prints one database's normalised schema)

Builds one database from scratch (`bbctl db migrate` on an empty one), restores another from
FIXTURE (a gzip'd plain pg_dump of an older schema with demo data, tests/fixtures/), migrates
that one too, and compares their schemas: `pg_dump --schema-only`, normalised. Every figure
the restored database showed before its migration (bb_stat_report and friends, for several
periods) must be its exact figure after it, its ledgers must record what a new database's do, and a second
migration must find nothing to do. Exits 77 (skipped)
without a test server (BB_TEST_PGHOST).

Normalising: each schema makes one pass through pg_dump and a restore first, because a
restore may print some expressions with fewer parentheses than the statements that made them
(a CHECK with BETWEEN), and the fixture has been through one; then pg_dump's SET lines, its
\\restrict keys and its banner go, and the objects (each under pg_dump's "-- Name:" header,
which names its type and owner) are sorted, so their order in the dump does not matter.
"""
import gzip
import os
import re
import subprocess
import sys
import time

HOST = os.environ.get("BB_TEST_PGHOST", "")
USER = os.environ.get("BB_TEST_PGUSER", "bb")

# The figures a migration must not change: every report block of several periods, the
# reports per quarter and the parameters, of every organisation. K: NULL for the figures as
# published, -1 for the exact ones (from 0015 on; those of the fixture's schema hid small
# counts, so a migrated database's exact figures are compared with what they showed).
FIGURES = """
SELECT o.name, p.f, p.t, r.*
  FROM organisation o,
       (VALUES ('2023-07-01'::date, '2025-06-30'::date), ('2024-01-01', '2024-12-31'),
               ('2025-01-01', '2025-06-30'), ('2025-04-01', '2025-06-30'),
               ('2024-03-10', '2024-09-20')) AS p(f, t),
       LATERAL bb_stat_report(o.id, p.f, p.t, K) AS r
 ORDER BY 1, 2, 3;
SELECT o.name, q.* FROM organisation o,
       LATERAL bb_stat_reports_by_quarter(o.id, '2023-07-01', '2025-06-30', K) AS q ORDER BY 1;
SELECT o.name, x.* FROM organisation o, LATERAL bb_stat_parameters(o.id) AS x ORDER BY 1, 2;
SELECT o.name, bb_stat_first_report(o.id) FROM organisation o ORDER BY 1;
"""


# What the schema's ledgers record, and when.
LEDGERS = """
SELECT version, name, checksum FROM bb_schema_migration ORDER BY 1;
SELECT name, revision, checksum FROM bb_schema_source ORDER BY 1;
"""
APPLIED = """
SELECT string_agg(applied_at::text, ',' ORDER BY version) FROM bb_schema_migration;
SELECT string_agg(applied_at::text, ',' ORDER BY name) FROM bb_schema_source;
"""


def run(cmd, stdin=None, env=None):
    res = subprocess.run(cmd, input=stdin, capture_output=True, env=env)
    if res.returncode != 0:
        sys.exit("FAIL: %s: %s%s" % (" ".join(cmd), res.stdout.decode(errors="replace"),
                                     res.stderr.decode(errors="replace")))
    return res.stdout.decode()


def psql(db, sql=None, stdin=None):
    """Runs sql, or the script stdin in one transaction (much faster than a commit each)."""
    cmd = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", HOST, "-U", USER, "-d", db]
    if stdin is not None:
        cmd.append("--single-transaction")
    if sql is not None:
        cmd += ["-c", sql]
    return run(cmd, stdin=stdin)


def conninfo(db):
    return "host=%s user=%s dbname=%s" % (HOST, USER, db)


def create_db(made, label):
    name = "cmp_%s_%d_%d" % (label, os.getpid(), time.time_ns() % 10**9)
    psql("postgres", "CREATE DATABASE %s TEMPLATE template0" % name)
    made.append(name)
    return name


def migrate(bbctl, db):
    return run([bbctl, "--db", conninfo(db), "db", "migrate"])


def normalise(dump):
    lines = [l for l in dump.splitlines()
             if not re.match(r"(SET |SELECT pg_catalog\.set_config\(|\\(un)?restrict )", l)
             and not re.match(r"-- (PostgreSQL database dump|Dumped (from|by) )", l)]
    objects = re.split(r"^--\n(?=-- (?:Name|Data for Name): )", "\n".join(lines), flags=re.M)
    objects = ["\n".join(l for l in o.splitlines() if l != "--").strip("\n") for o in objects]
    return "\n\n".join(sorted(o for o in objects if o)) + "\n"


def schema(made, db):
    """db's schema after one pass through pg_dump and a restore, normalised."""
    dump = ["pg_dump", "--schema-only", "-h", HOST, "-U", USER]
    copy = create_db(made, "rt")
    psql(copy, stdin=run(dump + [db]).encode())
    return normalise(run(dump + [copy]))


def compare(bbctl, fixture):
    made = []
    try:
        fresh = create_db(made, "new")
        migrate(bbctl, fresh)
        old = create_db(made, "old")
        with gzip.open(fixture) as f:
            psql(old, stdin=f.read())
        before = psql(old, FIGURES.replace("K)", "NULL)"))
        migrate(bbctl, old)
        after = psql(old, FIGURES.replace("K)", "-1)"))
        changed = changed_figures(before, after)
        if changed or before.count("\n") < 100:
            sys.exit("FAIL: the fixture's figures changed when it was migrated:\n"
                     + "\n".join(changed[:100]))
        if psql(old, LEDGERS) != psql(fresh, LEDGERS):
            sys.exit("FAIL: the migrated fixture's ledgers are not a new database's:\n"
                     + diff(psql(fresh, LEDGERS), psql(old, LEDGERS)))
        applied = psql(old, APPLIED)
        migrate(bbctl, old)
        if psql(old, APPLIED) != applied:
            sys.exit("FAIL: a second migration was not a no-op")
        a, b = schema(made, fresh), schema(made, old)
        if a != b:
            sys.exit("FAIL: the migrated fixture's schema differs from a new database's:\n"
                     + diff(a, b))
        print("ok: the migrated fixture has a new database's schema (%d objects), and its "
              "figures (%d rows) did not change" % (a.count("\n-- Name: ") + 1,
                                                     before.count("\n")))
    finally:
        for db in made:
            psql("postgres", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % db)


def figure_rows(text):
    """{key: (value, suppressed)} of FIGURES' output: a report row has 9 fields, a quarter 5, a
    parameter 3, a first report 2; the value is the field after the key."""
    rows = {}
    for line in text.splitlines():
        f = line.split("|")
        key_len = {9: 6, 5: 2, 3: 2, 2: 1}[len(f)]
        rows[tuple(f[:key_len])] = (f[key_len], f[key_len + 1] if len(f) > key_len + 1 else "f")
    return rows


def changed_figures(before, after):
    """The figures shown before that are missing or different after (a value hidden before
    may be anything after: the exact figures hide nothing)."""
    b, a = figure_rows(before), figure_rows(after)
    return ["%s: %s -> %s" % ("|".join(k), v, a.get(k)) for k, v in b.items()
            if v[1] != "t" and a.get(k) != v]


def diff(a, b):
    import difflib
    lines = difflib.unified_diff(a.splitlines(), b.splitlines(), "new database",
                                 "migrated fixture", lineterm="", n=2)
    return "\n".join(list(lines)[:300])


def main():
    if not HOST:
        print("SKIP: BB_TEST_PGHOST is not set")
        return 77
    if sys.argv[1:2] == ["--dump"]:
        made = []
        try:
            sys.stdout.write(schema(made, sys.argv[2]))
        finally:
            for db in made:
                psql("postgres", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % db)
        return 0
    compare(sys.argv[1], sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
