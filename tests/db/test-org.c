/* Choosing the organisation a handle works for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "dbtest.h"

static void no_organisation_says_to_run_init(void **state)
{
    char *ci = dbt_create_db(0);
    bb_ctx *ctx = dbt_open(ci);

    (void)state;
    assert_int_equal(bb_org_use(ctx, NULL), BB_ENOTFOUND);
    assert_non_null(strstr(bb_errmsg(ctx), "bbctl init"));
    assert_null(bb_org_id(ctx));
    bb_close(ctx);
    dbt_drop_db(ci);
}

static void the_only_organisation_is_chosen_by_default(void **state)
{
    char *ci = dbt_create_db(0);
    bb_ctx *ctx = dbt_open(ci);
    char *id;

    (void)state;
    id = dbt_query(ci, "INSERT INTO organisation (name) VALUES ('Welzijn Oost') RETURNING id");
    assert_int_equal(bb_org_use(ctx, NULL), BB_OK);
    assert_string_equal(bb_org_id(ctx), id);
    free(id);
    bb_close(ctx);
    dbt_drop_db(ci);
}

static void several_organisations_need_a_name(void **state)
{
    char *ci = dbt_create_db(0);
    bb_ctx *ctx = dbt_open(ci);
    char *id;

    (void)state;
    free(dbt_query(ci, "INSERT INTO organisation (name) VALUES ('Welzijn Oost')"));
    id = dbt_query(ci, "INSERT INTO organisation (name) VALUES ('Welzijn West') RETURNING id");
    assert_int_equal(bb_org_use(ctx, NULL), BB_EINVAL);
    assert_non_null(strstr(bb_errmsg(ctx), "--org"));
    assert_int_equal(bb_org_use(ctx, "Welzijn West"), BB_OK);
    assert_string_equal(bb_org_id(ctx), id);
    assert_int_equal(bb_org_use(ctx, "Welzijn Noord"), BB_ENOTFOUND);
    assert_non_null(strstr(bb_errmsg(ctx), "Welzijn Noord"));
    free(id);
    bb_close(ctx);
    dbt_drop_db(ci);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_organisation_says_to_run_init),
        cmocka_unit_test(the_only_organisation_is_chosen_by_default),
        cmocka_unit_test(several_organisations_need_a_name),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
