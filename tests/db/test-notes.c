/* Notes of events and contacts, volunteers' personal data, and what a dump or the server log
 * shows of all personal data planted through the registry's API: nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "regtest.h"

static void event_notes_are_kept_encrypted(void **state)
{
    regt *t = regt_new();
    const char *types[] = {"overig"};
    bb_case_new in = {.reported_on = "2024-03-01",
                      .source = "politie",
                      .types = types,
                      .n_types = 1,
                      .note = "Melder belde, klinkt boos"};
    bb_case *c = NULL, *moved = NULL;
    bb_case_event_list *ev = NULL;
    bb_ctx *locked = dbt_open(t->ci);
    char *plain;

    (void)state;
    assert_int_equal(bb_case_create(t->ctx, &in, &c), BB_OK);
    regt_party(t, c->number, "melder", "Mieke", NULL, NULL, NULL);
    assert_int_equal(
        bb_case_move_note(t->ctx, c->number, 1, "intake", "Intake op het bureau", &moved), BB_OK);
    assert_int_equal(bb_case_close(t->ctx, c->number, moved->version, "ingetrokken", NULL,
                                   "Melder trekt de melding in", NULL),
                     BB_OK);
    assert_int_equal(bb_case_events(t->ctx, c->number, &ev), BB_OK);
    assert_int_equal(ev->n, 3);
    assert_string_equal(ev->items[0].note, "Melder belde, klinkt boos");
    assert_string_equal(ev->items[1].note, "Intake op het bureau");
    assert_string_equal(ev->items[2].note, "Melder trekt de melding in");
    bb_case_event_list_free(ev);
    plain = dbt_query(t->ci, "SELECT count(*) FROM case_event WHERE case_event::text ~ 'boos'");
    assert_string_equal(plain, "0");
    free(plain);
    /* Without the keys: the history, no notes. */
    assert_int_equal(bb_org_use(locked, NULL), BB_OK);
    assert_int_equal(bb_case_events(locked, c->number, &ev), BB_OK);
    assert_int_equal(ev->n, 3);
    assert_null(ev->items[0].note);
    bb_case_event_list_free(ev);
    bb_close(locked);
    bb_case_free(moved);
    bb_case_free(c);
    regt_free(t);
}

static void bad_notes_are_refused_without_their_text(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_contact_new k = {.case_number = c->number, .kind = "telefoon", .minutes = -1};
    bb_ctx *locked = dbt_open(t->ci);
    char *before = regt_fingerprint(t), *after, *long_note = malloc(4002);
    /* A line feed is the only control character a note may have: not \r, a tab, an escape
     * sequence on a later line, nor a new line at the end. */
    const char *bad[] = {
        "Geheim\x1b]0;pwned\x07", "Geheim \xc3\x28",      "Geheim\xc2\x9b", "Geheim\r\nregel",
        "Geheim\tkolom",          "Geheim\n\x1b[31mrood", "Geheim\n",       "\nGeheim"};

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(bb_case_move_note(t->ctx, c->number, 1, "intake", bad[i], NULL),
                         BB_EINVAL);
        MSG_HAS(t->ctx, "note: the value");
        assert_null(strstr(bb_errmsg(t->ctx), "Geheim"));
        k.note = bad[i];
        assert_int_equal(bb_contact_add(t->ctx, &k, NULL), BB_EINVAL);
        assert_null(strstr(bb_errmsg(t->ctx), "Geheim"));
    }
    memset(long_note, 'x', 4001);
    long_note[4001] = '\0';
    k.note = long_note;
    assert_int_equal(bb_contact_add(t->ctx, &k, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "note", "longer than 4000 characters (4001)");
    /* A note needs the keys; a locked handle writes nothing. */
    assert_int_equal(bb_org_use(locked, NULL), BB_OK);
    k.note = "Belde terug";
    assert_int_equal(bb_contact_add(locked, &k, NULL), BB_EDENIED);
    assert_int_equal(bb_case_move_note(locked, c->number, 1, "intake", "x", NULL), BB_EDENIED);
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(long_note);
    free(before);
    free(after);
    bb_close(locked);
    bb_case_free(c);
    regt_free(t);
}

static void contact_notes_round_trip(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_contact_new k = {.case_number = c->number,
                        .kind = "huisbezoek_a",
                        .minutes = 30,
                        .date = "2024-03-02",
                        .note = "Afspraken over de heg gemaakt"};
    bb_contact *got = NULL;
    bb_contact_list *l = NULL;

    (void)state;
    assert_int_equal(bb_contact_add(t->ctx, &k, &got), BB_OK);
    assert_string_equal(got->note, "Afspraken over de heg gemaakt");
    k = (bb_contact_new){.case_number = c->number, .kind = "telefoon", .minutes = -1};
    assert_int_equal(bb_contact_add(t->ctx, &k, NULL), BB_OK);
    assert_int_equal(bb_contact_list_get(t->ctx, c->number, &l), BB_OK);
    assert_int_equal(l->n, 2);
    assert_string_equal(l->items[0].note, "Afspraken over de heg gemaakt");
    assert_null(l->items[1].note);
    bb_contact_list_free(l);
    bb_contact_free(got);
    bb_case_free(c);
    regt_free(t);
}

/* Notes of several lines come back as they were written, line feeds and all. */
static void notes_keep_their_lines(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    const char *note = "Eerste regel\n\n  Derde regel, ingesprongen\nVierde";
    bb_contact_new k = {.case_number = c->number, .kind = "telefoon", .minutes = -1, .note = note};
    bb_contact_list *l = NULL;
    bb_case_event_list *ev = NULL;

    (void)state;
    assert_int_equal(bb_contact_add(t->ctx, &k, NULL), BB_OK);
    assert_int_equal(bb_case_move_note(t->ctx, c->number, 1, "intake", note, NULL), BB_OK);
    assert_int_equal(bb_contact_list_get(t->ctx, c->number, &l), BB_OK);
    assert_string_equal(l->items[0].note, note);
    assert_int_equal(bb_case_events(t->ctx, c->number, &ev), BB_OK);
    assert_string_equal(ev->items[ev->n - 1].note, note);
    bb_case_event_list_free(ev);
    bb_contact_list_free(l);
    bb_case_free(c);
    regt_free(t);
}

static void volunteer_contact_details_are_encrypted(void **state)
{
    regt *t = regt_new();
    bb_volunteer_new in = {.name = "Volkert",
                           .phone = "0612345678",
                           .email = "v@example.org",
                           .postcode = "1010 AB",
                           .house_number = "3",
                           .capacity = -1};
    bb_volunteer *v = NULL;
    bb_volunteer_contact *c = NULL;
    bb_ctx *locked = dbt_open(t->ci);
    char *n;

    (void)state;
    assert_int_equal(bb_volunteer_add(t->ctx, &in, &v), BB_OK);
    assert_string_equal(v->area, "Noord");
    assert_int_equal(bb_volunteer_contact_get(t->ctx, v->number, &c), BB_OK);
    assert_string_equal(c->name, "Volkert");
    assert_string_equal(c->phone, "0612345678");
    bb_volunteer_contact_free(c);
    /* The postcode only as indexes (and the vault's encrypted canonical copy), never a field. */
    n = dbt_query(t->ci, "SELECT string_agg(index_name, ',' ORDER BY index_name)"
                         " FROM blind_index WHERE owner_table = 'volunteer'");
    assert_string_equal(n, "address,postcode");
    free(n);
    n = dbt_query(t->ci, "SELECT count(*) FROM personal_field WHERE owner_table = 'volunteer'"
                         " AND field IN ('postcode', 'house_number')");
    assert_string_equal(n, "0");
    free(n);
    in.phone = "0612";
    assert_int_equal(bb_volunteer_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "phone: not a phone number");
    assert_int_equal(bb_org_use(locked, NULL), BB_OK);
    assert_int_equal(bb_volunteer_contact_get(locked, v->number, &c), BB_EDENIED);
    bb_close(locked);
    bb_volunteer_free(v);
    regt_free(t);
}

/* Every value planted through the API, as typed and as a search would normalise it. */
static const char *const secrets[] = {
    "Zwaantje Qwertyuiop",
    "zwaantje qwertyuiop",
    "Kwakkelstraat",
    "Xylofoonstad",
    "9876 QX",
    "9876QX",
    "06-87651234",
    "+31687651234",
    "zwaantje@voorbeeld.invalid",
    "ruzie over de heg Qzx",
    "belde boos Qzy",
    "Volkert Vrijwilligerszoon",
    "volkert@voorbeeld.invalid",
    "9877 QY",
    "9877QY",
};

static void plant(regt *t)
{
    const char *types[] = {"tuin_erfgrens"};
    bb_case_new cn = {.reported_on = "2024-03-01",
                      .source = "zelfmelder",
                      .types = types,
                      .n_types = 1,
                      .note = secrets[9]};
    bb_party_new p = {.role = "melder",
                      .name = secrets[0],
                      .street = secrets[2],
                      .house_number = "77",
                      .postcode = secrets[4],
                      .place = secrets[3],
                      .phone = secrets[6],
                      .email = secrets[8]};
    bb_volunteer_new v = {.name = secrets[11],
                          .email = secrets[12],
                          .postcode = secrets[13],
                          .house_number = "5",
                          .capacity = -1,
                          .status = "actief",
                          .steps = regt_steps,
                          .n_steps = 3};
    bb_case *c = NULL;
    bb_contact_new k = {.kind = "telefoon", .minutes = -1, .note = secrets[10]};

    assert_int_equal(bb_case_create(t->ctx, &cn, &c), BB_OK);
    assert_int_equal(bb_party_add(t->ctx, c->number, &p, NULL), BB_OK);
    k.case_number = c->number;
    assert_int_equal(bb_contact_add(t->ctx, &k, NULL), BB_OK);
    assert_int_equal(bb_volunteer_add(t->ctx, &v, NULL), BB_OK);
    /* Refused input is not logged either. */
    p.phone = "06-87651234 Qwertyuiop";
    assert_int_equal(bb_party_add(t->ctx, c->number, &p, NULL), BB_EINVAL);
    bb_case_free(c);
}

static void dump_and_log_hold_no_personal_data(void **state)
{
    regt *t = regt_new();
    char cmd[1024], path[512];
    const char *db = strstr(t->ci, "dbname='") + 8;

    (void)state;
    plant(t);
    snprintf(path, sizeof path, "%s/dump-%ld.sql", getenv("BB_TEST_TMPDIR"), (long)getpid());
    snprintf(cmd, sizeof cmd, "pg_dump -h '%s' -U '%s' '%.*s' > '%s'", getenv("BB_TEST_PGHOST"),
             getenv("BB_TEST_PGUSER"), (int)strcspn(db, "'"), db, path);
    assert_int_equal(system(cmd), 0);
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
        snprintf(cmd, sizeof cmd, "grep -i -F -q -e '%s' '%s' '%s/server.log'", secrets[i], path,
                 getenv("BB_TEST_PGHOST"));
        if (system(cmd) == 0)
            fail_msg("'%s' is readable in the dump or the server log", secrets[i]);
    }
    /* The dump is real: it holds the encrypted rows. */
    snprintf(cmd, sizeof cmd, "grep -q 'COPY public.party ' '%s'", path);
    assert_int_equal(system(cmd), 0);
    unlink(path);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(event_notes_are_kept_encrypted),
        cmocka_unit_test(bad_notes_are_refused_without_their_text),
        cmocka_unit_test(contact_notes_round_trip),
        cmocka_unit_test(notes_keep_their_lines),
        cmocka_unit_test(volunteer_contact_details_are_encrypted),
        cmocka_unit_test(dump_and_log_hold_no_personal_data),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
