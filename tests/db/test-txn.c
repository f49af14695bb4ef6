/* Error mapping and transactions against a real server: unique violation, check violation,
 * a real serialization failure retried, retries giving up, rollback on failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "dbtest.h"

typedef struct fixture {
    char *ci;
    bb_ctx *ctx;
    bb_ctx *other; /* a second client, to collide with */
    int attempts;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ci = dbt_create_db(0);
    f->ctx = dbt_open(f->ci);
    f->other = dbt_open(f->ci);
    free(dbt_query(f->ci, "CREATE TABLE counter (id int PRIMARY KEY, v int NOT NULL);"
                          "INSERT INTO counter VALUES (1, 0)"));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bb_close(f->ctx);
    bb_close(f->other);
    dbt_drop_db(f->ci);
    free(f);
    return 0;
}

static void unique_violation_is_eexists_with_sqlstate(void **state)
{
    fixture *f = *state;
    const char *p[1] = {"Welzijn Twenterand"};

    assert_int_equal(bb_db__cmd(f->ctx, "INSERT INTO organisation (name) VALUES ($1)", 1, p),
                     BB_OK);
    assert_int_equal(bb_db__cmd(f->ctx, "INSERT INTO organisation (name) VALUES ($1)", 1, p),
                     BB_EEXISTS);
    assert_string_equal(bb_sqlstate(f->ctx), "23505");
    assert_non_null(strstr(bb_errmsg(f->ctx), "SQLSTATE 23505"));
}

static void check_violation_is_einval(void **state)
{
    fixture *f = *state;
    const char *p[1] = {""};

    assert_int_equal(bb_db__cmd(f->ctx, "INSERT INTO organisation (name) VALUES ($1)", 1, p),
                     BB_EINVAL);
    assert_string_equal(bb_sqlstate(f->ctx), "23514");
}

/* First attempt: read the row, let the other client change it, then write it ourselves:
 * REPEATABLE READ refuses with a real 40001. The retry sees the new value and succeeds. */
static int increment_with_collision(bb_ctx *ctx, void *arg)
{
    fixture *f = arg;
    int rc;

    f->attempts++;
    if ((rc = bb_db__cmd(ctx, "SELECT v FROM counter WHERE id = 1", 0, NULL)) != BB_OK)
        return rc;
    if (f->attempts == 1 &&
        bb_db__cmd(f->other, "UPDATE counter SET v = v + 10 WHERE id = 1", 0, NULL) != BB_OK)
        return BB_EDB;
    return bb_db__cmd(ctx, "UPDATE counter SET v = v + 1 WHERE id = 1", 0, NULL);
}

static void serialization_failure_is_retried(void **state)
{
    fixture *f = *state;
    char *v;

    assert_int_equal(bb_db__txn(f->ctx, "REPEATABLE READ", increment_with_collision, f), BB_OK);
    assert_int_equal(f->attempts, 2);
    v = dbt_query(f->ci, "SELECT v FROM counter WHERE id = 1");
    assert_string_equal(v, "11"); /* the other client's +10 and our +1, each once */
    free(v);
}

static int always_deadlocks(bb_ctx *ctx, void *arg)
{
    fixture *f = arg;
    f->attempts++;
    bb_db__cmd(ctx, "UPDATE counter SET v = v + 1 WHERE id = 1", 0, NULL);
    return bb_db__cmd(ctx,
                      "DO $$ BEGIN RAISE EXCEPTION 'simulated deadlock' USING ERRCODE = '40P01';"
                      " END $$",
                      0, NULL);
}

static void retries_give_up_with_ebusy_and_roll_back(void **state)
{
    fixture *f = *state;
    char *v;

    bb_set_max_retries(f->ctx, 2);
    assert_int_equal(bb_db__txn(f->ctx, "READ COMMITTED", always_deadlocks, f), BB_EBUSY);
    assert_int_equal(f->attempts, 3);
    assert_non_null(strstr(bb_errmsg(f->ctx), "3"));
    v = dbt_query(f->ci, "SELECT v FROM counter WHERE id = 1");
    assert_string_equal(v, "0");
    free(v);
}

static int fails_half_way(bb_ctx *ctx, void *arg)
{
    const char *p[1] = {"Half written"};
    (void)arg;
    if (bb_db__cmd(ctx, "INSERT INTO organisation (name) VALUES ($1)", 1, p) != BB_OK)
        return BB_EDB;
    return BB_EINVAL; /* e.g. a rule found a problem after the first write */
}

static void failed_transaction_writes_nothing(void **state)
{
    fixture *f = *state;
    char *n;

    assert_int_equal(bb_db__txn(f->ctx, "READ COMMITTED", fails_half_way, NULL), BB_EINVAL);
    n = dbt_query(f->ci, "SELECT count(*) FROM organisation");
    assert_string_equal(n, "0");
    free(n);
    assert_int_equal(bb_ping(f->ctx), BB_OK); /* the handle is usable afterwards */
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(unique_violation_is_eexists_with_sqlstate, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(check_violation_is_einval, setup, teardown),
        cmocka_unit_test_setup_teardown(serialization_failure_is_retried, setup, teardown),
        cmocka_unit_test_setup_teardown(retries_give_up_with_ebusy_and_roll_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(failed_transaction_writes_nothing, setup, teardown),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
