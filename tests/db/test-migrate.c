/* Migrations against a real server: fresh, twice, changed checksum, newer schema, two
 * migrators at once; and the schema sources (schema/functions/): applied after the
 * migrations, again when the database's revision is older, never over a newer one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dbtest.h"
#include "db/migrations.h"

static int count_ledger(const char *ci)
{
    char *v = dbt_query(ci, "SELECT count(*) FROM bb_schema_migration");
    int n = atoi(v);
    free(v);
    return n;
}

static int count_sources(const char *ci)
{
    char *v = dbt_query(ci, "SELECT count(*) FROM bb_schema_source");
    int n = atoi(v);
    free(v);
    return n;
}

static int table_exists(const char *ci, const char *name)
{
    char sql[256], *v;
    int exists;

    snprintf(sql, sizeof sql, "SELECT to_regclass('%s') IS NOT NULL", name);
    v = dbt_query(ci, sql);
    exists = strcmp(v, "t") == 0;
    free(v);
    return exists;
}

static void fresh_database_gets_every_migration(void **state)
{
    char *ci = dbt_create_db(1);
    bb_ctx *ctx = dbt_open(ci);
    bb_schema_info info;
    int applied = -1;

    (void)state;
    assert_int_equal(bb_schema_info_get(ctx, &info), BB_OK);
    assert_int_equal(info.applied, 0);
    assert_int_equal(info.pending, bb_schema_known_count());
    assert_true(info.sources_known >= 1);
    assert_int_equal(info.sources_pending, info.sources_known);
    assert_int_equal(bb_schema_check(ctx), BB_EUPGRADE);
    assert_non_null(strstr(bb_errmsg(ctx), "bbctl db migrate"));

    assert_int_equal(bb_schema_migrate(ctx, &applied), BB_OK);
    assert_int_equal(applied, bb_schema_known_count());
    assert_int_equal(bb_schema_info_get(ctx, &info), BB_OK);
    assert_int_equal(info.applied, bb_schema_known_count());
    assert_int_equal(info.pending, 0);
    assert_int_equal(info.sources_pending, 0);
    assert_int_equal(info.sources_newer, 0);
    assert_int_equal(bb_schema_check(ctx), BB_OK);
    assert_true(table_exists(ci, "organisation"));
    assert_int_equal(count_ledger(ci), bb_schema_known_count());
    assert_int_equal(count_sources(ci), info.sources_known);
    bb_close(ctx);
    dbt_drop_db(ci);
}

static void migrating_twice_changes_nothing(void **state)
{
    char *ci = dbt_create_db(0);
    bb_ctx *ctx = dbt_open(ci);
    const char *ledgers =
        "SELECT (SELECT string_agg(version || applied_at::text, ',')"
        " FROM bb_schema_migration) || (SELECT string_agg(name || applied_at::text,"
        " ',') FROM bb_schema_source)";
    char *before = dbt_query(ci, ledgers);
    char *after;
    int applied = -1;

    (void)state;
    assert_int_equal(bb_schema_migrate(ctx, &applied), BB_OK);
    assert_int_equal(applied, 0);
    after = dbt_query(ci, ledgers);
    assert_string_equal(before, after);
    free(before);
    free(after);
    bb_close(ctx);
    dbt_drop_db(ci);
}

static void changed_checksum_is_refused_and_nothing_applied(void **state)
{
    char *ci = dbt_create_db(1);
    bb_ctx *ctx = dbt_open(ci);
    char *sum;

    (void)state;
    /* A database where 0001 was applied from a file that differs from this build's. */
    free(dbt_query(ci, "CREATE TABLE bb_schema_migration (version integer PRIMARY KEY,"
                       " name text NOT NULL, checksum text NOT NULL,"
                       " applied_at timestamptz NOT NULL DEFAULT now());"
                       "INSERT INTO bb_schema_migration (version, name, checksum)"
                       " VALUES (1, '0001-base', repeat('0', 64))"));
    assert_int_equal(bb_schema_migrate(ctx, NULL), BB_EUPGRADE);
    assert_non_null(strstr(bb_errmsg(ctx), bb_schema_known_name(0)));
    assert_non_null(strstr(bb_errmsg(ctx), "000000000000"));
    assert_non_null(strstr(bb_errmsg(ctx), "nothing was changed"));
    assert_int_equal(count_ledger(ci), 1);
    sum = dbt_query(ci, "SELECT checksum FROM bb_schema_migration");
    assert_string_equal(sum, "0000000000000000000000000000000000000000000000000000000000000000");
    free(sum);
    bb_close(ctx);
    dbt_drop_db(ci);
}

static void newer_database_is_refused_and_nothing_applied(void **state)
{
    char *ci = dbt_create_db(1);
    bb_ctx *ctx = dbt_open(ci);
    char sql[512], want[64];

    (void)state;
    snprintf(sql, sizeof sql,
             "CREATE TABLE bb_schema_migration (version integer PRIMARY KEY,"
             " name text NOT NULL, checksum text NOT NULL,"
             " applied_at timestamptz NOT NULL DEFAULT now());"
             "INSERT INTO bb_schema_migration (version, name, checksum)"
             " VALUES (%d, '9999-from-the-future', repeat('f', 64))",
             bb_schema_known_count() + 1);
    free(dbt_query(ci, sql));
    assert_int_equal(bb_schema_migrate(ctx, NULL), BB_EUPGRADE);
    snprintf(want, sizeof want, "version %d", bb_schema_known_count() + 1);
    assert_non_null(strstr(bb_errmsg(ctx), want));
    snprintf(want, sizeof want, "(%d)", bb_schema_known_count());
    assert_non_null(strstr(bb_errmsg(ctx), want));
    assert_false(table_exists(ci, "organisation"));
    assert_int_equal(count_ledger(ci), 1);
    assert_int_equal(bb_schema_check(ctx), BB_EUPGRADE);
    assert_non_null(strstr(bb_errmsg(ctx), "newer"));
    bb_close(ctx);
    dbt_drop_db(ci);
}

static void two_migrators_at_once_apply_each_migration_once(void **state)
{
    char *ci = dbt_create_db(1);
    pid_t kids[2];
    int status;

    (void)state;
    for (int i = 0; i < 2; i++) {
        kids[i] = fork();
        assert_true(kids[i] >= 0);
        if (kids[i] == 0) {
            bb_open_options opts = {.conninfo = ci};
            bb_ctx *ctx = NULL;
            int rc = bb_open(&ctx, &opts);
            if (rc == BB_OK)
                rc = bb_schema_migrate(ctx, NULL);
            if (rc != BB_OK)
                fprintf(stderr, "child %d: %s\n", i, bb_errmsg(ctx));
            bb_close(ctx);
            _exit(rc == BB_OK ? 0 : 1);
        }
    }
    for (int i = 0; i < 2; i++) {
        assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(count_ledger(ci), bb_schema_known_count());
    assert_int_equal(count_sources(ci), bb_sources__count);
    dbt_drop_db(ci);
}

/* Changes bb_stat_min_base() (schema/functions/stats.sql) behind the sources' back: what a
 * different revision of that source would have done. */
static void change_a_function(const char *ci)
{
    free(dbt_query(ci, "CREATE OR REPLACE FUNCTION bb_stat_min_base() RETURNS integer"
                       " LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN 99"));
}

static void stale_sources_are_applied_again_and_only_they(void **state)
{
    char *ci = dbt_create_db(0);
    bb_ctx *ctx = dbt_open(ci);
    const char *others = "SELECT string_agg(name || revision || applied_at::text, ',' ORDER BY"
                         " name) FROM bb_schema_source WHERE name NOT IN ('stats', 'demo')";
    char *before, *after, *v;
    bb_schema_info info;
    int applied = -1;

    (void)state;
    /* A database that has stats.sql at an older revision, and demo.sql not at all. */
    change_a_function(ci);
    free(dbt_query(ci, "ALTER TABLE bb_schema_source DROP CONSTRAINT"
                       " bb_schema_source_revision_check;"
                       "UPDATE bb_schema_source SET revision = 0 WHERE name = 'stats';"
                       "DELETE FROM bb_schema_source WHERE name = 'demo'"));
    before = dbt_query(ci, others);
    assert_int_equal(bb_schema_info_get(ctx, &info), BB_OK);
    assert_int_equal(info.sources_pending, 2);
    assert_int_equal(info.sources_newer, 0);
    assert_int_equal(bb_schema_check(ctx), BB_EUPGRADE);
    assert_non_null(strstr(bb_errmsg(ctx), "bbctl db migrate"));

    assert_int_equal(bb_schema_migrate(ctx, &applied), BB_OK);
    assert_int_equal(applied, 0);
    v = dbt_query(ci, "SELECT bb_stat_min_base()");
    assert_string_equal(v, "10");
    free(v);
    assert_int_equal(count_sources(ci), bb_sources__count);
    v = dbt_query(ci, "SELECT count(*) FROM bb_schema_source s WHERE revision >= 1");
    assert_int_equal(atoi(v), bb_sources__count);
    free(v);
    after = dbt_query(ci, others);
    assert_string_equal(before, after);
    assert_int_equal(bb_schema_check(ctx), BB_OK);
    free(before);
    free(after);
    bb_close(ctx);
    dbt_drop_db(ci);
}

/* A source recorded as sql (name, revision, checksum) that this build may not touch: migrate
 * refuses with a message holding want, and downgrades nothing. */
static void refused_source(const char *sql, const char *want)
{
    char *ci = dbt_create_db(0);
    bb_ctx *ctx = dbt_open(ci);
    char *v, *ledger, *after;
    bb_schema_info info;

    change_a_function(ci);
    free(dbt_query(ci, sql));
    ledger = dbt_query(ci, "SELECT string_agg(name || revision || checksum || applied_at::text,"
                           " ',' ORDER BY name) FROM bb_schema_source");
    assert_int_equal(bb_schema_info_get(ctx, &info), BB_OK);
    assert_int_equal(info.sources_newer, 1);
    assert_int_equal(bb_schema_migrate(ctx, NULL), BB_EUPGRADE);
    assert_non_null(strstr(bb_errmsg(ctx), want));
    assert_non_null(strstr(bb_errmsg(ctx), "nothing was changed"));
    v = dbt_query(ci, "SELECT bb_stat_min_base()");
    assert_string_equal(v, "99");
    free(v);
    after = dbt_query(ci, "SELECT string_agg(name || revision || checksum || applied_at::text,"
                          " ',' ORDER BY name) FROM bb_schema_source");
    assert_string_equal(ledger, after);
    assert_int_equal(bb_schema_check(ctx), BB_EUPGRADE);
    assert_non_null(strstr(bb_errmsg(ctx), "upgrade bb"));
    free(ledger);
    free(after);
    bb_close(ctx);
    dbt_drop_db(ci);
}

static void newer_source_is_refused_and_nothing_downgraded(void **state)
{
    (void)state;
    refused_source("UPDATE bb_schema_source SET revision = revision + 1 WHERE name = 'stats'",
                   "schema source stats at revision");
}

static void unknown_source_is_refused(void **state)
{
    (void)state;
    refused_source("INSERT INTO bb_schema_source (name, revision, checksum)"
                   " VALUES ('from-the-future', 1, repeat('f', 64))",
                   "from-the-future");
}

static void source_changed_at_its_revision_is_refused(void **state)
{
    (void)state;
    refused_source("UPDATE bb_schema_source SET checksum = repeat('0', 64) WHERE name = 'stats'",
                   "000000000000");
}

/* An older build meeting newer sources refuses before it applies any migration. */
static void newer_source_is_refused_before_any_migration(void **state)
{
    char *ci = dbt_create_db(1);
    bb_ctx *ctx = dbt_open(ci);

    (void)state;
    free(dbt_query(ci, "CREATE TABLE bb_schema_source (name text PRIMARY KEY,"
                       " revision integer NOT NULL, checksum text NOT NULL,"
                       " applied_at timestamptz NOT NULL DEFAULT now());"
                       "INSERT INTO bb_schema_source (name, revision, checksum)"
                       " VALUES ('stats', 999, repeat('f', 64))"));
    assert_int_equal(bb_schema_migrate(ctx, NULL), BB_EUPGRADE);
    assert_non_null(strstr(bb_errmsg(ctx), "upgrade bb"));
    assert_false(table_exists(ci, "organisation"));
    assert_int_equal(count_ledger(ci), 0);
    bb_close(ctx);
    dbt_drop_db(ci);
}

/* The sources go in one transaction: one that fails (after others ran) leaves every function
 * and the ledger as they were. */
static void failing_source_changes_nothing(void **state)
{
    char *ci = dbt_create_db(0);
    bb_ctx *ctx = dbt_open(ci);
    char *v;

    (void)state;
    change_a_function(ci);
    /* stats-upkeep.sql cannot replace a function whose result type is another. */
    free(dbt_query(ci, "DELETE FROM bb_schema_source; DROP FUNCTION bb_stat_day_fresh(uuid);"
                       "CREATE FUNCTION bb_stat_day_fresh(p_org uuid) RETURNS integer"
                       " LANGUAGE sql RETURN 1"));
    assert_int_not_equal(bb_schema_migrate(ctx, NULL), BB_OK);
    assert_non_null(strstr(bb_errmsg(ctx), "schema source stats-upkeep failed"));
    assert_int_equal(count_sources(ci), 0);
    v = dbt_query(ci, "SELECT bb_stat_min_base()");
    assert_string_equal(v, "99");
    free(v);
    bb_close(ctx);
    dbt_drop_db(ci);
}

/* The SQL of the migration called name; fails the test when there is none. */
static const char *migration_sql(const char *name)
{
    for (int i = 0; i < bb_migrations__count; i++)
        if (strcmp(bb_migrations__[i].name, name) == 0)
            return bb_migrations__[i].sql;
    fail_msg("no migration %s", name);
    return "";
}

/* 0014: a k below 5, which older schemas allowed, becomes 5; the check then refuses one. */
static void export_k_below_5_is_raised_by_its_migration(void **state)
{
    char *ci = dbt_create_db(0), *v;

    (void)state;
    free(dbt_query(ci, "INSERT INTO organisation (name) VALUES ('Welzijn Oost'), ('Welzijn West');"
                       /* 0007's check, from 2 */
                       "ALTER TABLE setting DROP CONSTRAINT setting_stats_check;"
                       "ALTER TABLE setting ADD CONSTRAINT setting_stats_check CHECK ("
                       " key <> 'export.k' OR value::int BETWEEN 2 AND 99);"
                       "INSERT INTO setting SELECT id, 'export.k',"
                       " CASE name WHEN 'Welzijn Oost' THEN '3' ELSE '8' END FROM organisation"));
    free(dbt_query(ci, migration_sql("0014-export-k")));
    v = dbt_query(ci, "SELECT string_agg(o.name || ' ' || s.value, ', ' ORDER BY o.name)"
                      " FROM setting s JOIN organisation o ON o.id = s.org_id"
                      " WHERE s.key = 'export.k'");
    assert_string_equal(v, "Welzijn Oost 5, Welzijn West 8");
    free(v);
    v = dbt_query(ci, "SELECT count(*) FROM audit_log WHERE action = 'update:setting'");
    assert_string_equal(v, "1");
    free(v);
    dbt_drop_db(ci);
}

/* 0020: rows that already point across organisations stop it, each named, changing nothing. */
static void pointers_across_organisations_stop_their_migration(void **state)
{
    char *ci = dbt_create_db(0), *v;
    PGconn *c;
    PGresult *res;

    (void)state;
    /* As before 0020: no (org_id, id) keys, so the rows below can be made. */
    free(dbt_query(
        ci, "ALTER TABLE bb_user DROP CONSTRAINT bb_user_org_id_id_key CASCADE;"
            "ALTER TABLE data_key DROP CONSTRAINT data_key_org_id_id_key CASCADE;"
            "ALTER TABLE bb_case DROP CONSTRAINT bb_case_org_id_id_key CASCADE;"
            "ALTER TABLE volunteer DROP CONSTRAINT volunteer_org_id_id_key CASCADE;"
            "ALTER TABLE contact DROP CONSTRAINT contact_org_id_id_key CASCADE;"
            "INSERT INTO organisation (id, name) VALUES"
            " ('00000000-0000-0000-0000-0000000000a1', 'Welzijn Oost'),"
            " ('00000000-0000-0000-0000-0000000000b1', 'Welzijn West');"
            "INSERT INTO org_key (org_id, version, fingerprint) VALUES"
            " ('00000000-0000-0000-0000-0000000000b1', 1, decode(repeat('bb', 32), 'hex'));"
            "INSERT INTO data_key (id, org_id, key_version, wrapped) VALUES"
            " ('00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-0000000000b1',"
            " 1, '\\x0b');"
            "INSERT INTO bb_case (id, org_id, year, seq, reported_on, source, conflict_types,"
            " data_key_id) VALUES ('00000000-0000-0000-0000-0000000000ca',"
            " '00000000-0000-0000-0000-0000000000a1', 2024, 1, '2024-05-01', 'politie',"
            " '{parkeren}', '00000000-0000-0000-0000-00000000000b');"
            "SELECT 1"));
    c = dbt_connect_owner(ci); /* as bbctl db migrate runs it */
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    res = PQexec(c, migration_sql("0020-org-pointers"));
    assert_int_equal(PQresultStatus(res), PGRES_FATAL_ERROR);
    v = PQresultErrorMessage(res);
    assert_non_null(strstr(v, "nothing was changed"));
    assert_non_null(strstr(v, "bb_case.data_key_id: 1 rows point at a data_key of another"));
    PQclear(res);
    PQfinish(c);
    v = dbt_query(ci, "SELECT count(*) FROM pg_constraint WHERE conname IN"
                      " ('bb_user_org_id_id_key', 'bb_case_org_data_key_id_fkey')");
    assert_string_equal(v, "0");
    free(v);
    dbt_drop_db(ci);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fresh_database_gets_every_migration),
        cmocka_unit_test(migrating_twice_changes_nothing),
        cmocka_unit_test(changed_checksum_is_refused_and_nothing_applied),
        cmocka_unit_test(newer_database_is_refused_and_nothing_applied),
        cmocka_unit_test(two_migrators_at_once_apply_each_migration_once),
        cmocka_unit_test(stale_sources_are_applied_again_and_only_they),
        cmocka_unit_test(newer_source_is_refused_and_nothing_downgraded),
        cmocka_unit_test(unknown_source_is_refused),
        cmocka_unit_test(source_changed_at_its_revision_is_refused),
        cmocka_unit_test(newer_source_is_refused_before_any_migration),
        cmocka_unit_test(failing_source_changes_nothing),
        cmocka_unit_test(export_k_below_5_is_raised_by_its_migration),
        cmocka_unit_test(pointers_across_organisations_stop_their_migration),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
