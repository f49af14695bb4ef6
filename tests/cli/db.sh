#!/bin/sh
# bbctl's global behaviour and the db commands. Usage: db.sh CASE (one meson test per t_ function).
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}

t_version() {
    run "$bbctl" --version
    expect_rc 0
    expect_out "^bbctl [0-9]\+\.[0-9]\+\.[0-9]\+ (libbb [0-9.]\+)$"
}

# bbctl --help lists every command exactly once, under the topics of bbctl(1)'s sections.
t_help_lists_commands() {
    LANGUAGE= LC_ALL=C run "$bbctl" --help
    expect_rc 0
    expect_out "Usage: bbctl"
    expect_out "bbctl db migrate"
    expect_out "3 not found"
    help=$stdout
    topics=$(printf '%s\n' "$help" | grep '^[A-Z].*:$' | tr '\n' '|')
    [ "$topics" = "Options:|Help:|Database:|Organisation, users and keys:|People's rights:|Audit and retention:|Cases:|Parties, volunteers, contact moments:|Areas and settings:|Referrals, follow-up and signals:|Demo data:|Importing cases:|Figures:|" ] ||
        fail "topics: $topics"
    LANGUAGE= LC_ALL=C run "$bbctl" help --synopsis
    want=$(printf '%s\n' "$stdout" | tail -n +2 | sed 's/^/  /' | sort)
    listed=$(printf '%s\n' "$help" | grep '^  bbctl ' | sort)
    [ "$listed" = "$want" ] || fail "--help does not list each command once: $listed"
    # Each topic's commands are those of its section in bbctl(1).
    printf '%s\n' "$help" | sed -n '/^Cases:$/,/^Parties/p' | grep '^  bbctl ' | grep -qv '^  bbctl case ' &&
        fail "a command under Cases that is not 'case'"
    printf '%s\n' "$help" | sed -n '/^Figures:$/,/^$/p' | grep -q '^  bbctl export ' ||
        fail "export is not under Figures"
}

t_help_for_one_command() {
    run "$bbctl" help db status
    expect_rc 0
    expect_out "bbctl db status"
    run "$bbctl" help db
    expect_out "bbctl db start"
    expect_out "bbctl db migrate"
}

# `bbctl COMMAND --help` (or -h) prints what `bbctl help COMMAND` prints, whatever else is given,
# without opening a database; `bbctl GROUP --help` lists the group's commands.
t_help_option_is_the_help_command() {
    for words in "case show" "case new" "volunteer edit" "export" "signals" "db" "case" "help"; do
        # shellcheck disable=SC2086
        run "$bbctl" help $words
        expect_rc 0
        want=$stdout
        [ -n "$want" ] || fail "'help $words' printed nothing"
        for extra in "--help" "-h" "--bogus --help" "--json -h"; do
            # shellcheck disable=SC2086
            run "$bbctl" --db "host=/nonexistent" $words $extra
            expect_rc 0
            [ "$stdout" = "$want" ] || fail "'$words $extra' differs from 'help $words': $stdout"
            [ -z "$stderr" ] || fail "'$words $extra' said: $stderr"
        done
    done
    # After "--" a word is an argument, not a request for help.
    run "$bbctl" --db "host=/nonexistent" case show -- --help
    expect_rc 6
    expect_err "cannot open the database"
    run "$bbctl" case shwo --help
    expect_rc 2
    expect_err "no such command 'case shwo' (did you mean 'show'?)"
}

# A near miss of a command, an option or a keyword gets the one close name; a far one none.
t_did_you_mean() {
    run "$bbctl" case shwo
    expect_rc 2
    expect_err "^bbctl: no such command 'case shwo' (did you mean 'show'?); try 'bbctl help case'$"
    expect_err_lines 1
    run "$bbctl" cse show
    expect_rc 2
    expect_err "^bbctl: no such command 'cse' (did you mean 'case'?); try 'bbctl --help'$"
    run "$bbctl" case sh
    expect_err "(did you mean 'show'?)"
    run "$bbctl" help volunter list
    expect_rc 2
    expect_err "(did you mean 'volunteer'?)"
    run "$bbctl" case new --reprted 2024-01-01
    expect_rc 2
    expect_err "^bbctl: unknown option '--reprted' (did you mean '--reported'?); try 'bbctl help case new'$"
    run "$bbctl" export --period 2024 --fromat xlsx
    expect_err "(did you mean '--format'?)"
    run "$bbctl" export --period 2024 --format xslx
    expect_rc 2
    expect_err "'xslx' is not a format (expected .*) (did you mean 'xlsx'?)"
    for far in "case frobnicate" "frobnicate" "x" "case new --frobnicate" "case new --r" \
        "export --format docx"; do
        # shellcheck disable=SC2086
        run "$bbctl" $far
        expect_rc 2
        case $stderr in *"did you mean"*) fail "'$far' got a suggestion: $stderr" ;; esac
    done
    LANGUAGE= LC_ALL=nl_NL.UTF-8 run "$bbctl" case shwo
    expect_err "opdracht 'case shwo' bestaat niet (bedoelt u 'show'?)"
}

# The keys of a category list: a near miss gets the key, a far one the list only; exit 1.
t_did_you_mean_category_keys() {
    org_init
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source politei --type parkeren
    expect_rc 1
    expect_err "source: unknown referral source 'politei' (expected one of .*); did you mean 'politie'?$"
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source politie --type parkeren2
    expect_rc 1
    expect_err "type: unknown conflict type 'parkeren2' (expected one of .*); did you mean 'parkeren'?$"
    run "$bbctl" --db "$db" case new --reported 2024-03-01 --source buren --type parkeren
    expect_rc 1
    case $stderr in *"did you mean"*) fail "'buren' got a suggestion: $stderr" ;; esac
    run "$bbctl" --db "$db" config get retention.month
    expect_rc 1
    expect_err "key: unknown setting 'retention.month' (expected one of .*); did you mean 'retention.months'?$"
    LANGUAGE= LC_ALL=nl_NL.UTF-8 run "$bbctl" --db "$db" case new --reported 2024-03-01 \
        --source politei --type parkeren
    expect_err "bedoelt u 'politie'?$"
    expect_err "aanmelder: onbekende aanmelder 'politei'" # the field in Dutch too
    LANGUAGE= LC_ALL=nl_NL.UTF-8 run "$bbctl" --db "$db" case show BB-2024-0099
    expect_rc 3
    expect_err "zaak: geen zaak BB-2024-0099$"
    run "$bbctl" --db "$db" case list --json
    expect_rc 0
    case $stdout in *BB-*) fail "a case was written: $stdout" ;; esac
}

t_unknown_command_is_a_usage_error() {
    run "$bbctl" frobnicate
    expect_rc 2
    expect_err "no such command 'frobnicate'; try 'bbctl --help'"
    expect_err_lines 1
    run "$bbctl" db frobnicate
    expect_rc 2
    expect_err_lines 1
    run "$bbctl" help frobnicate
    expect_rc 2
}

t_unknown_option_is_a_usage_error() {
    run "$bbctl" --frobnicate db status
    expect_rc 2
    expect_err "unknown option '--frobnicate'"
    expect_err_lines 1
    run "$bbctl" --db
    expect_rc 2
    expect_err "needs a value"
}

t_missing_subcommand_and_extra_argument() {
    run "$bbctl"
    expect_rc 2
    expect_err "no command given"
    run "$bbctl" db
    expect_rc 2
    expect_err "try 'bbctl help db'"
    run "$bbctl" db status extra
    expect_rc 2
    expect_err "unexpected argument 'extra'; try 'bbctl help db status'"
}

t_options_follow_the_command_tables() {
    # --help answers from the table, before any database is opened.
    run "$bbctl" --db "host=/nonexistent" case close --help
    expect_rc 0
    expect_out "^Usage: bbctl case close CASE --outcome OUTCOME "
    expect_out "^  --outcome OUTCOME  *how it ended$"
    # Options anywhere, abbreviated; "--" ends them.
    run "$bbctl" --db "host=/nonexistent" case list --lim=x
    expect_rc 2
    expect_err "^bbctl: --limit: 'x' is not a whole number; try 'bbctl help case list'$"
    run "$bbctl" --db "host=/nonexistent" case show -- --json
    expect_rc 6
    expect_err "cannot open the database"
    # A flag with a value, another command's option, a bad argument, a range.
    run "$bbctl" case list --json=yes
    expect_rc 2
    expect_err "option '--json' takes no value"
    run "$bbctl" case move BB-2024-0001 intake --outcome opgelost
    expect_rc 2
    expect_err "\\-\\-outcome does not belong to this command; try 'bbctl help case move'"
    run "$bbctl" party edit BB-2024-0001 first
    expect_rc 2
    expect_err "PARTY: 'first' is not a whole number"
    run "$bbctl" volunteer edit V-0001 --capacity -1
    expect_rc 2
    expect_err "\\-\\-capacity: '-1' is not a number from 0 to 1000000"
    expect_err_lines 1
}

t_dutch_under_a_dutch_locale() {
    locale -a | grep -qi '^nl_NL\.utf-\?8$' || fail "the nl_NL.UTF-8 locale is missing"
    LANGUAGE= LC_ALL=nl_NL.UTF-8 run "$bbctl" --help
    expect_rc 0
    expect_out "Gebruik: bbctl"
    expect_out "^Zaken:$"
    expect_out "^Partijen, vrijwilligers, contactmomenten:$"
    LANGUAGE= LC_ALL=nl_NL.UTF-8 run "$bbctl" frobnicate
    expect_err "opdracht 'frobnicate' bestaat niet"
    LANGUAGE= LC_ALL=C.UTF-8 run "$bbctl" --help
    expect_out "Usage: bbctl"
}

t_migrate_fresh_then_up_to_date() {
    db=$(fresh_db template0)
    run "$bbctl" --db "$db" db migrate
    expect_rc 0
    expect_out "Applied [0-9]* migrations\?; the schema is at version"
    run "$bbctl" --db "$db" db migrate
    expect_rc 0
    expect_out "up to date"
    drop_db "$db"
}

# --dry-run lists every migration and source in order and changes nothing; after a migration
# there is nothing to list; an older source revision is listed alone; a newer one is refused.
t_migrate_dry_run_lists_and_changes_nothing() {
    db=$(fresh_db template0)
    trap 'drop_db "$db"' EXIT
    run "$bbctl" --db "$db" db migrate --dry-run
    expect_rc 0
    first=$(printf '%s\n' "$stdout" | head -n 1)
    [ "$first" = "Would apply migration 0001-base." ] || fail "first step: $first"
    expect_out "^Would apply migration 0014-export-k.$"
    expect_out "^Would apply schema source stats (revision [0-9]*).$"
    steps=$(printf '%s\n' "$stdout" | grep -c '^Would apply')
    last_migration=$(printf '%s\n' "$stdout" | grep -n 'migration' | tail -n 1 | cut -d: -f1)
    first_source=$(printf '%s\n' "$stdout" | grep -n 'schema source' | head -n 1 | cut -d: -f1)
    [ "$last_migration" -lt "$first_source" ] || fail "a source before a migration: $stdout"
    tables=$(psql -X -q -At -d "$db" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    [ "$tables" = 0 ] || fail "--dry-run made $tables tables"
    run "$bbctl" --db "$db" db migrate
    expect_rc 0
    run "$bbctl" --db "$db" db migrate --dry-run
    expect_rc 0
    expect_out "^Nothing to apply: the schema is up to date.$"
    psql -X -q -d "$db" -c "UPDATE bb_schema_source SET revision = revision - 1 WHERE name = 'stats'" \
        >/dev/null
    run "$bbctl" --db "$db" db migrate --dry-run
    expect_rc 0
    [ "$stdout" = "$(printf '%s\n' "$stdout" | grep '^Would apply schema source stats ')" ] ||
        fail "more than the stale source: $stdout"
    [ "$steps" -gt 20 ] || fail "only $steps steps for a new database"
    # A database it would refuse, it refuses, changing nothing.
    psql -X -q -d "$db" -c "UPDATE bb_schema_source SET revision = 999 WHERE name = 'stats'" \
        >/dev/null
    run "$bbctl" --db "$db" db migrate --dry-run
    [ "$rc" -ne 0 ] || fail "--dry-run took a newer database"
    expect_err "stats at revision 999, newer than this build"
}

t_status_of_a_configured_database() {
    db=$(fresh_db)
    BB_DATABASE_URL="$db" run "$bbctl" db status
    expect_rc 0
    expect_out "Server: *PostgreSQL 15"
    expect_out "Schema: *version [0-9]* of [0-9]* (up to date)"
    drop_db "$db"
}

t_start_refuses_when_another_database_is_configured() {
    run "$bbctl" --db "host=/nonexistent" db start
    expect_rc 1
    expect_err "only manage the embedded database"
}

t_unreachable_database_is_a_clear_failure() {
    run "$bbctl" --db "host=/nonexistent dbname=bb" db migrate
    expect_rc 6
    expect_err "cannot connect to the database"
    expect_err 'connection to server on socket "/nonexistent/.s.PGSQL.5432" failed'
}

t_embedded_lifecycle() {
    dir=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/cli-embedded.XXXXXX")
    chmod 0711 "$dir"
    export BB_DATA_DIR="$dir"
    run "$bbctl" db status
    expect_rc 0
    expect_out "not created yet"
    run "$bbctl" db start
    expect_rc 0
    run "$bbctl" db status
    expect_out "State: *running (pid [0-9]*)"
    expect_out "no TCP port"
    expect_out "Schema: *version [0-9]* of [0-9]* (up to date)"
    run "$bbctl" db stop
    expect_rc 0
    run "$bbctl" db status
    expect_out "State: *stopped"
    rm -rf "$dir"
}

"t_$1"
