#!/bin/sh
# bbctl import: the template, CSV in both dialects, .xlsx made here and the committed fixture,
# the mapping, the checks (each bad input named by line, column and reason, nothing written),
# the dated history and figures, and a second run that adds nothing. Usage: import.sh CASE.
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../fixtures/import

bb() { setsid -w "$bbctl" --db "$db" "$@" </dev/null; }
count() { psql -X -q -t -A -d "$db" -c "$1"; }
cases() { count "SELECT count(*) FROM bb_case"; }

H='Registratienummer,Datum melding,Bron,Soort conflict,Status,Datum intake,Datum afgesloten,Uitkomst,Reden afsluiten,Melder naam,Melder postcode,Melder huisnummer,Wederpartij naam'

# csv FILE ROW...: a CSV with the headings H and the rows.
csv() {
    f=$1
    shift
    printf '%s\r\n' "$H" "$@" >"$f"
}

t_template_imports_its_own_example() {
    org_init
    run bb import template --out "$tmp/t.xlsx"
    expect_rc 0
    expect_out "Template written"
    run bb import cases "$tmp/t.xlsx" --yes
    expect_rc 0
    expect_out "Imported from .*t.xlsx (xlsx):"
    expect_out "cases:    1, BB-2023-0001 to BB-2023-0001"
    expect_out "parties:  2"
    run bb case show BB-2023-0001
    expect_out "afgesloten"
    expect_out "Jan de Vries"
    run bb case search --name "jan de vries"
    expect_out "BB-2023-0001"
    [ "$(count "SELECT to_char(at, 'YYYY-MM-DD') || ' ' || to_status FROM case_event ORDER BY seq" | tr '\n' ' ')" = \
        "2023-03-14 aangemeld 2023-03-28 intake 2023-03-28 lopend 2023-05-02 afgesloten " ] ||
        fail "history: $(count "SELECT at, to_status FROM case_event ORDER BY seq")"
    # The figures: the database refreshed them at the commit, with the imported dates.
    [ "$(count "SELECT reported_on || ' ' || closed_on || ' ' || intake_at::date FROM stat_case")" = \
        "2023-03-14 2023-05-02 2023-03-28" ] || fail "figures: $(count "SELECT * FROM stat_case")"
    [ "$(count "SELECT count(*) FROM audit_log WHERE action = 'import' AND detail->>'file' = 't.xlsx' AND (detail->>'cases')::int = 1 AND length(detail->>'sha256') = 64")" -eq 1 ] ||
        fail "no audit record of the import"
}

t_csv_twice_adds_nothing_twice() {
    org_init
    csv "$tmp/a.csv" '2023-1,2023-01-10,politie,geluid_personen,,,,,,"Kees, de Boer",1010 AB,3,' \
        '2023-2,2023-02-01,gemeente,"huisdieren,parkeren",afgesloten,2023-02-10,2023-03-01,ingetrokken,Melder trok zich terug,Anna,,,Bert'
    run bb import cases "$tmp/a.csv" --yes
    expect_rc 0
    expect_out "cases:    2, BB-2023-0001 to BB-2023-0002"
    expect_out "parties:  3"
    run bb import cases "$tmp/a.csv" --yes
    expect_rc 4
    expect_err "line 2, column A (Registratienummer): imported before as BB-2023-0001"
    expect_err "every row was imported before (2); nothing was imported"
    [ "$(cases)" -eq 2 ] || fail "a second run added cases"
    # A grown register: only the new row comes in.
    printf '%s\r\n' '2023-3,2023-04-01,zorg,pesten,,,,,,,,,' >>"$tmp/a.csv"
    run bb import cases "$tmp/a.csv" --yes
    expect_rc 0
    expect_out "cases:    1, BB-2023-0003 to BB-2023-0003"
    expect_out "parties:  0"
    expect_out "rows:     3, of which 2 imported before"
}

t_imported_fields_are_bound_and_listed() {
    org_init
    csv "$tmp/a.csv" '2023-1,2023-01-10,politie,geluid_personen,,,,,,"Kees, de Boer",1010 AB,3,' \
        '2023-2,2023-02-01,gemeente,"huisdieren,parkeren",afgesloten,2023-02-10,2023-03-01,ingetrokken,Melder trok zich terug,Anna,,,Bert' \
        '2023-3,2023-04-01,zorg,pesten,,,,,,,,,'
    run bb import cases "$tmp/a.csv" --yes
    expect_rc 0
    # Written as the vault writes: bound to the owner and its case, with the lists (0023).
    [ "$(count "SELECT count(*) FROM personal_field WHERE ad_version <> 3")" -eq 0 ] ||
        fail "fields below version 3: $(count "SELECT owner_table, field, ad_version FROM personal_field WHERE ad_version <> 3")"
    [ "$(count "SELECT count(*) FROM personal_field WHERE field = '@owners'")" -eq 2 ] ||
        fail "not a list of rows for each case with personal data"
    run bb key rebind
    expect_rc 0
    expect_out "^0 personal fields"
    run bb case show BB-2023-0001
    expect_rc 0
    expect_out "Kees, de Boer, 3 1010 AB"
    run bb case show BB-2023-0002
    expect_rc 0
    expect_out "Anna"
    expect_out "Bert"
    expect_out "note: Melder trok zich terug"
    run bb case show BB-2023-0003
    expect_rc 0
    owner_psql -X -q -d "$db" -c "DELETE FROM personal_field WHERE field = 'postcode'"
    run bb case show BB-2023-0001
    expect_rc 1
    expect_err "postcode of party .*: the stored value is missing"
}

t_excel_nl_csv_with_mapping() {
    org_init
    printf '\357\273\277Nummer;Datum;Verwijzer;Klacht;Naam melder;Opmerking\r\n' >"$tmp/nl.csv"
    printf '17;31-12-2023;Politie;geluidsoverlast;Fien;"regel 1; met puntkomma"\r\n' >>"$tmp/nl.csv"
    printf ';;;;;\r\n' >>"$tmp/nl.csv"
    cat >"$tmp/map.ini" <<'MAP'
# the old register's columns
[columns]
Nummer = key
Datum = reported
Verwijzer = source
Klacht = types
Naam melder = melder.name
Opmerking = note
[source]
Politie = politie
[types]
geluidsoverlast = geluid_personen
[dates]
DD-MM-YYYY
MAP
    run bb import cases "$tmp/nl.csv" --csv rfc4180 --mapping "$tmp/map.ini" --yes
    expect_rc 1
    expect_err "column"
    run bb import cases "$tmp/nl.csv" --mapping "$tmp/map.ini" --dry-run
    expect_rc 0
    expect_out "Dry run of .*nl.csv (csv-excel-nl); nothing was written:"
    expect_out "cases:    1"
    expect_out "parties:  1"
    [ "$(cases)" -eq 0 ] || fail "a dry run wrote"
    run bb import cases "$tmp/nl.csv" --mapping "$tmp/map.ini" --yes --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["cases"]==1 and d["format"]=="csv-excel-nl" and d["first"]=="BB-2023-0001", d' ||
        fail "unexpected JSON: $stdout"
    [ "$(count "SELECT reported_on || ' ' || source || ' ' || conflict_types::text || ' ' || import_key FROM bb_case")" = \
        "2023-12-31 politie {geluid_personen} 17" ] || fail "$(count "SELECT * FROM bb_case")"
    run bb case show BB-2023-0001
    expect_out "regel 1; met puntkomma"
}

t_xlsx_made_here_with_serial_dates() {
    org_init
    printf '%s\n' "$H" | tr ',' '\t' >"$tmp/rows.tsv"
    printf 'oud-1\t=2024-02-29\tpolitie\tparkeren\tlopend\t=2024-03-04\t\t\t\tMira\t1010 AB\t7\tTom\n' >>"$tmp/rows.tsv"
    python3 "$here/import-xlsx.py" "$tmp/a.xlsx" <"$tmp/rows.tsv"
    python3 "$here/import-xlsx.py" "$tmp/b.xlsx" --prefix <"$tmp/rows.tsv"
    run bb import cases "$tmp/a.xlsx" --dry-run
    expect_rc 0
    expect_out "cases:    1"
    expect_out "parties:  2"
    run bb import cases "$tmp/b.xlsx" --yes
    expect_rc 0
    [ "$(count "SELECT reported_on || ' ' || intake_on || ' ' || status FROM bb_case")" = \
        "2024-02-29 2024-03-04 lopend" ] || fail "$(count "SELECT * FROM bb_case")"
    run bb case search --postcode 1010ab --number 7
    expect_out "BB-2024-0001"
}

t_fixture_xlsx() {
    org_init
    run bb import cases "$fixtures/register.xlsx" --mapping "$fixtures/register.map" --yes
    expect_rc 0
    expect_out "cases:    3, BB-2023-0001 to BB-2024-0001"
    expect_out "parties:  5"
    # Dates from LibreOffice's date cells, words through the mapping, a house number from a
    # number cell.
    [ "$(count "SELECT string_agg(import_key || ' ' || reported_on || ' ' || source || ' ' || conflict_types::text || ' ' || status || ' ' || coalesce(closed_on::text, '-'), ',' ORDER BY year, seq) FROM bb_case")" = \
        "D-101 2023-01-09 politie {geluid_personen} afgesloten 2023-02-20,D-102 2023-02-14 woningcorporatie {geluid_personen,parkeren} aangemeld -,D-103 2024-06-03 zelfmelder {huisdieren} aangemeld -" ] ||
        fail "$(count "SELECT * FROM bb_case")"
    run bb case search --postcode "1010 AB" --number 5
    expect_out "BB-2023-0001"
    # bb's template, opened and saved again by LibreOffice: its example row.
    run bb import cases "$fixtures/template-libreoffice.xlsx" --yes
    expect_rc 0
    expect_out "cases:    1, BB-2023-0003 to BB-2023-0003"
    expect_out "parties:  2"
}

# bad FILE TEXT...: the import fails, stderr has each text, nothing is written.
bad() {
    f=$1
    shift
    run bb import cases "$f" --yes
    [ "$rc" -ne 0 ] || fail "$f was imported"
    for text in "$@"; do expect_err "$text"; done
    [ "$(count "SELECT (SELECT count(*) FROM bb_case) + (SELECT count(*) FROM data_key WHERE id NOT IN (SELECT data_key_id FROM volunteer WHERE data_key_id IS NOT NULL)) + (SELECT count(*) FROM party) + (SELECT count(*) FROM audit_log WHERE action = 'import')")" -eq 0 ] ||
        fail "$f: something was written"
}

t_bad_input_is_named_and_nothing_is_written() {
    org_init
    esc=$(printf '\033')
    csv "$tmp/date.csv" 'k1,31/12/2023,politie,pesten,,,,,,,,,'
    bad "$tmp/date.csv" "line 2, column B (Datum melding): reported: '31/12/2023' is not a date (expected YYYY-MM-DD)"
    csv "$tmp/source.csv" 'k1,2023-01-02,Politie Oost,pesten,,,,,,,,,'
    bad "$tmp/source.csv" "line 2, column C (Bron): source: unknown referral source 'Politie Oost'"
    csv "$tmp/type.csv" 'k1,2023-01-02,politie,geluidsoverlast,,,,,,,,,'
    bad "$tmp/type.csv" "line 2, column D (Soort conflict): type: unknown conflict type 'geluidsoverlast'"
    csv "$tmp/postcode.csv" 'k1,2023-01-02,politie,pesten,,,,,,Ans,12345,,'
    bad "$tmp/postcode.csv" "line 2, column K (Melder postcode): melder.postcode: not a postcode"
    csv "$tmp/name.csv" 'k1,2023-01-02,politie,pesten,,,,,,,1010 AB,4,'
    bad "$tmp/name.csv" "line 2, column J (Melder naam): melder.name: missing"
    csv "$tmp/closed.csv" 'k1,2023-05-02,politie,pesten,afgesloten,,2023-05-01,ingetrokken,weg,,,,'
    bad "$tmp/closed.csv" "line 2, column G (Datum afgesloten): closed_on: 2023-05-01 is before the report (2023-05-02)"
    csv "$tmp/escape.csv" "k1,2023-01-02,politie,pesten,,,,,,Ans${esc}[31m,,,"
    bad "$tmp/escape.csv" "line 2, column J (Melder naam): melder.name: "
    case $stderr in *"$esc"*) fail "an escape sequence reached the terminal" ;; esac
    # All problems of a file at once.
    csv "$tmp/many.csv" 'k1,31/12/2023,politie,pesten,,,,,,,,,' 'k2,2023-01-02,Politie Oost,pesten,,,,,,,,,'
    bad "$tmp/many.csv" "line 2, column B" "line 3, column C" "2 problems; nothing was imported"
    csv "$tmp/twice.csv" 'k1,2023-01-02,politie,pesten,,,,,,,,,' 'k1,2023-01-03,politie,pesten,,,,,,,,,'
    bad "$tmp/twice.csv" "line 3, column A (Registratienummer): key: 'k1' is the key of line 2 too"
    printf 'PK\003\004 not really a workbook' >"$tmp/damaged.xlsx"
    bad "$tmp/damaged.xlsx" "not an .xlsx workbook, or a damaged one"
    head -c 800 "$fixtures/register.xlsx" >"$tmp/cut.xlsx"
    bad "$tmp/cut.xlsx" "damaged"
    printf '%s\r\nk1,2023-01-02,politie,pesten,,,,,,Ren\351e,,,\r\n' "$H" >"$tmp/latin1.csv"
    bad "$tmp/latin1.csv" "the file is not UTF-8 text: save it as \"CSV UTF-8\""
    : >"$tmp/empty.csv"
    bad "$tmp/empty.csv" "the file is empty"
    printf '%s,Dossierhouder\r\nk1,2023-01-02,politie,pesten,,,,,,,,,,Jet\r\n' "$H" >"$tmp/column.csv"
    bad "$tmp/column.csv" "line 1, column N (Dossierhouder): not a column of bb's template, and the mapping does not name it"
    printf '[columns]\nDossierhouder = -\n' >"$tmp/skip.map"
    run bb import cases "$tmp/column.csv" --mapping "$tmp/skip.map" --dry-run
    expect_rc 0
}

t_needs_yes_without_a_terminal() {
    org_init
    csv "$tmp/a.csv" 'k1,2023-01-02,politie,pesten,,,,,,,,,'
    run bb import cases "$tmp/a.csv"
    expect_rc 2
    expect_err "--yes is needed"
    run bb import cases "$tmp/a.csv" --csv tabs --yes
    expect_rc 2
}

# A coordinator with a login role of their own (not the superuser the other tests connect
# as): the import runs through row-level security, the history still dated; a direct call of
# the database function for another organisation, or without a coordinator's role, is refused.
t_coordinator_imports_with_their_own_role() {
    org_init
    kees=$(printf 't_imp_%s_%s' "$$" "$(date +%N)")
    run "$bbctl" --db "$db" user add kees --role coordinator --db-role "$kees"
    expect_rc 0
    printf 'kees heeft zijn eigen lange zin\n' >"$tmp/kees.pw"
    chmod 600 "$tmp/kees.pw"
    kdb=$(printf '%s' "$db" | sed "s/user=[^ ]*/user=$kees/")
    run "$bbctl" --db "$kdb" --user kees user enroll --passphrase-file "$tmp/kees.pw"
    expect_rc 0
    run "$bbctl" --db "$db" user grant kees
    expect_rc 0
    csv "$tmp/a.csv" 'k1,2023-01-10,politie,pesten,afgesloten,2023-01-20,2023-02-01,opgelost,Goed gesprek,Ans,1010 AB,3,Bob'
    BB_USER=kees BB_PASSPHRASE_FILE="$tmp/kees.pw" run "$bbctl" --db "$kdb" import cases "$tmp/a.csv" --yes
    expect_rc 0
    expect_out "cases:    1, BB-2023-0001 to BB-2023-0001"
    expect_out "parties:  2"
    [ "$(count "SELECT string_agg(to_char(at, 'YYYY-MM-DD') || ' ' || to_status || ' ' || db_user, ',' ORDER BY seq) FROM case_event")" = \
        "2023-01-10 aangemeld $kees,2023-01-20 intake $kees,2023-01-20 lopend $kees,2023-02-01 afgesloten $kees" ] ||
        fail "history: $(count "SELECT * FROM case_event")"
    # The triggers rest only inside the statement.
    [ "$(count "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'bb_case'::regclass AND tgenabled = 'D'")" -eq 0 ] ||
        fail "a trigger of bb_case stayed disabled"
    other=$(count "INSERT INTO organisation (name) VALUES ('Welzijn West') RETURNING id")
    run psql -X -q -At -v ON_ERROR_STOP=1 -d "$kdb" -c \
        "SELECT bb_import_rows('$other', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}')"
    [ "$rc" -ne 0 ] || fail "kees imported into another organisation"
    expect_err "not yours"
    # A data key of another case (or organisation) is refused.
    org=$(count "SELECT org_id FROM bb_case LIMIT 1")
    key=$(count "SELECT data_key_id FROM bb_case LIMIT 1")
    id=$(count "SELECT gen_random_uuid()")
    run psql -X -q -At -v ON_ERROR_STOP=1 -d "$kdb" -c \
        "SELECT bb_import_rows('$org', '{$id}', '{2023}', '{99}', '{2023-01-01}', '{politie}', '{\"{pesten}\"}', '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{aangemeld}', '{NULL}', '{NULL}', '{$key}', '{x}', '{$(count "SELECT gen_random_uuid()")}', '{$id}', '{\"2023-01-01 12:00\"}', '{NULL}', '{aangemeld}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}')"
    [ "$rc" -ne 0 ] || fail "a used data key was taken"
    expect_err "is not a new key of this organisation"
    [ "$(cases)" -eq 1 ] || fail "a case was added"
}

# On a terminal: the question before writing (no answer: nothing written), and the progress bar.
t_terminal_asks_and_shows_progress() {
    org_init
    csv "$tmp/a.csv" 'k1,2023-01-02,politie,pesten,,,,,,Ans,,,'
    printf 'n\n' | LC_ALL=C script -qec "$bbctl --db '$db' import cases '$tmp/a.csv'" /dev/null >"$tmp/no.out" 2>&1 || true
    grep -q "To import: cases 1, parties 1 (rows imported before: 0). Go on?" "$tmp/no.out" ||
        fail "no question: $(cat "$tmp/no.out")"
    grep -q "nothing was imported" "$tmp/no.out" || fail "no refusal: $(cat "$tmp/no.out")"
    [ "$(cases)" -eq 0 ] || fail "written without a yes"
    printf 'j\n' | LC_ALL=C script -qec "$bbctl --db '$db' import cases '$tmp/a.csv'" /dev/null >"$tmp/yes.out" 2>&1 || true
    grep -q "\[##############################\] 1/1" "$tmp/yes.out" || fail "no progress bar: $(cat "$tmp/yes.out")"
    grep -q "cases:    1, BB-2023-0001" "$tmp/yes.out" || fail "not imported: $(cat "$tmp/yes.out")"
    [ "$(cases)" -eq 1 ] || fail "not written"
}

# More rows than one import takes: refused before anything is checked or written.
t_too_many_rows_are_refused() {
    org_init
    python3 "$here/import-bench.py" 50001 "$tmp/big.csv"
    bad "$tmp/big.csv" "the file has more than 50000 rows: import it in parts"
}

own_session "$0" "$@"
"t_$1"
