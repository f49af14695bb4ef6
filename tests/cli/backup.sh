#!/bin/sh
# bbctl db backup and db restore on embedded databases of their own (docs/admin.md,
# "Backups"). Usage: backup.sh CASE (one meson test per t_ function).
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/embedded.sh"
bbctl=${BBCTL:?BBCTL is the bbctl under test}

# An embedded database in $tmp/a with organisation 'Welzijn Oost' (its administrator
# 'coordinator', passphrase in $tmp/pw); with "demo", a few demo cases, some parties named.
seeded() {
    embedded_setup backup
    printf '%s\n' 'correct horse battery staple' >"$tmp/pw"
    chmod 600 "$tmp/pw"
    export BB_USER=coordinator BB_PASSPHRASE_FILE="$tmp/pw"
    on a db start
    expect_rc 0
    org_fixture "host=$tmp/a/run user=bb dbname=bb" "Welzijn Oost" coordinator "$tmp/pw"
    [ "${1:-}" = demo ] || return 0
    on a demo seed --cases 6 --seed 3 --today 2025-06-30 --named 4
    expect_rc 0
}

t_restore_opens_with_the_same_passphrase() {
    seeded demo
    export BB_UNLOCK_TIMEOUT=600
    every_case a >"$tmp/before"
    on a audit head
    head=$stdout
    on a db backup "$tmp/a.dump"
    expect_rc 0
    expect_out "backed up to $tmp/a.dump"
    [ "$(stat -c %a "$tmp/a.dump")" = 600 ] || fail "mode $(stat -c %a "$tmp/a.dump"), not 600"
    (cd "$tmp" && sha256sum -c --quiet a.dump.sha256) || fail "sha256sum -c disagrees"
    # Another computer: no pins, nothing kept; the same passphrase opens the restored keys.
    on a lock
    expect_rc 0
    export BB_PIN_FILE="$tmp/pins-b"
    on b db restore "$tmp/a.dump"
    expect_rc 0
    expect_out "Restored $tmp/a.dump into the embedded database."
    expect_out "Login roles of its users that this server lacks: coordinator"
    every_case b >"$tmp/after"
    diff -u "$tmp/before" "$tmp/after" >&2 || fail "the restored cases differ"
    grep -q "Parties:" "$tmp/after" || fail "no parties shown: $(cat "$tmp/after")"
    on b audit verify --expect-head "$head"
    expect_rc 0
    expect_out "The audit log is intact"
    expect_out "It holds the anchor of record ${head%%:*}"
    on b db status
    expect_out "Schema: *version [0-9]* of [0-9]* (up to date)"
}

t_restore_refuses_a_database_that_is_not_empty() {
    seeded
    on a db backup "$tmp/a.dump"
    expect_rc 0
    n=$(esql a "SELECT count(*) FROM bb_case")
    on a db restore "$tmp/a.dump"
    expect_rc 4
    expect_err "the embedded database is not empty .*: $tmp/a.dump is restored only into a new one; nothing was changed"
    [ "$(esql a "SELECT count(*) FROM bb_case")" = "$n" ] || fail "the cases changed"
}

t_restore_refuses_a_damaged_or_truncated_file() {
    seeded
    on a db backup "$tmp/a.dump"
    expect_rc 0
    size=$(stat -c %s "$tmp/a.dump")
    # One byte changed in the middle: the checksum says so before anything is started.
    cp "$tmp/a.dump" "$tmp/bad.dump"
    sed 's/a\.dump$/bad.dump/' "$tmp/a.dump.sha256" >"$tmp/bad.dump.sha256"
    printf 'X' | dd of="$tmp/bad.dump" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
    on b db restore "$tmp/bad.dump"
    expect_rc 1
    expect_err "^bbctl: $tmp/bad.dump is damaged or incomplete: its SHA-256 is not the one in $tmp/bad.dump.sha256; nothing was restored$"
    [ ! -d "$tmp/b" ] || fail "a cluster was made for a damaged file"
    # Cut short, with a checksum made for it afterwards: pg_restore fails and bb stays empty.
    head -c $((size / 2)) "$tmp/a.dump" >"$tmp/short.dump"
    (cd "$tmp" && sha256sum short.dump >short.dump.sha256)
    on b db restore "$tmp/short.dump"
    expect_rc 1
    expect_err "^bbctl: cannot restore $tmp/short.dump: pg_restore failed (exit 1): .*; the embedded database is unchanged$"
    [ "$(esql b "SELECT count(*) FROM organisation")" = 0 ] || fail "the failed restore left data"
    [ "$(esql b "SELECT count(*) FROM pg_database WHERE datname = 'bb_restore'")" = 0 ] ||
        fail "the failed restore left its database"
    # Without its checksum, or missing altogether.
    cp "$tmp/a.dump" "$tmp/nosum.dump"
    on b db restore "$tmp/nosum.dump"
    expect_rc 1
    expect_err "cannot read the checksum of $tmp/nosum.dump from $tmp/nosum.dump.sha256: .* (bbctl db backup writes both)"
    on b db restore "$tmp/none.dump"
    expect_rc 3
    expect_err "^bbctl: $tmp/none.dump: no such backup file$"
    # The good one still restores into the database the failures left empty.
    on b db restore "$tmp/a.dump"
    expect_rc 0
    [ "$(esql b "SELECT count(*) FROM organisation")" = 1 ] || fail "the organisation is missing"
}

t_backup_refuses_an_existing_file_and_another_database() {
    embedded_setup backup
    printf 'keep\n' >"$tmp/old.dump"
    on a db backup "$tmp/old.dump"
    expect_rc 4
    expect_err "^bbctl: no backup written: $tmp/old.dump exists already: choose another name, or move the old backup away first$"
    [ "$(cat "$tmp/old.dump")" = keep ] || fail "the old file changed"
    [ ! -e "$tmp/old.dump.sha256" ] || fail "a checksum was written"
    on a db backup "$tmp/new.dump"
    expect_rc 3
    expect_err "^bbctl: no backup written: there is no embedded database in $tmp/a to back up$"
    [ ! -e "$tmp/a/pg" ] || fail "a cluster was made to back up"
    run "$bbctl" --db "host=/nonexistent" db backup "$tmp/new.dump"
    expect_rc 1
    expect_err "only manage the embedded database"
    run "$bbctl" --db "host=/nonexistent" db restore "$tmp/old.dump"
    expect_rc 1
    expect_err "only manage the embedded database"
    run "$bbctl" db backup
    expect_rc 2
    expect_err "give the file to write the backup to"
    [ ! -e "$tmp/new.dump" ] || fail "a backup was written"
}

own_session "$0" "$@"
"t_$1"
