#!/bin/sh
# bbctl retention run: the cut-off counts from the database's clock; a later --today is refused
# (only --dry-run may look ahead); the report is per year. Usage: retention.sh CASE (one meson
# test per t_ function), each in a session keyring of its own (own_session).
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}
own_session "$0" "$@"

bb() { setsid -w "$bbctl" --db "$db" "$@" </dev/null; }
sql() { psql -X -q -At -d "$db" -c "$1"; }

# Everything retention could touch, as one hash: equal before and after = nothing destroyed.
fingerprint() {
    sql "SELECT md5(concat_ws('|',
        (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM bb_case x),
        (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM data_key x),
        (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM personal_field x),
        (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM blind_index x)))"
}

# Two cases closed in 2021 and 2022, with a party each, and one closed yesterday by the
# database's clock: recent, and not in the future for a client whose own day is behind the
# database's (bbctl checks dates against the local day; the database counts in Amsterdam).
setup() {
    org_init
    recent=$(sql "SELECT bb_retention_today() - 1")
    for closed in 2021-03-01 2022-03-01 "$recent"; do
        reported=$(sql "SELECT DATE '$closed' - 30")
        run bb case new --reported "$reported" --source zelfmelder --type tuin_erfgrens
        expect_rc 0
        n=$stdout
        run bb party add "$n" --role melder --name "Melder $closed"
        expect_rc 0
        run bb case close "$n" --outcome opgelost --reason "klaar" --date "$closed"
        expect_rc 0
    done
}

t_future_today_is_refused() {
    setup
    tomorrow=$(sql "SELECT bb_retention_today() + 1")
    before=$(fingerprint)
    for day in "$tomorrow" 2999-01-01; do
        run bb retention run --today "$day"
        expect_rc 1
        expect_err "^bbctl: --today refused; nothing was destroyed: today: '$day' is after the database's today ($(sql "SELECT bb_retention_today()")); only a dry run"
    done
    run bb retention run --today "1 juni"
    expect_rc 1
    expect_err "today: '1 juni' is not a date"
    [ "$(fingerprint)" = "$before" ] || fail "a refused run changed the data"
    # A dry run may look ahead: it counts all three and destroys nothing.
    run bb retention run --dry-run --today 2999-01-01
    expect_rc 0
    expect_out "Would destroy the personal data of 3 cases and 0 volunteers"
    [ "$(fingerprint)" = "$before" ] || fail "a dry run changed the data"
}

t_report_per_year() {
    setup
    run bb retention run --dry-run --json
    expect_rc 0
    printf '%s' "$stdout" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["dry_run"] is True and d["months"]==24 and d["cases"]==2 and [(y["year"],y["cases"],y["volunteers"]) for y in d["years"]]==[(2021,1,0),(2022,1,0)], d' ||
        fail "unexpected JSON: $stdout"
    run bb retention run
    expect_rc 0
    expect_out "Destroyed the personal data of 2 cases and 0 volunteers"
    expect_out "^year  *cases  *volunteers$"
    expect_out "^2021  *1  *0$"
    expect_out "^2022  *1  *0$"
    [ "$(sql "SELECT count(*) FROM bb_case WHERE data_key_id IS NOT NULL")" = 1 ] ||
        fail "the case closed yesterday lost its data key, or an old one kept it"
    run bb retention run --json
    expect_rc 0
    expect_out '"cases": *0'
}

"t_$1"
