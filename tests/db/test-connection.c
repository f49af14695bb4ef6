/* A lost connection: a clear error while the server is gone, the next call works once it is
 * back. And the embedded cluster started on demand by bb_open(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"
#include "base/handle.h"

#include <libpq-fe.h>

static int setup(void **state)
{
    *state = dbt_tempdir("conn");
    return 0;
}

static int teardown(void **state)
{
    dbt_remove_cluster(*state);
    free(*state);
    return 0;
}

static void lost_connection_is_reported_and_recovered(void **state)
{
    const char *dir = *state;
    char err[1024], *ci;
    bb_schema_info info;
    bb_ctx *ctx;

    assert_int_equal(bb_cluster_start(dir, err, sizeof err), BB_OK);
    ci = bb_cluster_conninfo(dir, "bb");
    ctx = dbt_open(ci); /* an explicit connection string: no automatic start */
    assert_int_equal(bb_ping(ctx), BB_OK);

    assert_int_equal(bb_cluster_stop(dir, err, sizeof err), BB_OK);
    assert_int_equal(bb_ping(ctx), BB_ECONN);
    assert_non_null(strstr(bb_errmsg(ctx), "connection to the database was lost"));
    assert_int_equal(bb_ping(ctx), BB_ECONN); /* still down: says it cannot connect */
    assert_non_null(strstr(bb_errmsg(ctx), "cannot connect"));

    assert_int_equal(bb_cluster_start(dir, err, sizeof err), BB_OK);
    assert_int_equal(bb_schema_info_get(ctx, &info), BB_OK); /* reconnected by itself */
    assert_int_equal(info.applied, bb_schema_known_count());
    bb_close(ctx);
    free(ci);
}

static void open_starts_the_embedded_cluster_on_demand(void **state)
{
    bb_open_options opts = {.data_dir = *state};
    bb_ctx *ctx = NULL;
    char err[512];

    unsetenv("BB_DATABASE_URL");
    unsetenv("PGHOST");
    unsetenv("PGSERVICE");
    assert_int_equal(bb_open(&ctx, &opts), BB_OK);
    assert_true(bb_is_embedded(ctx));
    assert_string_equal(bb_data_dir(ctx), *state);
    assert_int_equal(bb_schema_check(ctx), BB_OK);

    /* Stopped behind its back: the next call starts it again. */
    assert_int_equal(bb_cluster_stop(*state, err, sizeof err), BB_OK);
    assert_int_equal(bb_ping(ctx), BB_ECONN);
    assert_int_equal(bb_ping(ctx), BB_OK);
    bb_close(ctx);
}

static void database_url_wins_over_the_embedded_cluster(void **state)
{
    char *ci = dbt_create_db(0);
    bb_ctx *ctx = NULL;
    bb_open_options opts = {.data_dir = *state};

    setenv("BB_DATABASE_URL", ci, 1);
    assert_int_equal(bb_open(&ctx, &opts), BB_OK);
    assert_false(bb_is_embedded(ctx));
    unsetenv("BB_DATABASE_URL");
    bb_close(ctx);
    dbt_drop_db(ci);
}

/* The value libpq uses for option key on the handle's connection (free()). */
static char *option_of(bb_ctx *ctx, const char *key)
{
    PQconninfoOption *opts = PQconninfo(ctx->conn), *o;
    char *v = NULL;

    assert_non_null(opts);
    for (o = opts; o->keyword != NULL; o++)
        if (strcmp(o->keyword, key) == 0 && o->val != NULL)
            v = strdup(o->val);
    PQconninfoFree(opts);
    return v;
}

/* A dead network is noticed within about 30 seconds (keepalives, tcp_user_timeout) unless the
 * connection string says otherwise. */
static void keepalives_by_default_and_the_string_wins(void **state)
{
    static const char *const want[][2] = {{"keepalives", "1"},           {"keepalives_idle", "10"},
                                          {"keepalives_interval", "5"},  {"keepalives_count", "4"},
                                          {"tcp_user_timeout", "30000"}, {"connect_timeout", "10"}};
    char *ci = dbt_create_db(0), mine[1024], *v;
    bb_ctx *ctx = dbt_open(ci);

    (void)state;
    assert_int_equal(bb_ping(ctx), BB_OK);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        v = option_of(ctx, want[i][0]);
        if (v == NULL || strcmp(v, want[i][1]) != 0)
            fail_msg("%s: %s, expected %s", want[i][0], v ? v : "(none)", want[i][1]);
        free(v);
    }
    bb_close(ctx);
    snprintf(mine, sizeof mine, "%s keepalives_idle=60 tcp_user_timeout=5000", ci);
    ctx = dbt_open(mine);
    assert_int_equal(bb_ping(ctx), BB_OK);
    v = option_of(ctx, "keepalives_idle");
    assert_string_equal(v, "60");
    free(v);
    v = option_of(ctx, "tcp_user_timeout");
    assert_string_equal(v, "5000");
    free(v);
    bb_close(ctx);
    dbt_drop_db(ci);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(lost_connection_is_reported_and_recovered, setup, teardown),
        cmocka_unit_test_setup_teardown(open_starts_the_embedded_cluster_on_demand, setup,
                                        teardown),
        cmocka_unit_test(keepalives_by_default_and_the_string_wins),
        cmocka_unit_test_setup_teardown(database_url_wins_over_the_embedded_cluster, setup,
                                        teardown),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
