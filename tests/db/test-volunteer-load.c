/* bb_volunteer_loads: open cases paired to each volunteer of a page, as pairing counts them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regtest.h"

static void counts_the_open_cases_of_each_volunteer(void **state)
{
    regt *t = regt_new();
    bb_volunteer *v[3];
    bb_case *a = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_case *b = regt_case(t, "2024-03-02", "politie", "parkeren");
    bb_volunteer_list *l = NULL;
    int loads[3] = {-1, -1, -1};

    (void)state;
    v[0] = regt_volunteer(t, "Vera", "1050 AB", NULL, "actief", 3);
    v[1] = regt_volunteer(t, "Wim", "1060 CD", NULL, "actief", 3);
    v[2] = regt_volunteer(t, "Ans", "1070 EF", NULL, "actief", 3);
    assert_int_equal(bb_case_assign(t->ctx, a->number, a->version, "V-0001", "V-0002", NULL), BB_OK);
    assert_int_equal(bb_case_assign(t->ctx, b->number, b->version, "V-0001", "V-0003", NULL), BB_OK);
    assert_int_equal(bb_volunteer_list_get(t->ctx, NULL, &l), BB_OK);
    assert_int_equal(l->n, 3);
    assert_int_equal(bb_volunteer_loads(t->ctx, l, loads), BB_OK);
    for (size_t i = 0; i < 3; i++) {
        int want = strcmp(l->items[i].number, "V-0001") == 0 ? 2 : 1;
        assert_int_equal(loads[i], want);
    }
    bb_volunteer_list_free(l);
    for (int i = 0; i < 3; i++)
        bb_volunteer_free(v[i]);
    bb_case_free(a);
    bb_case_free(b);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_the_open_cases_of_each_volunteer),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
