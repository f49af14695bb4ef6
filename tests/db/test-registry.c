/* Volunteers, contact moments, areas and settings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regtest.h"

static bb_volunteer *add_volunteer(regt *t, const char *postcode, const char *status)
{
    return regt_volunteer(t, "Vera Vrijwilliger", postcode, NULL, status, -1);
}

static void volunteers_get_numbers_and_an_area(void **state)
{
    regt *t = regt_new();
    const char *types[] = {"pesten", "kinderen"};
    bb_volunteer_new in = {.id = "a3e1c2d4-5b6a-4c7d-8e9f-0a1b2c3d4e5f",
                           .name = "Vera Vrijwilliger",
                           .postcode = "1010AB",
                           .capacity = 3,
                           .types = types,
                           .n_types = 2};
    bb_volunteer *a = NULL, *again = NULL, *b = add_volunteer(t, "2000 CD", "actief");
    char *postcodes;

    (void)state;
    assert_string_equal(b->number, "V-0001");
    assert_string_equal(b->area, ""); /* no area holds 2000 */
    assert_int_equal(bb_volunteer_add(t->ctx, &in, &a), BB_OK);
    assert_string_equal(a->number, "V-0002");
    assert_string_equal(a->area, "Noord"); /* derived from 1010 */
    assert_int_equal(a->capacity, 3);
    assert_int_equal(a->n_types, 2);
    assert_int_equal(bb_volunteer_add(t->ctx, &in, &again), BB_OK); /* a retry */
    assert_string_equal(again->number, "V-0002");
    /* The postcode is personal data: it derives the area and is kept only as an index. */
    postcodes = dbt_query(t->ci, "SELECT count(*) FROM volunteer WHERE volunteer::text"
                                 " LIKE '%1010%' OR volunteer::text LIKE '%2000 CD%'"
                                 " OR volunteer::text LIKE '%2000CD%'");
    assert_string_equal(postcodes, "0");
    free(postcodes);
    bb_volunteer_free(a);
    bb_volunteer_free(again);
    bb_volunteer_free(b);
    regt_free(t);
}

static void volunteer_bad_input_is_named(void **state)
{
    regt *t = regt_new();
    bb_volunteer_new in = {.name = "Vera", .postcode = "12345", .capacity = -1};
    char *before = regt_fingerprint(t), *after;

    (void)state;
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_EINVAL);
    /* A postcode is personal: the message names the field, never the value. */
    MSG_HAS(t->ctx, "postcode", "not a postcode");
    assert_null(strstr(bb_errmsg(t->ctx), "12345"));
    in = (bb_volunteer_new){.name = "Vera", .postcode = "1234 AB", .capacity = 21};
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "capacity", "21");
    in = (bb_volunteer_new){
        .name = "Vera", .postcode = "1234 AB", .capacity = -1, .status = "klaar"};
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "status: unknown volunteer status 'klaar'", "gecertificeerd");
    in = (bb_volunteer_new){.postcode = "1234 AB", .capacity = -1};
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "name: missing");
    in = (bb_volunteer_new){.name = "Vera", .postcode = "1234 AB", .capacity = -1, .area = "Zuid"};
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "area", "'Zuid'");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
    regt_free(t);
}

static void volunteer_status_keeps_its_dates(void **state)
{
    regt *t = regt_new();
    bb_volunteer *v = add_volunteer(t, "1010 AB", NULL), *w = NULL;
    char *history;

    (void)state;
    assert_int_equal(bb_volunteer_set_status(t->ctx, v->number, 1, "in_opleiding", NULL, &w),
                     BB_OK);
    assert_int_equal(w->version, 2);
    bb_volunteer_free(w);
    assert_int_equal(bb_volunteer_set_status(t->ctx, v->number, 1, "actief", NULL, NULL),
                     BB_ECONFLICT);
    MSG_HAS(t->ctx, "V-0001", "status");
    assert_int_equal(bb_volunteer_set_status(t->ctx, "V-1", 2, "in_opleiding", NULL, NULL),
                     BB_EINVAL);
    MSG_HAS(t->ctx, "already");
    assert_int_equal(bb_volunteer_set_status(t->ctx, "V-0009", 1, "actief", NULL, NULL),
                     BB_ENOTFOUND);
    history = dbt_query(t->ci, "SELECT string_agg(status, ',' ORDER BY id)"
                               " FROM volunteer_status_event");
    assert_string_equal(history, "aangemeld,in_opleiding");
    free(history);
    bb_volunteer_free(v);
    regt_free(t);
}

static void volunteer_list_pages(void **state)
{
    regt *t = regt_new();
    bb_volunteer_filter f = {.limit = 2};
    bb_volunteer_list *l = NULL;
    char after[BB_NUMBER_SIZE];
    int seen = 0;

    (void)state;
    for (int i = 0; i < 5; i++)
        bb_volunteer_free(add_volunteer(t, "1010 AB", i % 2 ? "actief" : NULL));
    do {
        assert_int_equal(bb_volunteer_list_get(t->ctx, &f, &l), BB_OK);
        seen += (int)l->n;
        assert_true(seen < 5 ? *l->next != '\0' : *l->next == '\0');
        snprintf(after, sizeof after, "%s", l->next);
        f.after = *after ? after : NULL;
        bb_volunteer_list_free(l);
    } while (f.after != NULL);
    assert_int_equal(seen, 5);
    f = (bb_volunteer_filter){.status = "actief"};
    assert_int_equal(bb_volunteer_list_get(t->ctx, &f, &l), BB_OK);
    assert_int_equal(l->n, 2);
    bb_volunteer_list_free(l);
    regt_free(t);
}

static void contacts_record_who_took_part(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_volunteer *a = add_volunteer(t, "1010 AB", "actief"), *b = add_volunteer(t, "1011 AB", NULL);
    const char *with[] = {"V-0002", "1"};
    bb_contact_new in = {.id = "b3e1c2d4-5b6a-4c7d-8e9f-0a1b2c3d4e5f",
                         .case_number = c->number,
                         .kind = "huisbezoek_a",
                         .date = "2024-03-04",
                         .minutes = 45,
                         .with = with,
                         .n_with = 2};
    bb_contact *k = NULL;
    bb_contact_list *l = NULL;

    (void)state;
    assert_int_equal(bb_contact_add(t->ctx, &in, &k), BB_OK);
    assert_int_equal(k->n_with, 2);
    assert_string_equal(k->with[0], "V-0001");
    assert_int_equal(k->minutes, 45);
    bb_contact_free(k);
    assert_int_equal(bb_contact_add(t->ctx, &in, NULL), BB_OK); /* a retry: no second row */
    in = (bb_contact_new){.case_number = c->number, .kind = "telefoon", .minutes = -1};
    assert_int_equal(bb_contact_add(t->ctx, &in, NULL), BB_OK);
    assert_int_equal(bb_contact_list_get(t->ctx, c->number, &l), BB_OK);
    assert_int_equal(l->n, 2);
    assert_string_equal(l->items[0].kind, "huisbezoek_a");
    assert_int_equal(l->items[1].minutes, -1);
    assert_int_equal(l->items[1].n_with, 0);
    bb_contact_list_free(l);
    bb_case_free(c);
    bb_volunteer_free(a);
    bb_volunteer_free(b);
    regt_free(t);
}

static void contact_bad_input_is_named(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    const char *with[] = {"V-0007"}, *twice[] = {"V-0001", "v1"};
    bb_contact_new in = {.case_number = c->number, .kind = "brief", .minutes = -1};
    char *before, *after;

    (void)state;
    bb_volunteer_free(add_volunteer(t, "1010 AB", NULL));
    before = regt_fingerprint(t);
    assert_int_equal(bb_contact_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "kind: unknown contact kind 'brief'", "nazorgcontact");
    in.kind = "telefoon";
    in.date = "2024-02-01";
    assert_int_equal(bb_contact_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "date", "2024-02-01", "before the report");
    in.date = NULL;
    in.minutes = 2000;
    assert_int_equal(bb_contact_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "minutes", "2000");
    in.minutes = -1;
    in.with = with;
    in.n_with = 1;
    assert_int_equal(bb_contact_add(t->ctx, &in, NULL), BB_ENOTFOUND);
    MSG_HAS(t->ctx, "with", "V-0007");
    in.with = twice;
    in.n_with = 2;
    assert_int_equal(bb_contact_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "with", "twice");
    in = (bb_contact_new){.case_number = "BB-2000-0001", .kind = "telefoon", .minutes = -1};
    assert_int_equal(bb_contact_add(t->ctx, &in, NULL), BB_ENOTFOUND);
    MSG_HAS(t->ctx, "case", "BB-2000-0001");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
    bb_case_free(c);
    regt_free(t);
}

static void areas_derive_from_postcodes(void **state)
{
    regt *t = regt_new();
    bb_area_list *l = NULL;
    char *name = NULL, *before, *after;

    (void)state;
    assert_int_equal(bb_area_set(t->ctx, "De Vaart", "1100-1149, 1200"), BB_OK);
    assert_int_equal(bb_area_for_postcode(t->ctx, "1200 XY", &name), BB_OK);
    assert_string_equal(name, "De Vaart");
    free(name);
    assert_int_equal(bb_area_for_postcode(t->ctx, "3000AA", &name), BB_OK);
    assert_null(name);
    before = regt_fingerprint(t);
    assert_int_equal(bb_area_set(t->ctx, "Zuid", "1140-1160"), BB_EINVAL);
    MSG_HAS(t->ctx, "postcodes", "De Vaart");
    assert_int_equal(bb_area_set(t->ctx, "Zuid", "11a0"), BB_EINVAL);
    MSG_HAS(t->ctx, "postcodes", "'11a0'");
    assert_int_equal(bb_area_set(t->ctx, "Zuid", "1300-1200"), BB_EINVAL);
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    assert_int_equal(bb_area_set(t->ctx, "De Vaart", NULL), BB_OK); /* keeps its ranges */
    assert_int_equal(bb_area_list_get(t->ctx, &l), BB_OK);
    assert_int_equal(l->n, 2);
    assert_string_equal(l->items[0].name, "De Vaart");
    assert_string_equal(l->items[0].postcodes, "1100-1149,1200");
    assert_string_equal(l->items[1].postcodes, "1000-1099");
    bb_area_list_free(l);
    free(before);
    free(after);
    regt_free(t);
}

/* A rename keeps the ranges; the area is not compared with its own old row (0003 did). */
static void areas_are_renamed_with_their_postcodes(void **state)
{
    regt *t = regt_new();
    bb_volunteer *v = add_volunteer(t, "1010 AB", NULL), *again = NULL;
    char *name = NULL, *err, *before, *after;

    (void)state;
    assert_string_equal(v->area, "Noord");
    assert_int_equal(bb_area_rename(t->ctx, "Noord", "Noorderveld"), BB_OK);
    assert_int_equal(bb_area_for_postcode(t->ctx, "1050 XY", &name), BB_OK);
    assert_string_equal(name, "Noorderveld");
    free(name);
    assert_int_equal(bb_volunteer_get(t->ctx, v->number, &again), BB_OK);
    assert_string_equal(again->area, "Noorderveld");
    /* Other clients may rename through SQL too. */
    err = regt_sql_error(t->ci, "UPDATE area SET name = 'Noord' WHERE name = 'Noorderveld'");
    assert_null(err);
    assert_int_equal(bb_area_set(t->ctx, "Zuid", "2000-2099"), BB_OK);
    before = regt_fingerprint(t);
    assert_int_equal(bb_area_rename(t->ctx, "Noord", "Zuid"), BB_EINVAL);
    MSG_HAS(t->ctx, "new name", "'Zuid'");
    assert_int_equal(bb_area_rename(t->ctx, "Oost", "West"), BB_EINVAL);
    MSG_HAS(t->ctx, "area", "'Oost'");
    assert_int_equal(bb_area_rename(t->ctx, "Noord", "No\x1b[31mord"), BB_EINVAL);
    /* Overlaps with other areas are still refused, by whatever name. */
    err = regt_sql_error(t->ci, "UPDATE area SET name = 'Zuidrand', postcodes = '{[1050,2050)}'"
                                " WHERE name = 'Zuid'");
    assert_non_null(err);
    assert_string_equal(err, "23P01");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(err);
    free(before);
    free(after);
    bb_volunteer_free(v);
    bb_volunteer_free(again);
    regt_free(t);
}

static void settings_are_checked(void **state)
{
    regt *t = regt_new();
    char *value = NULL, *err;
    int is_default = 0;

    (void)state;
    assert_int_equal(bb_config_get(t->ctx, "signals.no_contact_days", &value, &is_default), BB_OK);
    assert_string_equal(value, "14");
    assert_true(is_default);
    free(value);
    assert_int_equal(bb_config_set(t->ctx, "signals.intake_workdays", "7"), BB_OK);
    assert_int_equal(bb_config_get(t->ctx, "signals.intake_workdays", &value, &is_default), BB_OK);
    assert_string_equal(value, "7");
    assert_false(is_default);
    free(value);
    assert_int_equal(bb_config_set(t->ctx, "signals.followup_weeks", "60"), BB_EINVAL);
    MSG_HAS(t->ctx, "signals.followup_weeks", "'60'", "1 to 52");
    assert_int_equal(bb_config_set(t->ctx, "signals.followup_weeks", "-3"), BB_EINVAL);
    assert_int_equal(bb_config_set(t->ctx, "signals.nope", "3"), BB_EINVAL);
    MSG_HAS(t->ctx, "key", "'signals.nope'");
    assert_int_equal(bb_config_get(t->ctx, "nope", &value, NULL), BB_EINVAL);
    /* The database holds the same ranges against other clients. */
    err = regt_sql_error(t->ci, "UPDATE setting SET value = '0'");
    assert_non_null(err);
    free(err);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(volunteers_get_numbers_and_an_area),
        cmocka_unit_test(volunteer_bad_input_is_named),
        cmocka_unit_test(volunteer_status_keeps_its_dates),
        cmocka_unit_test(volunteer_list_pages),
        cmocka_unit_test(contacts_record_who_took_part),
        cmocka_unit_test(contact_bad_input_is_named),
        cmocka_unit_test(areas_derive_from_postcodes),
        cmocka_unit_test(areas_are_renamed_with_their_postcodes),
        cmocka_unit_test(settings_are_checked),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
