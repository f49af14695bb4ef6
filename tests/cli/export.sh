#!/bin/sh
# bbctl stats and bbctl export on the figures' fixture (tests/db/stats-fixture.sql; every
# figure is computed by hand in tests/db/test-stats.c, and its protection checked against the
# documented table in tests/db/test-stats-safe.c). bbctl stats of the owner gives the exact
# figures; every export the protected ones. Each format is parsed back and compared.
# Usage: export.sh CASE (one meson test per t_ function).
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}
fixture="$(cd "$(dirname "$0")/../db" && pwd)/stats-fixture.sql"

# A fresh database with organisation 'Welzijn Oost' and the fixture; sets $db and $tmp. Area
# Zuid gets a name that needs quoting in CSV (its postcodes emptied first: area_check_overlap
# compares by name, so a renamed area would overlap its old self).
fixture_db() {
    [ -n "${BB_TEST_PGHOST:-}" ] || { echo "SKIP: BB_TEST_PGHOST is not set"; exit 77; }
    db=$(fresh_db)
    tmp=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/cli-export.XXXXXX")
    trap 'drop_db "$db"; rm -rf "$tmp"' EXIT
    owner_psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "INSERT INTO organisation (name) VALUES ('Welzijn Oost')" \
        -f "$fixture" \
        -c "UPDATE area SET postcodes = '{}' WHERE name = 'Zuid'" \
        -c "UPDATE area SET name = 'Zuid, \"oud\"' WHERE name = 'Zuid'" >/dev/null
}

# No file but the expected ones in $tmp: no temporary left behind either.
expect_files() {
    have=$(cd "$tmp" && ls -A | tr '\n' ' ')
    [ "$have" = "$1" ] || fail "files in $tmp: '$have', expected '$1'"
}

t_stats_summary() {
    fixture_db
    run "$bbctl" --db "$db" stats --period 2024-Q3
    expect_rc 0
    expect_out "Figures of 2024-Q3 (2024-07-01 – 2024-09-30)"
    expect_out "Compared with 2024-Q2"
    expect_out "^Internal figures, not for publication: exact counts, nothing hidden."
    expect_out "^New reports  *2024-Q3  *2024-Q2$"
    expect_out "^  Total  *31  *7$"
    expect_out "^    Municipality  *3  *0$"
    expect_out "^    Housing corporation  *5  *0$"
    expect_out "^  Median  *30  *10$"
    [ -z "$stderr" ] || fail "stderr on a pipe: $stderr"
    # What an export would publish.
    run "$bbctl" --db "$db" stats --period 2024-Q3 --published
    expect_rc 0
    expect_out "^To protect the privacy of those involved, every count has been changed a little"
    expect_out "^    Municipality  *<5  *0$"
    expect_out "^  Median  *30  *-$"
    ! printf '%s' "$stdout" | grep -q "Internal" || fail "published figures called internal"
    run "$bbctl" --db "$db" stats --period 2024-Q3 --format csv
    expect_rc 2
    expect_err "unknown option '--format'"
}

# bbctl stats --json: the export's JSON document, under any locale, with the values the text
# shows; also for --from/--to.
t_stats_json() {
    fixture_db
    LANGUAGE= LC_ALL=nl_NL.UTF-8 run "$bbctl" --db "$db" stats --period 2024-Q3 --json
    expect_rc 0
    [ -z "$stderr" ] || fail "stderr: $stderr"
    printf '%s' "$stdout" >"$tmp/stats.json"
    LANGUAGE= LC_ALL=C run "$bbctl" --db "$db" stats --period 2024-Q3
    printf '%s' "$stdout" >"$tmp/stats.txt"
    "$bbctl" --db "$db" stats --period 2024-Q3 --json --published >"$tmp/published.json"
    LANGUAGE= LC_ALL=C run "$bbctl" --db "$db" stats --period 2024-Q3 --published
    printf '%s' "$stdout" >"$tmp/published.txt"
    "$bbctl" --db "$db" export --period 2024-Q3 --format json >"$tmp/export.json"
    python3 - "$tmp/stats.json" "$tmp/stats.txt" "$tmp/published.json" "$tmp/published.txt" \
        "$tmp/export.json" <<'EOF' || fail "unexpected JSON"
import json, re, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
text = open(sys.argv[2], encoding='utf-8').read()
p = json.load(open(sys.argv[3], encoding='utf-8'))
ptext = open(sys.argv[4], encoding='utf-8').read()
e = json.load(open(sys.argv[5], encoding='utf-8'))
assert d['format'] == 'bb-figures' and d['version'] == 1, d
assert d['period'] == {'label': '2024-Q3', 'kind': 'quarter', 'from': '2024-07-01', 'to': '2024-09-30'}
assert d['previous']['label'] == '2024-Q2'
assert d['suppression']['method'] == 'exact' and d['suppression']['internal'] is True
assert p['suppression']['method'] == 'cell_key' and p['suppression']['internal'] is False
assert p['suppression']['k'] == 5 and p['suppression']['min_base'] == 10
assert 'changed a little' in p['suppression']['sentence'], p['suppression']
for x in (p, e):
    x.pop('computed_at')
assert p == e, 'stats --published is not the export document'
def rows(doc):
    return {(r['period'], r['metric'], r['dimension'], r['category']): r for r in doc['rows']}
v, pv = rows(d), rows(p)
def row(metric, dim, cat, period='2024-Q3', doc=v):
    return doc[(period, metric, dim, cat)]
# The exact figures, as the text shows them.
assert row('reports_new', 'total', 'all')['value'] == 31
assert row('reports_new', 'total', 'all', '2024-Q2')['value'] == 7
assert re.search(r'^  Total  *31  *7$', text, re.M)
assert row('reports_new', 'source', 'gemeente')['value'] == 3
assert re.search(r'^    Municipality  *3  *0$', text, re.M)
assert row('reports_new', 'source', 'politie') == {'period': '2024-Q3', 'metric': 'reports_new',
    'dimension': 'source', 'category': 'politie', 'value': 6, 'suppressed': False, 'small': False}
assert not any(r['suppressed'] for r in d['rows'] if r['value'] is not None)
# The protected ones: 3 hidden as small, 6 within 3 of itself and not below 5, as the text shows.
g = row('reports_new', 'source', 'gemeente', doc=pv)
assert g['value'] is None and g['suppressed'] and g['small'], g
assert re.search(r'^    Municipality  *<5  *0$', ptext, re.M)
pol = row('reports_new', 'source', 'politie', doc=pv)['value']
assert 5 <= pol <= 9, pol
assert re.search(r'^    Police  *%d  *0$' % pol, ptext, re.M)
assert all((r['value'] is None) == r['suppressed'] for r in p['rows'])
assert all(not r['small'] or r['suppressed'] for r in p['rows'])
EOF
    run "$bbctl" --db "$db" stats --from 2024-07-01 --to 2024-07-31 --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["period"] == {"label": "2024-07-01..2024-07-31", "kind": "custom", "from": "2024-07-01",
                       "to": "2024-07-31"}, d["period"]
assert d["previous"]["kind"] == "custom"
assert [r["value"] for r in d["rows"] if r["period"] == d["period"]["label"] and
        r["metric"] == "reports_new" and r["dimension"] == "total"] == [21]
' || fail "unexpected JSON of a custom period: $stdout"
}

t_bad_period_names_it_and_leaves_no_file() {
    fixture_db
    run "$bbctl" --db "$db" export --period 2024-Q5 --format csv --out "$tmp/x.csv"
    expect_rc 1
    expect_err "period: '2024-Q5' is not a period (expected YYYY-Qn, YYYY-Hn, YYYY or pilot)"
    expect_files ""
    printf 'old\n' >"$tmp/x.csv"
    run "$bbctl" --db "$db" export --period 2024-Q5 --format csv --out "$tmp/x.csv"
    expect_rc 1
    [ "$(cat "$tmp/x.csv")" = old ] || fail "the old file changed"
    expect_files "x.csv "
    run "$bbctl" --db "$db" stats --from 2024-03-31 --to 2024-03-01
    expect_rc 1
    expect_err "to: 2024-03-01 is before from (2024-03-31)"
    run "$bbctl" --db "$db" export --period 2024 --from 2024-01-01 --format csv
    expect_rc 2
    run "$bbctl" --db "$db" export --period 2024 --format pdf
    expect_rc 2
    expect_err "\-\-format: 'pdf' is not a format"
    run "$bbctl" --db "$db" export --period 2024 --format xlsx
    expect_rc 2
    expect_err "xlsx needs \-\-out FILE"
}

t_unwritable_target_leaves_no_file() {
    fixture_db
    printf 'x\n' >"$tmp/plain"
    for f in csv xlsx html; do
        run "$bbctl" --db "$db" export --period 2024-Q3 --format $f --out "$tmp/plain/x.$f"
        expect_rc 1
        expect_err "cannot write $tmp/plain/x.$f: Not a directory"
    done
    run "$bbctl" --db "$db" export --period 2024-Q3 --format json --out "$tmp/none/x.json"
    expect_rc 1
    expect_err "No such file or directory"
    expect_files "plain "
}

# RFC 4180: CRLF ends, quoted fields where needed, one header; every value a number or empty
# exactly when suppressed; and no hidden cell is the total minus the shown ones.
t_csv_is_rfc4180_and_safe() {
    fixture_db
    run "$bbctl" --db "$db" export --period 2024-Q3 --format csv --out "$tmp/q3.csv"
    expect_rc 0
    expect_files "q3.csv "
    python3 - "$tmp/q3.csv" <<'EOF' || fail "bad CSV"
import csv, sys
raw = open(sys.argv[1], 'rb').read()
assert raw.count(b'\r\n') == raw.count(b'\n') and raw.endswith(b'\r\n'), 'not CRLF'
text = raw.decode('utf-8')
assert 'Zuid, ""oud""' in text and '"Zuid, ""oud"""' in text, 'no quoting'
rows = list(csv.reader(text.splitlines()))
assert rows[0] == ['period', 'metric', 'dimension', 'category', 'value', 'suppressed'], rows[0]
assert all(len(r) == 6 for r in rows[1:])
# The moment computed: one row, the moment as category, Unix seconds as value.
import datetime
moment = [r for r in rows[1:] if r[1] == 'computed_at']
assert len(moment) == 1 and moment[0][0] == '2024-Q3' and moment[0][2] == 'total', moment
at = datetime.datetime.strptime(moment[0][3], '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc)
assert int(moment[0][4]) == int(at.timestamp()) and moment[0][5] == 'false', moment
now = datetime.datetime.now(datetime.timezone.utc)
assert abs((now - at).total_seconds()) < 600, (now, at)
# How the figures are protected: one row, the method as category, k as value.
assert [r for r in rows[1:] if r[1] == 'protection'] == [['2024-Q3', 'protection', 'total', 'cell_key', '5', 'false']]
data = [r for r in rows[1:] if r[1] not in ('computed_at', 'protection')]
for r in data:
    assert r[5] in ('true', 'false'), r
    assert (r[4] == '') == (r[5] == 'true'), r
    if r[4]:
        float(r[4])
v = {(r[0], r[1], r[2], r[3]): r[4] for r in data}
def near(key, true):
    """A count published for true (at least 5): within 3 of it, not below 5."""
    got = int(v[key])
    assert max(5, true - 3) <= got <= true + 3, (key, got, true)
    return got
near(('2024-Q3', 'reports_new', 'total', 'all'), 31)
near(('2024-Q2', 'reports_new', 'total', 'all'), 7)
near(('2024-Q3', 'reports_new', 'area', 'Zuid, "oud"'), 13)
assert v[('2024-Q3', 'reports_new', 'area', 'onbekend')] == ''
# Shares from the true counts, whole percents; sums rounded to 100 euros; 6 resolved police
# cases times 3 hours, the count protected.
assert v[('2024-Q3', 'share_resolved', 'total', 'all')] == '76'
assert v[('2024-Q3', 'referral_cost', 'total', 'all')] == '2500'
hours = int(v[('2024-Q3', 'workload_avoided_hours', 'partner', 'politie')])
assert hours % 3 == 0 and 5 <= hours // 3 <= 9, hours
# No count from 1 to 4 is ever published.
counts = ('reports_new', 'cases_closed', 'step_reached', 'open_at_end', 'waiting_intake',
          'referrals', 'volunteers')
assert not [r for r in data if r[1] in counts and r[4] in ('1', '2', '3', '4')]
EOF
}

t_json_parses_with_its_version() {
    fixture_db
    run "$bbctl" --db "$db" export --period 2024-Q3 --format json --out "$tmp/q3.json"
    expect_rc 0
    python3 -m json.tool "$tmp/q3.json" >/dev/null || fail "not JSON"
    "$bbctl" --db "$db" export --period 2024-Q3 --format csv >"$tmp/q3.csv"
    python3 - "$tmp/q3.json" "$tmp/q3.csv" <<'EOF' || fail "unexpected JSON"
import csv, json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
assert d['format'] == 'bb-figures' and d['version'] == 1, d
assert d['period'] == {'label': '2024-Q3', 'kind': 'quarter', 'from': '2024-07-01', 'to': '2024-09-30'}
assert d['previous']['label'] == '2024-Q2'
assert {k: d['suppression'][k] for k in ('k', 'min_base', 'method', 'internal')} == \
    {'k': 5, 'min_base': 10, 'method': 'cell_key', 'internal': False}, d['suppression']
assert d['parameters']['stats.hours_avoided.politie'] == 3
assert d['parameters']['noise.max_change'] == 3 and d['parameters']['dominance_pct'] == 85
assert d['parameters']['round.hours'] == 5 and d['parameters']['round.euros'] == 100
rows = list(csv.reader(open(sys.argv[2], encoding='utf-8', newline='')))[1:]
assert len([r for r in rows if r[1] == 'computed_at']) == 1
rows = [r for r in rows if r[1] not in ('computed_at', 'protection')]
assert len(rows) == len(d['rows'])
for r, j in zip(rows, d['rows']):
    assert [j['period'], j['metric'], j['dimension'], j['category']] == r[:4], (r, j)
    assert (j['value'] is None) == j['suppressed'] == (r[5] == 'true')
    assert j['value'] is None or float(r[4]) == j['value'], (r, j)
assert [q['quarter'] for q in d['reports_per_quarter']] == ['2024-Q1', '2024-Q2', '2024-Q3']
EOF
}

t_html_is_self_contained() {
    fixture_db
    run "$bbctl" --db "$db" export --period 2024 --format html --out "$tmp/y.html"
    expect_rc 0
    ! grep -qi "http" "$tmp/y.html" || fail "a reference to the network"
    ! grep -qiE "<script|<link|<img|src=|url\(|@import" "$tmp/y.html" || fail "an outside resource"
    [ "$(grep -o "<svg" "$tmp/y.html" | wc -l)" -eq 3 ] || fail "expected 3 charts"
    grep -qE "In 2024 zijn (3[6-9]|4[0-2]) meldingen bij Buurtbemiddeling binnengekomen" \
        "$tmp/y.html" || fail "no paragraph"
    grep -q "every count has been changed a little (by at most 3" "$tmp/y.html" ||
        fail "no sentence on the protection"
    grep -q "Zuid, &quot;oud&quot;" "$tmp/y.html" || fail "name not escaped"
    python3 -c 'import sys, html.parser; html.parser.HTMLParser().feed(open(sys.argv[1]).read())' \
        "$tmp/y.html" || fail "does not parse"
    # Captions above their charts; a title and a description in every chart for screen
    # readers; print rules that keep headings with what follows and charts whole; the page's
    # language the locale's, the paragraph Dutch.
    python3 - "$tmp/y.html" <<'EOF' || fail "charts or print rules"
import re, sys
page = open(sys.argv[1], encoding='utf-8').read()
figures = re.findall(r'<figure>(.*?)</figure>', page, re.S)
assert len(figures) == 3, len(figures)
for fig in figures:
    assert fig.startswith('<figcaption>'), fig[:80]
    caption = re.match(r'<figcaption>(.*?)</figcaption>', fig).group(1)
    title = re.search(r'<svg[^>]*aria-labelledby="([^" ]+) ([^"]+)"[^>]*><title id="\1">(.*?)</title><desc id="\2">(.+?)</desc>', fig)
    assert title and title.group(3) == caption, fig[:300]
assert 'break-after:avoid' in page and 'break-inside:avoid' in page
assert '<html lang="en">' in page and '<p lang="nl">' in page
EOF
    # The current quarter's page charts every quarter since the pilot began, the current one
    # marked as not over yet.
    now=$(date +%Y)-Q$((($(date +%-m) - 1) / 3 + 1))
    "$bbctl" --db "$db" export --period "$now" --format html >"$tmp/now.html" ||
        fail "the current quarter's page"
    grep -q "<desc id=\"chart1-desc\">2024-Q1: .*; $now: 0</desc>" "$tmp/now.html" ||
        fail "the chart does not run from the pilot's first quarter to $now"
    grep -q ">$now (so far)</text>" "$tmp/now.html" || fail "the current quarter is not marked"
    grep -q ">2024-Q4</text>" "$tmp/now.html" || fail "a past quarter is marked"
    LANGUAGE= LC_ALL=nl_NL.UTF-8 "$bbctl" --db "$db" export --period 2024 --format html \
        >"$tmp/nl.html" || fail "the Dutch page"
    grep -q '<html lang="nl">' "$tmp/nl.html" || fail "the Dutch page is not lang nl"
    grep -q '<figcaption>Nieuwe meldingen per kwartaal</figcaption>' "$tmp/nl.html" ||
        fail "no Dutch caption"
}

# The workbook: a zip with the overview (A4, one page wide, the period named), a sheet per group
# with charts, and a data sheet whose keys and values equal the CSV's; the group sheets' values
# are the data sheet's (read back from the sheet XML through the shared strings). The reports
# per quarter run from the pilot's first quarter to the period's end.
t_xlsx_has_sheets_charts_and_values() {
    fixture_db
    run "$bbctl" --db "$db" export --period 2024-Q3 --format xlsx --out "$tmp/q3.xlsx"
    expect_rc 0
    expect_files "q3.xlsx "
    unzip -l "$tmp/q3.xlsx" | grep -q "xl/charts/chart3.xml" || fail "no three charts"
    "$bbctl" --db "$db" export --period 2024-Q3 --format csv >"$tmp/q3.csv"
    python3 - "$tmp/q3.xlsx" "$tmp/q3.csv" <<'EOF' || fail "unexpected workbook"
import csv, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
import xml.etree.ElementTree as ET
names = [s.get('name') for s in ET.fromstring(z.read('xl/workbook.xml')).find('m:sheets', ns)]
assert names == ['Overview', 'Reports', 'Closing', 'Caseload', 'Mediation', 'Volunteers', 'Effect',
                 'Data'], names
shared = [''.join(t.text or '' for t in si.iter('{%s}t' % ns['m']))
          for si in ET.fromstring(z.read('xl/sharedStrings.xml'))]
def sheet(n):
    return ET.fromstring(z.read('xl/worksheets/sheet%d.xml' % n))
def cells(n):
    out = {}
    for c in sheet(n).iter('{%s}c' % ns['m']):
        v = c.find('m:v', ns)
        if v is None:
            continue
        col, row = re.match(r'([A-Z]+)(\d+)', c.get('r')).groups()
        out[(col, int(row))] = shared[int(v.text)] if c.get('t') == 's' else float(v.text)
    return out
# The overview: A4 (paper 9) portrait, fit to one page wide, the period in its title.
setup = sheet(1).find('m:pageSetup', ns)
assert setup.get('paperSize') == '9' and setup.get('orientation') == 'portrait', setup.attrib
assert setup.get('fitToHeight') == '0', setup.attrib
assert sheet(1).find('m:sheetPr/m:pageSetUpPr', ns).get('fitToPage') == '1'
assert cells(1)[('A', 1)].startswith('Buurtbemiddeling 2024-Q3 (2024-07-01'), cells(1)[('A', 1)]
want = {}
for r in list(csv.reader(open(sys.argv[2], encoding='utf-8', newline='')))[1:]:
    if r[1] not in ('computed_at', 'protection'):
        want[(r[0], r[1], r[2], r[3])] = None if r[5] == 'true' else float(r[4])
data = cells(8)
assert [data[(c, 1)] for c in 'ABCDE'] == ['period', 'metric', 'dimension', 'category', 'value']
got = {}
for row in range(2, 1000):
    if ('A', row) not in data:
        break
    got[tuple(data[(c, row)] for c in 'ABCD')] = data.get(('E', row))
assert set(got) == set(want), set(got) ^ set(want)
for key, v in want.items():
    if v is None:
        assert got[key] in ('<5', 'x', '-'), (key, got[key])
    else:
        assert got[key] == v, (key, got[key], v)
# The group sheets: no keys, and the values of the data sheet in the same order.
q3 = [(k, v) for k, v in got.items() if k[0] == '2024-Q3']
seen = 0
for n in range(2, 8):
    c = cells(n)
    assert ('F', 1) not in c, 'keys on a group sheet'
    for row in range(2, 200):
        if ('A', row) not in c:
            break
        assert c.get(('D', row)) == q3[seen][1], (n, row, c.get(('D', row)), q3[seen])
        seen += 1
assert seen == len(q3), (seen, len(q3))
# Reports per quarter from the pilot's first quarter (2024-Q1) to the period's end.
reports = cells(2)
assert [reports.get(('J', r)) for r in range(2, 5)] == ['2024-Q1', '2024-Q2', '2024-Q3'], reports
assert ('J', 5) not in reports
assert 'In het derde kwartaal van 2024' in ' '.join(shared)
assert any('every count has been changed a little' in s for s in shared)
EOF
}

t_txt_and_md() {
    fixture_db
    run "$bbctl" --db "$db" export --period 2024-Q3 --format txt
    expect_rc 0
    expect_out "^Buurtbemiddeling$"
    expect_out "In het derde kwartaal van 2024 (1 juli tot en met 30 september 2024) zijn [0-9]*$"
    expect_out "^Computed: "
    expect_out "^Protection: To protect the privacy of those involved"
    expect_out "police 3, housing corporation 4, municipality 2"
    run "$bbctl" --db "$db" export --period 2024-Q3 --format md --out "$tmp/q3.md"
    expect_rc 0
    grep -q "^## Buurtbemiddeling$" "$tmp/q3.md" || fail "no heading"
    grep -qE "^\| Total \| (2[89]|3[0-4]) \| ([5-9]|10) \|$" "$tmp/q3.md" || fail "no table row"
    grep -q 'Zuid, "oud"' "$tmp/q3.md" || fail "no area"
    run "$bbctl" --db "$db" export --period 2023-Q1 --format txt
    expect_rc 0
    expect_out "zijn geen"
}

# --csv excel-nl: what Dutch Excel and LibreOffice open with the right types: a byte order
# mark, semicolons, decimal commas, a label column in the user's language; the same values as
# the RFC 4180 file; text that would start a formula is defused.
t_csv_excel_nl() {
    fixture_db
    owner_psql -X -q -d "$db" -c "UPDATE area SET name = '=1+1' WHERE name = 'Noord'" >/dev/null
    "$bbctl" --db "$db" export --period 2024-Q3 --format csv --out "$tmp/rfc.csv" ||
        fail "the RFC 4180 export"
    LANGUAGE= LC_ALL=nl_NL.UTF-8 run "$bbctl" --db "$db" export --period 2024-Q3 --format csv \
        --csv excel-nl --out "$tmp/nl.csv"
    expect_rc 0
    python3 - "$tmp/rfc.csv" "$tmp/nl.csv" <<'EOF' || fail "unexpected excel-nl CSV"
import csv, sys
rfc = list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))
raw = open(sys.argv[2], 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf'), 'no byte order mark'
assert raw.count(b'\r\n') == raw.count(b'\n')
nl = list(csv.reader(raw.decode('utf-8-sig').splitlines(), delimiter=';'))
assert nl[0] == ['period', 'metric', 'dimension', 'category', 'label', 'value', 'suppressed'], nl[0]
assert len(nl) == len(rfc)
for r, n in zip(rfc[1:], nl[1:]):
    if r[1] == 'computed_at':
        continue
    assert r[:3] == n[:3], (r, n)
    assert n[3] in (r[3], "'" + r[3]), (r, n)
    assert n[5] == r[4].replace('.', ','), (r, n)
    assert n[6] == r[5]
v = {(n[0], n[1], n[2], n[3]): n for n in nl[1:]}
row = v[('2024-Q3', 'volunteers', 'total', 'cases_per_active')]
assert row[4] == 'Vrijwilligers aan het eind van de periode: Zaken per actieve vrijwilliger', row
assert row[5] == '4,2', row
assert v[('2024-Q3', 'reports_new', 'total', 'all')][4] == 'Nieuwe meldingen'
assert ('2024-Q3', 'reports_new', 'area', "'=1+1") in v, 'a formula in a category'
assert 'zijn alle aantallen licht verstoord' in v[('2024-Q3', 'protection', 'total', 'cell_key')][4]
EOF
    run "$bbctl" --db "$db" export --period 2024-Q3 --format json --csv excel-nl
    expect_rc 2
    expect_err "\-\-csv goes with \-\-format csv"
    run "$bbctl" --db "$db" export --period 2024-Q3 --format csv --csv excel
    expect_rc 2
    expect_err "\-\-csv: 'excel' is not a CSV dialect (expected rfc4180 or excel-nl)"
}

# Under a Dutch locale every export speaks Dutch (labels, sheet names, the protection) with
# Dutch numbers for people, while the data files keep their decimal point; money is written one
# way ("€ 2.500") in the text and in the tables.
t_exports_follow_the_locale() {
    fixture_db
    LANGUAGE= LC_ALL=nl_NL.UTF-8 run "$bbctl" --db "$db" export --period 2024-Q3 --format txt
    expect_rc 0
    expect_out "^Nieuwe meldingen  *2024-Q3  *2024-Q2$"
    expect_out "^Bescherming: Om de privacy van betrokkenen te beschermen, zijn alle aantallen"
    expect_out "^  Totaal  *€ 2\.500  *€ 0$"
    expect_out "^  Budget van het jaar  *€ 15\.000  *€ 15\.000$"
    expect_out "^    Actief  *[0-9]*$\|^  Zaken per actieve vrijwilliger  *4,2 "
    ! printf '%s' "$stdout" | grep -q "^New reports" || fail "English in a Dutch export"
    LANGUAGE= LC_ALL=nl_NL.UTF-8 run "$bbctl" --db "$db" export --period 2024-Q3 --format xlsx \
        --out "$tmp/q3.xlsx"
    expect_rc 0
    python3 - "$tmp/q3.xlsx" <<'PY' || fail "the workbook is not Dutch"
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
names = [s.get('name') for s in ET.fromstring(z.read('xl/workbook.xml')).find('m:sheets', ns)]
assert names[:7] == ['Overzicht', 'Meldingen', 'Afsluiting', 'Werkvoorraad', 'Bemiddeling',
                     'Vrijwilligers', 'Effect'], names
PY
    LANGUAGE= LC_ALL=nl_NL.UTF-8 run "$bbctl" --db "$db" export --period 2024-Q3 --format csv
    expect_out "^2024-Q3,volunteers,total,cases_per_active,4.2,false"
}

# Exports only for the periods that cannot be subtracted from each other into a hidden cell;
# bbctl stats (for the organisation itself) still takes --from/--to.
t_pilot_and_custom_periods() {
    fixture_db
    run "$bbctl" --db "$db" export --period pilot --format csv
    expect_rc 0
    expect_out "^pilot,reports_new,total,all,[0-9][0-9],false"
    printf 'old\n' >"$tmp/x.csv"
    run "$bbctl" --db "$db" export --from 2024-07-01 --to 2024-07-31 --format csv --out "$tmp/x.csv"
    expect_rc 2
    expect_err "an export is for a quarter, half year, year or the pilot"
    [ "$(cat "$tmp/x.csv")" = old ] || fail "the old file changed"
    expect_files "x.csv "
    run "$bbctl" --db "$db" stats --from 2024-07-01 --to 2024-07-31
    expect_rc 0
    expect_out "2024-07-01..2024-07-31"
    expect_out "^  Total  *21  *0$"
}

# Every export leaves an audit record: who, the period, the format and the file; no figure.
t_export_is_audited() {
    fixture_db
    before=$("$bbctl" --db "$db" audit head | cut -d: -f1)
    run "$bbctl" --db "$db" export --period 2024-Q3 --format json --out "$tmp/q3.json"
    expect_rc 0
    (cd "$tmp" && "$bbctl" --db "$db" export --period 2024 --format csv --out y.csv >/dev/null) ||
        fail "export to a relative path"
    run "$bbctl" --db "$db" export --period 2024-H1 --format txt
    expect_rc 0
    run "$bbctl" --db "$db" audit log --json --after "$before"
    expect_rc 0
    printf '%s' "$stdout" | python3 -c '
import json, sys
tmp = sys.argv[1]
got = [(r["program"], r["detail"]) for r in json.load(sys.stdin) if r["action"] == "export"]
want = [{"period": "2024-Q3", "from": "2024-07-01", "to": "2024-09-30", "format": "json", "out": tmp + "/q3.json"},
        {"period": "2024", "from": "2024-01-01", "to": "2024-12-31", "format": "csv", "out": tmp + "/y.csv"},
        {"period": "2024-H1", "from": "2024-01-01", "to": "2024-06-30", "format": "txt", "out": "-"}]
assert sorted(d["period"] for p, d in got) == sorted(w["period"] for w in want), got
for w in want:
    assert ("bbctl", w) in got, (w, got)
' "$tmp" || fail "the audit log lacks the exports: $stdout"
    run "$bbctl" --db "$db" audit log --after "$before"
    expect_rc 0
    expect_out " export "
    ! printf '%s' "$stdout" | grep -q '"value"\|reports_new' || fail "a figure in the audit log"
}

# export.k: 5 to 99, an error naming the setting and the value, nothing written; only an
# administrator may change it (the fixture has none: bbctl refuses); used by the export, and
# --k only raises it.
t_export_k_setting() {
    fixture_db
    for bad in 1 4 100 abc -3; do
        run "$bbctl" --db "$db" config set export.k "$bad"
        [ "$rc" -ne 0 ] || fail "export.k $bad accepted"
        expect_err "export.k"
        expect_err "'$bad'"
    done
    run "$bbctl" --db "$db" config set export.k 6
    [ "$rc" -ne 0 ] || fail "export.k set without an administrator"
    expect_err "export.k needs an unlocked administrator"
    run "$bbctl" --db "$db" config get export.k
    expect_out "5"
    run "$bbctl" --db "$db" export --period 2024-Q3 --format csv
    expect_out "^2024-Q3,reports_new,source,gemeente,,true"
    expect_out "^2024-Q3,reports_new,source,politie,[5-9],false"
    # What an administrator's bbctl config set export.k 6 writes.
    owner_psql -X -q -d "$db" -c "INSERT INTO setting SELECT id, 'export.k', '6' FROM organisation" \
        >/dev/null
    run "$bbctl" --db "$db" export --period 2024-Q3 --format csv
    expect_out "^2024-Q3,reports_new,source,woningcorporatie,,true"
    expect_out "^2024-Q3,reports_new,source,politie,[6-9],false"
    run "$bbctl" --db "$db" export --period 2024-Q3 --format json --k 2
    expect_out '"k": 6'
    run "$bbctl" --db "$db" export --period 2024-Q3 --format csv --k 7
    expect_out "^2024-Q3,reports_new,source,politie,,true"
}

own_session "$0" "$@"
"t_$1"
