#!/bin/sh
# bbctl(1) against the option tables: the synopses `bbctl help --synopsis` prints from the
# tables are those of the man page (its SYNOPSIS lines and each command's tag in COMMANDS), and
# every command answers --help from its table. No database. Usage: man.sh CASE (one meson test
# per t_ function).
set -eu
. "$(dirname "$0")/lib.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}
man=$(dirname "$0")/../../docs/man/bbctl.1
tmp=$(mktemp -d "${BB_TEST_TMPDIR:-/tmp}/cli-man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The man page's synopses as plain text: the text lines of SYNOPSIS, and the tag (the line after
# .TP) of each command in COMMANDS with "bbctl " before it; fonts and escapes taken out.
man_synopses() {
    awk '
        /^\.SH / { section = $0; tag = 0; next }
        section == ".SH SYNOPSIS" && !/^\./ { print; next }
        section == ".SH COMMANDS" && tag { print "bbctl " $0; tag = 0; next }
        section == ".SH COMMANDS" && /^\.TP/ { tag = 1 }
    ' "$man" | sed 's/\\f[BIRP]//g; s/\\-/-/g; s/\\ / /g; s/\\&//g'
}

t_man_page_synopses_are_the_option_tables() {
    LANGUAGE= LC_ALL=C run "$bbctl" help --synopsis
    expect_rc 0
    [ -n "$stdout" ] || fail "no synopses"
    printf '%s\n' "$stdout" | sort >"$tmp/tables"
    man_synopses | sort >"$tmp/man"
    diff -u "$tmp/tables" "$tmp/man" >&2 ||
        fail "bbctl(1) and the option tables differ (-: the tables, +: the man page)"
}

t_every_command_answers_help_from_its_table() {
    LANGUAGE= LC_ALL=C run "$bbctl" help --synopsis
    printf '%s\n' "$stdout" | tail -n +2 >"$tmp/synopses"
    while IFS= read -r line; do
        # "bbctl group [verb] ...": the words before the first argument or option
        words=$(printf '%s\n' "$line" | awk '{ n = 2; if ($3 ~ /^[a-z][a-z-]*$/) n = 3;
            for (i = 2; i <= n; i++) printf "%s ", $i }')
        # shellcheck disable=SC2086
        LANGUAGE= LC_ALL=C run "$bbctl" $words--help
        expect_rc 0
        [ "$(printf '%s\n' "$stdout" | head -n 1)" = "Usage: $line" ] ||
            fail "'$words--help' does not begin with 'Usage: $line': $stdout"
        expect_out "^  --help  "
    done <"$tmp/synopses"
    LANGUAGE= LC_ALL=C run "$bbctl" help case new
    expect_out "^Usage: bbctl case new --reported DATE "
    expect_out "^  --reported DATE  "
}

"t_$1"
