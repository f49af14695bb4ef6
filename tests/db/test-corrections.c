/* Corrections of a case (issue 14): voiding one registered by mistake and reopening one closed
 * by mistake, in libbb and in the database; each refusal names field and value and writes
 * nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regtest.h"

/* The value of a query on t's database, compared with want. */
static void expect_sql(regt *t, const char *sql, const char *want)
{
    char *v = dbt_query(t->ci, sql);

    if (strcmp(v, want) != 0)
        fail_msg("%s: %s, not %s", sql, v, want);
    free(v);
}

static void void_destroys_the_data_and_keeps_number_and_reason(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren"), *v = NULL, *next;
    bb_case_event_list *ev = NULL;
    bb_case_list *l = NULL;
    bb_case_filter f = {0};
    char want[24], sql[128], *old_key;

    (void)state;
    regt_move(t, &c, "intake");
    old_key = dbt_query(t->ci, "SELECT data_key_id FROM bb_case");
    expect_sql(t, "SELECT count(*) > 0 FROM personal_field WHERE owner_table = 'party'", "t");
    assert_int_equal(bb_case_void(t->ctx, c->number, c->version, "twice registered", &v), BB_OK);
    assert_string_equal(v->status, "vervallen");
    assert_string_equal(v->number, c->number);
    /* The old key and everything under it are gone; the new key holds only the reason. */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM data_key WHERE id = '%s'", old_key);
    expect_sql(t, sql, "0");
    expect_sql(t,
               "SELECT count(*) FROM personal_field WHERE owner_table <> 'case_event'"
               " AND field <> '@owners'",
               "0"); /* and the case's list of rows with personal data: that note */
    expect_sql(t, "SELECT count(*) FROM blind_index", "0");
    free(old_key);
    assert_int_equal(bb_case_events(t->ctx, c->number, &ev), BB_OK);
    assert_string_equal(ev->items[ev->n - 1].to, "vervallen");
    assert_string_equal(ev->items[ev->n - 1].from, "intake");
    assert_non_null(ev->items[ev->n - 1].note);
    assert_string_equal(ev->items[ev->n - 1].note, "twice registered");
    bb_case_event_list_free(ev);
    /* Out of the figures and the lists; its number is not given again. */
    expect_sql(t, "SELECT count(*) FROM stat_case", "0");
    expect_sql(t, "SELECT count(*) FROM audit_log WHERE action = 'case_void'", "1");
    assert_int_equal(bb_case_list_get(t->ctx, &f, &l), BB_OK);
    assert_int_equal(l->n, 0);
    bb_case_list_free(l);
    f.void_too = true;
    assert_int_equal(bb_case_list_get(t->ctx, &f, &l), BB_OK);
    assert_int_equal(l->n, 1);
    bb_case_list_free(l);
    f = (bb_case_filter){.status = "vervallen"};
    assert_int_equal(bb_case_list_get(t->ctx, &f, &l), BB_OK);
    assert_int_equal(l->n, 1);
    bb_case_list_free(l);
    /* Retention takes what is left (the reason) once the voiding is old enough. */
    expect_sql(t,
               "SELECT count(*) FROM bb_retention_due((SELECT org_id FROM bb_case),"
               " current_date)",
               "0");
    free(dbt_query(t->ci, "UPDATE case_event SET at = at - interval '3 years'"
                          " WHERE to_status = 'vervallen'"));
    expect_sql(t,
               "SELECT count(*) FROM bb_retention_due((SELECT org_id FROM bb_case),"
               " current_date - 366)",
               "1");
    next = regt_case(t, "2024-03-02", "politie", "parkeren");
    regt_number(want, 2);
    assert_string_equal(next->number, want);
    bb_case_free(next);
    bb_case_free(c);
    bb_case_free(v);
    regt_free(t);
}

/* A closed case can be voided too (a duplicate closed as ingetrokken): its outcome goes. */
/* How many cases signal kind on 2024-06-01. */
static size_t n_signalled(regt *t, bb_signal_kind kind)
{
    bb_signal_filter f = {.today = "2024-06-01"};
    bb_signal_list *l = NULL;
    size_t n;

    if (bb_signal_list_get(t->ctx, kind, &f, &l) != BB_OK)
        fail_msg("bb_signal_list_get: %s", bb_errmsg(t->ctx));
    n = l->n;
    bb_signal_list_free(l);
    return n;
}

/* A case with a referral is not void (the referral figures count it); nothing is written. */
static void a_referred_case_is_not_void(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_practice_new p = {.name = "Mediation Oost", .rate = "80"};
    bb_referral_new in = {.case_number = c->number,
                          .practice = "Mediation Oost",
                          .reason = "familie",
                          .referred_on = "2024-05-01"};
    char *before, *after;

    (void)state;
    regt_move(t, &c, "intake");
    in.case_number = c->number; /* regt_move replaced c */
    assert_int_equal(bb_practice_add(t->ctx, &p, NULL), BB_OK);
    if (bb_referral_create(t->ctx, &in, NULL) != BB_OK)
        fail_msg("bb_referral_create: %s", bb_errmsg(t->ctx));
    before = regt_fingerprint(t);
    assert_int_equal(bb_case_void(t->ctx, c->number, c->version + 1, "mistake", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, c->number, "referrals");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(before);
    free(after);
    bb_case_free(c);
    regt_free(t);
}

/* A void case is in no signal: the overdue intake and the lapse of contact go with it. */
static void signals_ignore_a_void_case(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");

    (void)state;
    assert_int_equal(n_signalled(t, BB_SIGNAL_INTAKE_OVERDUE), 1);
    assert_int_equal(n_signalled(t, BB_SIGNAL_NO_CONTACT), 1);
    assert_int_equal(bb_case_void(t->ctx, c->number, 1, "mistake", NULL), BB_OK);
    assert_int_equal(n_signalled(t, BB_SIGNAL_INTAKE_OVERDUE), 0);
    assert_int_equal(n_signalled(t, BB_SIGNAL_NO_CONTACT), 0);
    bb_case_free(c);
    regt_free(t);
}

static void void_of_a_closed_case_clears_the_outcome(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren"), *v = NULL;

    (void)state;
    assert_int_equal(bb_case_close(t->ctx, c->number, 1, "ingetrokken", "2024-03-02", "dup", NULL),
                     BB_OK);
    expect_sql(t, "SELECT count(*) FROM stat_case WHERE outcome = 'ingetrokken'", "1");
    assert_int_equal(bb_case_void(t->ctx, c->number, 2, "duplicate of case 2", &v), BB_OK);
    assert_string_equal(v->outcome, "");
    assert_string_equal(v->closed_on, "");
    expect_sql(t, "SELECT count(*) FROM stat_case", "0");
    bb_case_free(c);
    bb_case_free(v);
    regt_free(t);
}

static void void_refusals_write_nothing(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    char *before = regt_fingerprint(t), *after;
    char other[24];

    (void)state;
    assert_int_equal(bb_case_void(t->ctx, c->number, 1, NULL, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "reason", "required");
    assert_int_equal(bb_case_void(t->ctx, c->number, 1, " \t", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "reason", "required");
    assert_int_equal(bb_case_void(t->ctx, c->number, 7, "mistake", NULL), BB_ECONFLICT);
    assert_int_equal(bb_case_void(t->ctx, c->number, 0, "mistake", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "version", "0");
    regt_number(other, 9);
    assert_int_equal(bb_case_void(t->ctx, other, 1, "mistake", NULL), BB_ENOTFOUND);
    MSG_HAS(t->ctx, other);
    assert_int_equal(bb_case_move(t->ctx, c->number, 1, "vervallen", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "status", "void the case");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(after);
    free(before);
    /* Void is final: no second voiding, no move, no closing, no reopening, no edit. */
    assert_int_equal(bb_case_void(t->ctx, c->number, 1, "mistake", NULL), BB_OK);
    before = regt_fingerprint(t);
    assert_int_equal(bb_case_void(t->ctx, c->number, 2, "again", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, c->number, "void already");
    assert_int_equal(bb_case_move(t->ctx, c->number, 2, "intake", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, c->number, "void");
    assert_int_equal(bb_case_close(t->ctx, c->number, 2, "opgelost", NULL, "r", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, c->number, "void");
    assert_int_equal(bb_case_reopen(t->ctx, c->number, 2, "r", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, c->number, "void");
    assert_int_equal(
        bb_party_add(t->ctx, c->number, &(bb_party_new){.role = "betrokkene", .name = "Jan"}, NULL),
        BB_EINVAL);
    MSG_HAS(t->ctx, c->number, "void");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(after);
    free(before);
    bb_case_free(c);
    regt_free(t);
}

/* The database keeps the rules for any client: a raw voiding without a reason, or keeping
 * the data, is refused at the commit; nothing leaves vervallen. */
static void database_refuses_a_raw_void_or_reopen(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    char *err;

    (void)state;
    err = regt_sql_error_field(t->ci, "UPDATE bb_case SET status = 'vervallen'",
                               'M' /* PG_DIAG_MESSAGE_PRIMARY */);
    assert_non_null(err);
    assert_non_null(strstr(err, "voiding case"));
    assert_non_null(strstr(err, "needs a reason"));
    free(err);
    assert_int_equal(bb_case_close(t->ctx, c->number, 1, "opgelost", NULL, "done", NULL), BB_OK);
    /* Back only to the status before the closing (aangemeld), and only with a reason. */
    err = regt_sql_error_field(t->ci,
                               "UPDATE bb_case SET status = 'lopend', outcome = NULL,"
                               " closed_on = NULL",
                               'M');
    assert_non_null(err);
    assert_non_null(strstr(err, "'afgesloten' to 'lopend'"));
    free(err);
    err = regt_sql_error_field(t->ci,
                               "UPDATE bb_case SET status = 'aangemeld', outcome = NULL,"
                               " closed_on = NULL",
                               'M');
    assert_non_null(err);
    assert_non_null(strstr(err, "reopening case"));
    free(err);
    assert_int_equal(bb_case_void(t->ctx, c->number, 2, "mistake", NULL), BB_OK);
    err = regt_sql_error_field(t->ci, "UPDATE bb_case SET status = 'aangemeld'", 'M');
    assert_non_null(err);
    assert_non_null(strstr(err, "'vervallen' to 'aangemeld'"));
    free(err);
    err = regt_sql_error_field(t->ci, "UPDATE party SET role = 'betrokkene'", 'M');
    assert_non_null(err);
    assert_non_null(strstr(err, "the case is void"));
    free(err);
    bb_case_free(c);
    regt_free(t);
}

static void reopen_brings_back_the_status_before_closing(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren"), *r = NULL;
    bb_case_event_list *ev = NULL;

    (void)state;
    regt_move(t, &c, "intake");
    regt_move(t, &c, "lopend");
    assert_int_equal(
        bb_case_close(t->ctx, c->number, c->version, "opgelost", "2024-03-05", "done", NULL),
        BB_OK);
    expect_sql(t, "SELECT closed_on FROM stat_case", "2024-03-05");
    assert_int_equal(bb_case_reopen(t->ctx, c->number, c->version + 1, "closed the wrong case", &r),
                     BB_OK);
    assert_string_equal(r->status, "lopend");
    assert_string_equal(r->outcome, "");
    assert_string_equal(r->closed_on, "");
    expect_sql(t,
               "SELECT coalesce(closed_on::text, 'open') || coalesce(outcome, '') FROM stat_case",
               "open");
    assert_int_equal(bb_case_events(t->ctx, c->number, &ev), BB_OK);
    assert_int_equal(ev->n, 5);
    assert_string_equal(ev->items[3].to, "afgesloten");
    assert_string_equal(ev->items[4].from, "afgesloten");
    assert_string_equal(ev->items[4].to, "lopend");
    assert_string_equal(ev->items[4].note, "closed the wrong case");
    bb_case_event_list_free(ev);
    expect_sql(t, "SELECT count(*) FROM audit_log WHERE action = 'case_reopen'", "1");
    bb_case_free(r);
    /* And it can be closed again. */
    assert_int_equal(bb_case_close(t->ctx, c->number, c->version + 2, "niet_opgelost", NULL,
                                   "second closing", &r),
                     BB_OK);
    bb_case_free(c);
    bb_case_free(r);
    regt_free(t);
}

static void reopen_refusals_write_nothing(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    char *before = regt_fingerprint(t), *after;

    (void)state;
    assert_int_equal(bb_case_reopen(t->ctx, c->number, 1, "mistake", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, c->number, "not closed", "aangemeld");
    assert_int_equal(bb_case_close(t->ctx, c->number, 1, "opgelost", NULL, "done", NULL), BB_OK);
    free(before);
    before = regt_fingerprint(t);
    assert_int_equal(bb_case_reopen(t->ctx, c->number, 2, "", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "reason", "required");
    assert_int_equal(bb_case_reopen(t->ctx, c->number, 2, NULL, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "reason", "required");
    assert_int_equal(bb_case_reopen(t->ctx, c->number, 1, "mistake", NULL), BB_ECONFLICT);
    assert_int_equal(bb_case_reopen(t->ctx, "BB-20x", 2, "mistake", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "case", "BB-20x");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(after);
    free(before);
    bb_case_free(c);
    regt_free(t);
}

/* A contact moment of case c: huisbezoek_a on 2024-03-04, 45 minutes, with V-0001. */
static bb_contact *add_contact(regt *t, const bb_case *c)
{
    const char *with[] = {"V-0001"};
    bb_contact_new in = {.case_number = c->number,
                         .kind = "huisbezoek_a",
                         .date = "2024-03-04",
                         .minutes = 45,
                         .with = with,
                         .n_with = 1,
                         .note = "first visit"};
    bb_contact *k = NULL;

    if (bb_contact_add(t->ctx, &in, &k) != BB_OK)
        fail_msg("contact add: %s", bb_errmsg(t->ctx));
    return k;
}

static void contact_edit_and_remove_move_the_figures(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_volunteer *v1 = regt_volunteer(t, "Vera", "1234 AB", NULL, "actief", -1);
    bb_volunteer *v2 = regt_volunteer(t, "Wim", "1234 AC", NULL, "actief", -1);
    bb_contact *k = add_contact(t, c), *e = NULL;
    const char *with[] = {"V-0002"};
    bb_contact_changes ch = {.date = "2024-03-06",
                             .kind = "bemiddelingsgesprek",
                             .minutes = 90,
                             .set_with = true,
                             .with = with,
                             .n_with = 1,
                             .note = "joint talk"};
    char prefix[9];

    (void)state;
    expect_sql(t, "SELECT apart_on || '/' || coalesce(joint_on::text, '-') FROM stat_case",
               "2024-03-04/-");
    expect_sql(t, "SELECT string_agg(contact_on || ' ' || minutes, ',') FROM stat_participation",
               "2024-03-04 45");
    assert_int_equal(k->version, 1);
    snprintf(prefix, sizeof prefix, "%.8s", k->id);
    assert_int_equal(bb_contact_edit(t->ctx, c->number, prefix, 1, &ch, &e), BB_OK);
    assert_string_equal(e->date, "2024-03-06");
    assert_string_equal(e->kind, "bemiddelingsgesprek");
    assert_int_equal(e->minutes, 90);
    assert_int_equal(e->n_with, 1);
    assert_string_equal(e->with[0], "V-0002");
    assert_string_equal(e->note, "joint talk");
    assert_int_equal(e->version, 2);
    expect_sql(t, "SELECT coalesce(apart_on::text, '-') || '/' || joint_on FROM stat_case",
               "-/2024-03-06");
    expect_sql(t,
               "SELECT string_agg(v.number || ' ' || contact_on || ' ' || minutes, ',')"
               " FROM stat_participation p JOIN volunteer v ON v.id = p.volunteer_id",
               "2 2024-03-06 90");
    /* Only the minutes: the rest stays. */
    ch = (bb_contact_changes){.minutes = -1};
    bb_contact_free(e);
    assert_int_equal(bb_contact_edit(t->ctx, c->number, k->id, 2, &ch, &e), BB_OK);
    assert_int_equal(e->minutes, -1);
    assert_string_equal(e->kind, "bemiddelingsgesprek");
    assert_int_equal(bb_contact_remove(t->ctx, c->number, prefix, "recorded twice"), BB_OK);
    expect_sql(t, "SELECT coalesce(joint_on::text, '-') FROM stat_case", "-");
    expect_sql(t, "SELECT count(*) FROM stat_participation", "0");
    expect_sql(t, "SELECT count(*) FROM personal_field WHERE owner_table = 'contact'", "0");
    expect_sql(t, "SELECT detail->>'reason' FROM audit_log WHERE action = 'contact_remove'",
               "recorded twice");
    bb_contact_free(e);
    bb_contact_free(k);
    bb_volunteer_free(v1);
    bb_volunteer_free(v2);
    bb_case_free(c);
    regt_free(t);
}

static void contact_refusals_write_nothing(void **state)
{
    regt *t = regt_new();
    bb_case *c = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_volunteer *v1 = regt_volunteer(t, "Vera", "1234 AB", NULL, "actief", -1);
    bb_contact *k = add_contact(t, c);
    bb_contact_changes ch = {.minutes = BB_CONTACT_KEEP_MINUTES};
    const char *with[] = {"V-0009"};
    char *before = regt_fingerprint(t), *after;

    (void)state;
    assert_int_equal(bb_contact_edit(t->ctx, c->number, k->id, 7, &ch, NULL), BB_ECONFLICT);
    ch.kind = "brief";
    assert_int_equal(bb_contact_edit(t->ctx, c->number, k->id, 1, &ch, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "kind", "brief");
    ch = (bb_contact_changes){.minutes = BB_CONTACT_KEEP_MINUTES, .date = "2024-02-01"};
    assert_int_equal(bb_contact_edit(t->ctx, c->number, k->id, 1, &ch, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "date", "2024-02-01", "2024-03-01");
    ch = (bb_contact_changes){.minutes = 2000};
    assert_int_equal(bb_contact_edit(t->ctx, c->number, k->id, 1, &ch, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "minutes", "2000");
    ch = (bb_contact_changes){
        .minutes = BB_CONTACT_KEEP_MINUTES, .set_with = true, .with = with, .n_with = 1};
    assert_int_equal(bb_contact_edit(t->ctx, c->number, k->id, 1, &ch, NULL), BB_ENOTFOUND);
    MSG_HAS(t->ctx, "with", "V-0009");
    ch = (bb_contact_changes){.minutes = BB_CONTACT_KEEP_MINUTES};
    assert_int_equal(bb_contact_edit(t->ctx, c->number, "0000000000", 1, &ch, NULL), BB_ENOTFOUND);
    MSG_HAS(t->ctx, "contact", "0000000000");
    assert_int_equal(bb_contact_edit(t->ctx, c->number, "abc", 1, &ch, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "contact", "abc");
    assert_int_equal(bb_contact_remove(t->ctx, c->number, k->id, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "reason", "required");
    assert_int_equal(bb_contact_remove(t->ctx, c->number, k->id, " "), BB_EINVAL);
    MSG_HAS(t->ctx, "reason", "required");
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(after);
    free(before);
    /* A void case's contact moments stay as they are (libbb and the database). */
    assert_int_equal(bb_case_void(t->ctx, c->number, 1, "mistake", NULL), BB_OK);
    assert_int_equal(bb_contact_edit(t->ctx, c->number, k->id, 1, &ch, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, c->number, "void");
    assert_int_equal(bb_contact_remove(t->ctx, c->number, k->id, "mistake"), BB_EINVAL);
    MSG_HAS(t->ctx, c->number, "void");
    before = regt_sql_error(t->ci, "UPDATE contact SET minutes = 5");
    assert_non_null(before);
    assert_string_equal(before, "23514");
    free(before);
    bb_contact_free(k);
    bb_volunteer_free(v1);
    bb_case_free(c);
    regt_free(t);
}

/* The cases a search by phone finds, as "BB-...,BB-..." (newest first). */
static void expect_found(regt *t, const char *phone, const char *want)
{
    bb_case_query q = {.phone = phone};
    bb_case_list *l = NULL;
    char got[128] = "";

    assert_int_equal(bb_case_search(t->ctx, &q, &l), BB_OK);
    for (size_t i = 0; i < l->n; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? "," : "",
                 l->items[i].number);
    bb_case_list_free(l);
    assert_string_equal(got, want);
}

static void party_move_reencrypts_under_the_target_key(void **state)
{
    regt *t = regt_new();
    bb_case *a = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_case *b = regt_case(t, "2024-03-02", "politie", "parkeren");
    int n = regt_party(t, a->number, "wederpartij", "Karel Jansen", "1010 AB", "12", "0612345678");
    bb_party *p = NULL;
    char sql[256];

    (void)state;
    expect_found(t, "0612345678", a->number);
    assert_int_equal(bb_party_move(t->ctx, a->number, n, 1, b->number, &p), BB_OK);
    assert_string_equal(p->case_number, b->number);
    assert_int_equal(p->number, 2); /* after b's melder */
    assert_string_equal(p->name, "Karel Jansen");
    assert_string_equal(p->postcode, "1010 AB");
    assert_string_equal(p->phone, "0612345678");
    assert_int_equal(p->version, 2);
    /* Every field and index of the party is under b's key now, none under a's. */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM personal_field f, bb_case c WHERE f.owner_id = '%s'"
             " AND c.id = '%s' AND f.data_key_id <> c.data_key_id",
             p->id, b->id);
    expect_sql(t, sql, "0");
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM blind_index i, bb_case c WHERE i.owner_id = '%s'"
             " AND c.id = '%s' AND i.data_key_id = c.data_key_id",
             p->id, b->id);
    expect_sql(t, sql, "4"); /* name, phone, address, postcode */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM word_index i, bb_case c WHERE i.owner_id = '%s'"
             " AND c.id = '%s' AND i.data_key_id = c.data_key_id",
             p->id, b->id);
    expect_sql(t, sql, "2"); /* karel, jansen */
    expect_found(t, "0612345678", b->number);
    expect_sql(t, "SELECT count(*) FROM audit_log WHERE action = 'party_move'", "1");
    bb_party_free(p);
    bb_case_free(a);
    bb_case_free(b);
    regt_free(t);
}

static void party_move_and_remove_refusals_write_nothing(void **state)
{
    regt *t = regt_new();
    bb_case *a = regt_case(t, "2024-03-01", "politie", "parkeren");
    bb_case *b = regt_case(t, "2024-03-02", "politie", "parkeren");
    bb_case *v = regt_case(t, "2024-03-03", "politie", "parkeren");
    int n = regt_party(t, a->number, "wederpartij", "Karel Jansen", NULL, NULL, NULL);
    char *before, *after, unknown[24];

    (void)state;
    regt_move(t, &a, "intake");
    assert_int_equal(bb_case_void(t->ctx, v->number, 1, "mistake", NULL), BB_OK);
    regt_number(unknown, 99);
    before = regt_fingerprint(t);
    assert_int_equal(bb_party_move(t->ctx, a->number, n, 1, v->number, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "to", v->number, "void");
    assert_int_equal(bb_party_move(t->ctx, a->number, n, 1, unknown, NULL), BB_ENOTFOUND);
    MSG_HAS(t->ctx, "to", unknown);
    assert_int_equal(bb_party_move(t->ctx, a->number, n, 1, "x-7", NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "to", "x-7");
    assert_int_equal(bb_party_move(t->ctx, a->number, n, 1, a->number, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "to", "already");
    assert_int_equal(bb_party_move(t->ctx, a->number, n, 1, NULL, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "to", "required");
    assert_int_equal(bb_party_move(t->ctx, a->number, n, 5, b->number, NULL), BB_ECONFLICT);
    assert_int_equal(bb_party_move(t->ctx, a->number, 9, 1, b->number, NULL), BB_ENOTFOUND);
    MSG_HAS(t->ctx, "party", "9");
    /* The only melder of a case past the intake stays: moved or removed. */
    assert_int_equal(bb_party_move(t->ctx, a->number, 1, 1, b->number, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "party", "only melder", a->number);
    assert_int_equal(bb_party_remove(t->ctx, a->number, 1, 1, "mistake"), BB_EINVAL);
    MSG_HAS(t->ctx, "party", "only melder", a->number);
    assert_int_equal(bb_party_remove(t->ctx, a->number, n, 1, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "reason", "required");
    assert_int_equal(bb_party_remove(t->ctx, a->number, n, 1, "  "), BB_EINVAL);
    MSG_HAS(t->ctx, "reason", "required");
    assert_int_equal(bb_party_remove(t->ctx, a->number, n, 3, "mistake"), BB_ECONFLICT);
    after = regt_fingerprint(t);
    assert_string_equal(before, after);
    free(after);
    free(before);
    /* The database refuses the same for any client. */
    before = regt_sql_error(t->ci, "DELETE FROM party WHERE role = 'melder' AND case_id ="
                                   " (SELECT id FROM bb_case WHERE seq = 1)");
    assert_non_null(before);
    assert_string_equal(before, "23514");
    free(before);
    /* Before the intake a melder may go; the other party is removed with its data. */
    assert_int_equal(bb_party_remove(t->ctx, b->number, 1, 1, "added by mistake"), BB_OK);
    assert_int_equal(bb_party_remove(t->ctx, a->number, n, 1, "added by mistake"), BB_OK);
    expect_sql(t, "SELECT count(*) FROM party", "2"); /* a's melder, and the void case's */
    expect_sql(t,
               "SELECT count(*) FROM personal_field WHERE owner_table = 'party'"
               " AND owner_id NOT IN (SELECT id FROM party)",
               "0");
    expect_sql(t,
               "SELECT count(*) FROM audit_log WHERE action = 'party_remove'"
               " AND detail->>'reason' = 'added by mistake'",
               "2");
    bb_case_free(a);
    bb_case_free(b);
    bb_case_free(v);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(void_destroys_the_data_and_keeps_number_and_reason),
        cmocka_unit_test(void_of_a_closed_case_clears_the_outcome),
        cmocka_unit_test(signals_ignore_a_void_case),
        cmocka_unit_test(a_referred_case_is_not_void),
        cmocka_unit_test(void_refusals_write_nothing),
        cmocka_unit_test(database_refuses_a_raw_void_or_reopen),
        cmocka_unit_test(reopen_brings_back_the_status_before_closing),
        cmocka_unit_test(reopen_refusals_write_nothing),
        cmocka_unit_test(contact_edit_and_remove_move_the_figures),
        cmocka_unit_test(contact_refusals_write_nothing),
        cmocka_unit_test(party_move_reencrypts_under_the_target_key),
        cmocka_unit_test(party_move_and_remove_refusals_write_nothing),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
