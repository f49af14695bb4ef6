/* Status codes: one table, distinct values, texts and names for each, SQLSTATE mapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "bb/error.h"
#include "db/db.h"

static void every_code_has_text_and_name(void **state)
{
    (void)state;
    for (int code = BB_OK; code >= BB_ERROR_MIN; code--) {
        assert_string_not_equal(bb_status_name(code), "UNKNOWN");
        assert_string_not_equal(bb_strerror(code), bb_strerror(1));
    }
    assert_string_equal(bb_status_name(BB_EEXISTS), "EEXISTS");
    assert_string_equal(bb_strerror(BB_ENOTFOUND), "not found");
}

static void unknown_codes_are_reported_as_unknown(void **state)
{
    (void)state;
    assert_string_equal(bb_status_name(BB_ERROR_MIN - 1), "UNKNOWN");
    assert_string_equal(bb_status_name(7), "UNKNOWN");
    assert_string_equal(bb_strerror(-999), "unknown error");
}

static void texts_are_distinct(void **state)
{
    (void)state;
    for (int a = BB_OK; a >= BB_ERROR_MIN; a--)
        for (int b = a - 1; b >= BB_ERROR_MIN; b--)
            assert_string_not_equal(bb_strerror(a), bb_strerror(b));
}

static void sqlstates_map_to_codes(void **state)
{
    (void)state;
    assert_int_equal(bb_db__status_for_sqlstate("23505"), BB_EEXISTS);
    assert_int_equal(bb_db__status_for_sqlstate("40001"), BB_EBUSY);
    assert_int_equal(bb_db__status_for_sqlstate("40P01"), BB_EBUSY);
    assert_int_equal(bb_db__status_for_sqlstate("42501"), BB_EDENIED);
    assert_int_equal(bb_db__status_for_sqlstate("23514"), BB_EINVAL);
    assert_int_equal(bb_db__status_for_sqlstate("22007"), BB_EINVAL);
    assert_int_equal(bb_db__status_for_sqlstate("08006"), BB_ECONN);
    assert_int_equal(bb_db__status_for_sqlstate("57P01"), BB_ECONN);
    assert_int_equal(bb_db__status_for_sqlstate("42P01"), BB_EDB);
    assert_int_equal(bb_db__status_for_sqlstate(NULL), BB_EDB);
    assert_int_equal(bb_db__status_for_sqlstate("235"), BB_EDB);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_code_has_text_and_name),
        cmocka_unit_test(unknown_codes_are_reported_as_unknown),
        cmocka_unit_test(texts_are_distinct),
        cmocka_unit_test(sqlstates_map_to_codes),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
