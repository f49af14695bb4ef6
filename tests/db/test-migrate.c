/* Migrations against a real server: fresh, twice, changed checksum, newer schema, two
 * migrators at once. */
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

static int count_ledger(const char *ci)
{
    char *v = dbt_query(ci, "SELECT count(*) FROM bb_schema_migration");
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
    assert_int_equal(bb_schema_check(ctx), BB_EUPGRADE);
    assert_non_null(strstr(bb_errmsg(ctx), "bbctl db migrate"));

    assert_int_equal(bb_schema_migrate(ctx, &applied), BB_OK);
    assert_int_equal(applied, bb_schema_known_count());
    assert_int_equal(bb_schema_info_get(ctx, &info), BB_OK);
    assert_int_equal(info.applied, bb_schema_known_count());
    assert_int_equal(info.pending, 0);
    assert_int_equal(bb_schema_check(ctx), BB_OK);
    assert_true(table_exists(ci, "organisation"));
    assert_int_equal(count_ledger(ci), bb_schema_known_count());
    bb_close(ctx);
    dbt_drop_db(ci);
}

static void migrating_twice_changes_nothing(void **state)
{
    char *ci = dbt_create_db(0);
    bb_ctx *ctx = dbt_open(ci);
    char *before = dbt_query(ci, "SELECT string_agg(version || applied_at::text, ',') "
                                 "FROM bb_schema_migration");
    char *after;
    int applied = -1;

    (void)state;
    assert_int_equal(bb_schema_migrate(ctx, &applied), BB_OK);
    assert_int_equal(applied, 0);
    after = dbt_query(ci, "SELECT string_agg(version || applied_at::text, ',') "
                          "FROM bb_schema_migration");
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
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
