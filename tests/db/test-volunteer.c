/* Changing a volunteer (bb_volunteer_edit): the fields, clearing, the version, the checks
 * of bb_volunteer_add, and the blind indexes that the pairing rule reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regtest.h"

static bb_volunteer_changes none(void)
{
    return (bb_volunteer_changes){.capacity = -1};
}

static bb_volunteer *add(regt *t, const char *status)
{
    bb_volunteer_new in = {.name = "Vera Vrijwilliger",
                           .phone = "06-12345678",
                           .email = "vera@voorbeeld.nl",
                           .postcode = "1010 AB",
                           .capacity = -1,
                           .status = status};
    bb_volunteer *v = NULL;

    assert_int_equal(bb_volunteer_add(t->ctx, &in, &v), BB_OK);
    return v;
}

static void edit_changes_what_is_given_and_keeps_the_rest(void **state)
{
    regt *t = regt_new();
    bb_volunteer *v = add(t, NULL), *out = NULL;
    bb_volunteer_contact *c = NULL;
    const char *types[] = {"pesten", "parkeren"};
    bb_volunteer_changes ch = none();
    long long version;

    (void)state;
    assert_string_equal(v->area, "Noord");
    ch.name = "Vera de Vries";
    ch.phone = "+32 2 123 45 67";
    ch.capacity = 4;
    ch.types_given = true;
    ch.types = types;
    ch.n_types = 2;
    assert_int_equal(bb_volunteer_edit(t->ctx, v->number, v->version, &ch, &out), BB_OK);
    assert_int_equal(out->version, v->version + 1);
    assert_int_equal(out->capacity, 4);
    assert_int_equal(out->n_types, 2);
    assert_string_equal(out->types[0], "pesten");
    assert_string_equal(out->area, "Noord");
    assert_string_equal(out->status, v->status);
    assert_int_equal(bb_volunteer_contact_get(t->ctx, v->number, &c), BB_OK);
    assert_string_equal(c->name, "Vera de Vries");
    assert_string_equal(c->phone, "+32 2 123 45 67");
    assert_string_equal(c->email, "vera@voorbeeld.nl");
    bb_volunteer_contact_free(c);
    version = out->version;
    bb_volunteer_free(out);

    /* "" clears an optional field; a personal change alone moves the version too. */
    ch = none();
    ch.phone = "";
    assert_int_equal(bb_volunteer_edit(t->ctx, v->number, version, &ch, &out), BB_OK);
    assert_int_equal(out->version, version + 1);
    assert_int_equal(out->capacity, 4);
    assert_int_equal(bb_volunteer_contact_get(t->ctx, v->number, &c), BB_OK);
    assert_null(c->phone);
    assert_string_equal(c->email, "vera@voorbeeld.nl");
    bb_volunteer_contact_free(c);
    version = out->version;
    bb_volunteer_free(out);

    /* A new postcode derives the area again; an area given wins; "" leaves none. */
    assert_int_equal(bb_area_set(t->ctx, "Zuid", "2000-2099"), BB_OK);
    ch = none();
    ch.postcode = "2050CD";
    assert_int_equal(bb_volunteer_edit(t->ctx, v->number, version, &ch, &out), BB_OK);
    assert_string_equal(out->area, "Zuid");
    version = out->version;
    bb_volunteer_free(out);
    ch = none();
    ch.area = "";
    ch.types_given = true; /* no preferred types any more */
    assert_int_equal(bb_volunteer_edit(t->ctx, v->number, version, &ch, &out), BB_OK);
    assert_string_equal(out->area, "");
    assert_int_equal(out->n_types, 0);
    bb_volunteer_free(out);
    bb_volunteer_free(v);
    regt_free(t);
}

static void a_stale_edit_is_a_conflict_naming_what_changed(void **state)
{
    regt *t = regt_new();
    bb_volunteer *v = add(t, NULL);
    bb_volunteer_changes ch = none();
    char *before, *after;

    (void)state;
    ch.phone = "06-87654321";
    ch.capacity = 3;
    assert_int_equal(bb_volunteer_edit(t->ctx, v->number, v->version, &ch, NULL), BB_OK);
    before = regt_fingerprint(t);
    ch = none();
    ch.email = "ander@voorbeeld.nl";
    assert_int_equal(bb_volunteer_edit(t->ctx, v->number, v->version, &ch, NULL), BB_ECONFLICT);
    MSG_HAS(t->ctx, v->number, "capacity", "phone");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
    bb_volunteer_free(v);
    regt_free(t);
}

static void bad_input_is_named_and_writes_nothing(void **state)
{
    regt *t = regt_new();
    bb_volunteer *v = add(t, NULL);
    const char *unknown[] = {"ruzie"};
    const struct {
        bb_volunteer_changes ch;
        int rc;
        const char *field, *detail;
    } cases[] = {
        {{.capacity = -1}, BB_EINVAL, "volunteer", "nothing to change"},
        {{.capacity = -1, .postcode = "1234 A"}, BB_EINVAL, "postcode", "1234 AB"},
        {{.capacity = -1, .postcode = ""}, BB_EINVAL, "postcode", ""},
        {{.capacity = -1, .name = ""}, BB_EINVAL, "name", ""},
        {{.capacity = -1, .name = "Vera\x1b[31m"}, BB_EINVAL, "name", ""},
        {{.capacity = -1, .phone = "bel me"}, BB_EINVAL, "phone", "phone number"},
        {{.capacity = -1, .email = "vera@"}, BB_EINVAL, "email", "e-mail"},
        {{.capacity = -1, .house_number = "12"}, BB_EINVAL, "number", "postcode"},
        {{.capacity = 21}, BB_EINVAL, "capacity", "21"},
        {{.capacity = -1, .area = "Oost"}, BB_EINVAL, "area", "'Oost'"},
        {{.capacity = -1, .types_given = true, .types = unknown, .n_types = 1},
         BB_EINVAL,
         "ruzie",
         ""},
    };
    bb_volunteer_changes cap = none();
    char *before = regt_fingerprint(t), *after;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = bb_volunteer_edit(t->ctx, v->number, v->version, &cases[i].ch, NULL);
        if (rc != cases[i].rc)
            fail_msg("case %zu: %d (%s)", i, rc, bb_errmsg(t->ctx));
        MSG_HAS(t->ctx, cases[i].field, cases[i].detail);
    }
    cap.capacity = 1;
    assert_int_equal(bb_volunteer_edit(t->ctx, "V-0099", 1, &cap, NULL), BB_ENOTFOUND);
    assert_int_equal(bb_volunteer_edit(t->ctx, "X-1", 1, &cap, NULL), BB_EINVAL);
    assert_int_equal(bb_volunteer_edit(t->ctx, v->number, 0, &cap, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "version", "0");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
    bb_volunteer_free(v);
    regt_free(t);
}

/* The pairing rule reads the postcode and address indexes: an edit moves them. */
static void the_pairing_rule_follows_a_new_address(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case_bare(t, "2024-03-01", "politie", "parkeren");
    bb_volunteer *a = regt_volunteer(t, "Anna", "2000 CD", NULL, "actief", -1);
    bb_volunteer *b = regt_volunteer(t, "Bert", "3000 EF", NULL, "actief", -1);
    bb_volunteer *out = NULL;
    bb_volunteer_changes ch = none();
    /* Adding them as actief logged the steps before it: the edits come on top. */
    char *count, *added = dbt_query(t->ci, "SELECT count(*) FROM audit_log"
                                           " WHERE action = 'update:volunteer'");

    (void)state;
    regt_party(t, c->number, "melder", "Mieke", "1010 AB", "12a", NULL);
    ch.postcode = "1010ab";
    ch.house_number = "12 A";
    assert_int_equal(bb_volunteer_edit(t->ctx, a->number, a->version, &ch, &out), BB_OK);
    assert_int_equal(bb_case_assign(t->ctx, c->number, c->version, a->number, b->number, NULL),
                     BB_EINVAL);
    MSG_HAS(t->ctx, a->number, "address of a party");
    /* Clearing the number leaves the postcode: still a neighbour. */
    ch = none();
    ch.house_number = "";
    assert_int_equal(bb_volunteer_edit(t->ctx, a->number, out->version, &ch, NULL), BB_OK);
    count = dbt_query(t->ci, "SELECT count(*) FROM blind_index WHERE index_name = 'address'"
                             " AND owner_table = 'volunteer'");
    assert_string_equal(count, "0");
    free(count);
    assert_int_equal(bb_case_assign(t->ctx, c->number, c->version, a->number, b->number, NULL),
                     BB_EINVAL);
    MSG_HAS(t->ctx, a->number, "postcode of a party");
    /* Moved away: paired; and the edits are in the audit log. */
    ch = none();
    ch.postcode = "2000 CD";
    assert_int_equal(bb_volunteer_edit(t->ctx, a->number, out->version + 1, &ch, NULL), BB_OK);
    assert_int_equal(bb_case_assign(t->ctx, c->number, c->version, a->number, b->number, NULL),
                     BB_OK);
    count = dbt_query(t->ci, "SELECT count(*) FROM audit_log WHERE action = 'update:volunteer'");
    assert_int_equal(atoi(count) - atoi(added), 3);
    free(count);
    free(added);
    bb_volunteer_free(out);
    bb_volunteer_free(a);
    bb_volunteer_free(b);
    bb_case_free(c);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(edit_changes_what_is_given_and_keeps_the_rest),
        cmocka_unit_test(a_stale_edit_is_a_conflict_naming_what_changed),
        cmocka_unit_test(bad_input_is_named_and_writes_nothing),
        cmocka_unit_test(the_pairing_rule_follows_a_new_address),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
