/* Signals on fixed dates ("today" is a parameter): no contact, intake overdue in working days,
 * follow-up due, outcome not reported back, practices over budget; thresholds from the
 * settings; paging. */
#include "reftest.h"

/* The case numbers signalled for kind on today, comma-separated, with their days ("n:d"). */
static char *signalled(regt *t, bb_signal_kind kind, const char *today)
{
    bb_signal_filter f = {.today = today};
    bb_signal_list *l = NULL;
    char *out = calloc(1, 1024);
    size_t o = 0;

    if (bb_signal_list_get(t->ctx, kind, &f, &l) != BB_OK)
        fail_msg("bb_signal_list_get: %s", bb_errmsg(t->ctx));
    assert_string_equal(l->today, today);
    for (size_t i = 0; i < l->n; i++)
        o += (size_t)snprintf(out + o, 1024 - o, "%s%s:%d", i ? "," : "",
                              l->items[i].case_number + 8, l->items[i].days);
    bb_signal_list_free(l);
    return out;
}

#define EXPECT(t, kind, today, want)                                                               \
    do {                                                                                           \
        char *got_ = signalled(t, kind, today);                                                    \
        assert_string_equal(got_, want);                                                           \
        free(got_);                                                                                \
    } while (0)

static void add_contact(regt *t, const char *number, const char *date)
{
    bb_contact_new in = {.case_number = number, .kind = "telefoon", .date = date, .minutes = 5};

    if (bb_contact_add(t->ctx, &in, NULL) != BB_OK)
        fail_msg("bb_contact_add: %s", bb_errmsg(t->ctx));
}

static void no_contact_counts_from_the_last_contact(void **state)
{
    regt *t = regt_new();
    bb_case *a = reft_case_at(t, "2024-03-01", "politie", "intake", NULL);
    bb_case *b = reft_case_at(t, "2024-03-01", "politie", "intake", NULL);
    bb_case *c = reft_case_at(t, "2024-03-01", "politie", "intake", NULL);
    bb_case *d = reft_case_at(t, "2024-03-01", "politie", "in_de_wacht", NULL);
    bb_case *e = reft_case_at(t, "2024-03-01", "politie", "intake", "lopend", "nazorg", NULL);

    (void)state;
    add_contact(t, b->number, "2024-03-10");
    assert_int_equal(
        bb_case_close(t->ctx, c->number, c->version, "ingetrokken", "2024-03-02", "reason", NULL),
        BB_OK);
    EXPECT(t, BB_SIGNAL_NO_CONTACT, "2024-03-14", "");
    EXPECT(t, BB_SIGNAL_NO_CONTACT, "2024-03-15", "0001:14");
    EXPECT(t, BB_SIGNAL_NO_CONTACT, "2024-03-24", "0001:23,0002:14");
    assert_int_equal(bb_config_set(t->ctx, "signals.no_contact_days", "30"), BB_OK);
    EXPECT(t, BB_SIGNAL_NO_CONTACT, "2024-03-24", "");
    EXPECT(t, BB_SIGNAL_NO_CONTACT, "2024-04-09", "0001:39,0002:30");
    bb_case_free(a);
    bb_case_free(b);
    bb_case_free(c);
    bb_case_free(d);
    bb_case_free(e);
    regt_free(t);
}

static void intake_overdue_counts_working_days(void **state)
{
    regt *t = regt_new();
    bb_case *f = reft_case_at(t, "2024-03-04", "zelfmelder", NULL); /* a Monday */
    bb_case *g = reft_case_at(t, "2024-03-04", "zelfmelder", "intake", NULL);

    (void)state;
    EXPECT(t, BB_SIGNAL_INTAKE_OVERDUE, "2024-03-11", ""); /* Tue..Mon: 5 working days */
    EXPECT(t, BB_SIGNAL_INTAKE_OVERDUE, "2024-03-12", "0001:6");
    EXPECT(t, BB_SIGNAL_INTAKE_OVERDUE, "2024-03-16", "0001:9"); /* the weekend does not count */
    EXPECT(t, BB_SIGNAL_INTAKE_OVERDUE, "2024-03-18", "0001:10");
    assert_int_equal(bb_config_set(t->ctx, "signals.intake_workdays", "3"), BB_OK);
    EXPECT(t, BB_SIGNAL_INTAKE_OVERDUE, "2024-03-07", "");
    EXPECT(t, BB_SIGNAL_INTAKE_OVERDUE, "2024-03-08", "0001:4");
    bb_case_free(f);
    bb_case_free(g);
    regt_free(t);
}

static void followup_due_weeks_after_nazorg(void **state)
{
    regt *t = regt_new();
    bb_case *h = reft_case_at(t, "2024-02-01", "welzijn", "intake", "lopend", "nazorg", NULL);
    bb_case *i = reft_case_at(t, "2024-02-01", "welzijn", "intake", "lopend", NULL);
    bb_followup_new in = {.case_number = h->number, .date = "2024-02-20", .melder_improved = "ja"};

    (void)state;
    /* The move into nazorg happened now; put it on a fixed day. */
    reft_sql(t, "UPDATE case_event SET at = '2024-03-01 10:00' WHERE to_status = 'nazorg'");
    EXPECT(t, BB_SIGNAL_FOLLOWUP_DUE, "2024-04-11", "");
    EXPECT(t, BB_SIGNAL_FOLLOWUP_DUE, "2024-04-12", "0001:42");
    assert_int_equal(bb_config_set(t->ctx, "signals.followup_weeks", "1"), BB_OK);
    EXPECT(t, BB_SIGNAL_FOLLOWUP_DUE, "2024-03-07", "");
    EXPECT(t, BB_SIGNAL_FOLLOWUP_DUE, "2024-03-08", "0001:7");
    assert_int_equal(bb_config_set(t->ctx, "signals.followup_weeks", "6"), BB_OK);
    assert_int_equal(bb_followup_add(t->ctx, &in, NULL), BB_OK); /* before nazorg: no answer */
    EXPECT(t, BB_SIGNAL_FOLLOWUP_DUE, "2024-04-12", "0001:42");
    in.date = "2024-03-05";
    assert_int_equal(bb_followup_add(t->ctx, &in, NULL), BB_OK);
    EXPECT(t, BB_SIGNAL_FOLLOWUP_DUE, "2024-04-12", "");
    bb_case_free(h);
    bb_case_free(i);
    regt_free(t);
}

static void outcome_not_reported_back(void **state)
{
    static const char *const sources[] = {"politie", "zelfmelder", "gemeente", "woningcorporatie"};
    regt *t = regt_new();
    bb_case *c[4];

    (void)state;
    for (int k = 0; k < 4; k++) {
        c[k] = reft_case_at(t, "2024-03-01", sources[k], NULL);
        if (k < 3)
            assert_int_equal(bb_case_close(t->ctx, c[k]->number, c[k]->version, "opgelost",
                                           "2024-03-10", "reason", NULL),
                             BB_OK);
    }
    assert_int_equal(
        bb_case_reported_back(t->ctx, c[2]->number, c[2]->version + 1, "2024-03-12", NULL), BB_OK);
    EXPECT(t, BB_SIGNAL_NOT_REPORTED_BACK, "2024-03-20", "0001:10");
    EXPECT(t, BB_SIGNAL_NOT_REPORTED_BACK, "2024-03-10", "0001:0");
    EXPECT(t, BB_SIGNAL_NOT_REPORTED_BACK, "2024-03-09", "");
    for (int k = 0; k < 4; k++)
        bb_case_free(c[k]);
    regt_free(t);
}

/* A referral of a new case on date to practice, with hours spent; returns it. */
static bb_referral *refer(regt *t, const char *date, const char *practice, const char *hours)
{
    bb_case *c = reft_case_at(t, date, "politie", "intake", NULL);
    bb_referral_new in = {.case_number = c->number, .practice = practice, .reason = "familie",
                          .referred_on = date};
    bb_referral_change ch = {.status = "lopend", .hours = hours};
    bb_referral *r = NULL, *next = NULL;

    if (bb_referral_create(t->ctx, &in, &r) != BB_OK ||
        bb_referral_update(t->ctx, c->number, r->version, &ch, &next) != BB_OK)
        fail_msg("referral: %s", bb_errmsg(t->ctx));
    bb_referral_free(r);
    bb_case_free(c);
    return next;
}

/* Euros over budget per case ("n:euros"), most first. */
static char *over_budget(regt *t, const char *today)
{
    bb_signal_filter f = {.today = today};
    bb_signal_list *l = NULL;
    char *out = calloc(1, 1024);
    size_t o = 0;

    if (bb_signal_list_get(t->ctx, BB_SIGNAL_BUDGET_OVER, &f, &l) != BB_OK)
        fail_msg("bb_signal_list_get: %s", bb_errmsg(t->ctx));
    for (size_t i = 0; i < l->n; i++)
        o += (size_t)snprintf(out + o, 1024 - o, "%s%s:%d", i ? "," : "",
                              l->items[i].case_number + 8, l->items[i].overdue);
    bb_signal_list_free(l);
    return out;
}

/* Budget 1000 euros at 100 an hour: 4 hours, 5 hours (900 together), then 3 hours takes the
 * practice 200 over, a later 1.25 hours 325 over; another practice without a budget and the
 * year before never signal. */
static void referrals_over_the_budget(void **state)
{
    regt *t = regt_new();
    bb_practice_new p = {.name = "Oost", .rate = "100", .rate_from = "2023-01-01"};
    bb_practice_new q = {.name = "West", .rate = "100", .rate_from = "2023-01-01"};
    bb_referral *r[5];
    bb_budget_use use;
    char *got;

    (void)state;
    assert_int_equal(bb_practice_add(t->ctx, &p, NULL), BB_OK);
    assert_int_equal(bb_practice_add(t->ctx, &q, NULL), BB_OK);
    assert_int_equal(bb_practice_set_budget(t->ctx, "Oost", 2024, "1000", 0), BB_OK);
    r[0] = refer(t, "2023-12-20", "Oost", "20"); /* last year: not against 2024's budget */
    r[1] = refer(t, "2024-02-01", "Oost", "4");
    r[2] = refer(t, "2024-03-01", "Oost", "5");
    assert_int_equal(bb_referral_budget_get(t->ctx, r[2]->id, &use), BB_OK);
    assert_int_equal(use.year, 2024);
    assert_int_equal(use.budget_cents, 100000);
    assert_int_equal(use.cost_cents, 90000);
    got = over_budget(t, "2024-06-30");
    assert_string_equal(got, "");
    free(got);
    r[3] = refer(t, "2024-04-01", "Oost", "3");
    r[4] = refer(t, "2024-05-01", "Oost", "1.25");
    assert_int_equal(bb_referral_budget_get(t->ctx, r[3]->id, &use), BB_OK);
    assert_int_equal(use.cost_cents, 132500); /* the year's total, as the warning says */
    bb_referral_free(refer(t, "2024-05-02", "West", "40"));
    got = over_budget(t, "2024-06-30");
    assert_string_equal(got, "0005:325,0004:200"); /* most over first */
    free(got);
    got = over_budget(t, "2024-04-15"); /* what was known then */
    assert_string_equal(got, "0004:200");
    free(got);
    got = over_budget(t, "2025-01-10"); /* a new year: 2025 has no budget */
    assert_string_equal(got, "");
    free(got);
    assert_int_equal(bb_referral_budget_get(t->ctx, r[0]->id, &use), BB_OK);
    assert_int_equal(use.year, 2023);
    assert_int_equal(use.budget_cents, -1);
    assert_int_equal(bb_referral_budget_get(t->ctx, "6f1c1d5e-0000-4000-8000-000000000000", &use),
                     BB_ENOTFOUND);
    assert_int_equal(bb_referral_budget_get(t->ctx, "nonsense", &use), BB_EINVAL);
    for (int i = 0; i < 5; i++)
        bb_referral_free(r[i]);
    regt_free(t);
}

static void signals_page_and_refuse_bad_input(void **state)
{
    regt *t = regt_new();
    bb_signal_filter f = {.today = "2024-04-01", .limit = 2};
    bb_signal_list *l = NULL;
    bb_signal_kind k;
    char after[BB_SIGNAL_CURSOR_SIZE];
    int seen = 0, pages = 0;

    (void)state;
    for (int i = 0; i < 5; i++)
        bb_case_free(reft_case_at(t, "2024-03-01", "politie", NULL));
    do {
        assert_int_equal(bb_signal_list_get(t->ctx, BB_SIGNAL_NO_CONTACT, &f, &l), BB_OK);
        seen += (int)l->n;
        pages++;
        snprintf(after, sizeof after, "%s", l->next);
        f.after = *after ? after : NULL;
        bb_signal_list_free(l);
    } while (f.after != NULL);
    assert_int_equal(seen, 5);
    assert_int_equal(pages, 3);
    f = (bb_signal_filter){.today = "2024-02-30"};
    assert_int_equal(bb_signal_list_get(t->ctx, BB_SIGNAL_NO_CONTACT, &f, &l), BB_EINVAL);
    MSG_HAS(t->ctx, "today", "2024-02-30");
    f = (bb_signal_filter){.after = "gisteren"};
    assert_int_equal(bb_signal_list_get(t->ctx, BB_SIGNAL_NO_CONTACT, &f, &l), BB_EINVAL);
    MSG_HAS(t->ctx, "after", "'gisteren'", "12/BB-2024-0007");
    f = (bb_signal_filter){.after = "3/gisteren"};
    assert_int_equal(bb_signal_list_get(t->ctx, BB_SIGNAL_NO_CONTACT, &f, &l), BB_EINVAL);
    MSG_HAS(t->ctx, "after", "'3/gisteren'");
    assert_int_equal(bb_signal_list_get(t->ctx, (bb_signal_kind)9, NULL, &l), BB_EINVAL);
    assert_int_equal(bb_signal_parse(t->ctx, "followup_due", &k), BB_OK);
    assert_int_equal(k, BB_SIGNAL_FOLLOWUP_DUE);
    assert_int_equal(bb_signal_parse(t->ctx, "late", &k), BB_EINVAL);
    MSG_HAS(t->ctx, "kind", "'late'", "no_contact, intake_overdue");
    assert_string_equal(bb_signal_key(BB_SIGNAL_NOT_REPORTED_BACK), "not_reported_back");
    regt_free(t);
}

/* Every page of kind on today with limit rows a page, as "seq:overdue" (the cursor's part). */
static char *all_pages(regt *t, bb_signal_kind kind, const char *today, int limit)
{
    bb_signal_filter f = {.today = today, .limit = limit};
    bb_signal_list *l = NULL;
    char after[BB_SIGNAL_CURSOR_SIZE], *out = calloc(1, 1024);
    size_t o = 0;

    do {
        if (bb_signal_list_get(t->ctx, kind, &f, &l) != BB_OK)
            fail_msg("bb_signal_list_get: %s", bb_errmsg(t->ctx));
        for (size_t i = 0; i < l->n; i++)
            o += (size_t)snprintf(out + o, 1024 - o, "%s%s:%d", o ? "," : "",
                                  l->items[i].case_number + 8, l->items[i].overdue);
        snprintf(after, sizeof after, "%s", l->next);
        f.after = *after ? after : NULL;
        bb_signal_list_free(l);
    } while (f.after != NULL);
    return out;
}

#define EXPECT_PAGED(t, kind, today, limit, want)                                                  \
    do {                                                                                           \
        char *got_ = all_pages(t, kind, today, limit);                                             \
        assert_string_equal(got_, want);                                                           \
        free(got_);                                                                                \
    } while (0)

/* Most overdue first, ties by case number, in each kind whatever its threshold and unit; any
 * page size gives every signal once, also when a page ends inside a tie. */
static void most_overdue_first_and_paged_across_ties(void **state)
{
    static const char *const reported[] = {"2024-03-01", "2024-03-01", "2024-03-05",
                                           "2024-02-20", "2024-03-05", "2024-02-26"};
    regt *t = regt_new();
    const char *want = "0004:26,0006:20,0001:16,0002:16,0003:12,0005:12";

    (void)state;
    for (int i = 0; i < 6; i++)
        bb_case_free(reft_case_at(t, reported[i], "politie", NULL));
    for (int limit = 1; limit <= 7; limit++)
        EXPECT_PAGED(t, BB_SIGNAL_NO_CONTACT, "2024-03-31", limit, want);
    /* Working days since the report (Tue 20 Feb: 28; Mon 26 Feb: 24; Fri 1 Mar: 20; Tue 5
     * Mar: 18), less the threshold of 3. */
    assert_int_equal(bb_config_set(t->ctx, "signals.intake_workdays", "3"), BB_OK);
    want = "0004:25,0006:21,0001:17,0002:17,0003:15,0005:15";
    for (int limit = 1; limit <= 7; limit += 2)
        EXPECT_PAGED(t, BB_SIGNAL_INTAKE_OVERDUE, "2024-03-29", limit, want);
    regt_free(t);
}

/* The database's working days agree with counting them one by one. */
static void workdays_match_a_count(void **state)
{
    char *ci = dbt_create_db(0), *wrong;

    (void)state;
    wrong = dbt_query(ci, "SELECT count(*) FROM generate_series(date '2024-01-01',"
                          " date '2024-03-31', interval '1 day') a(d),"
                          " generate_series(-3, 40) n WHERE bb_workdays(a.d::date, a.d::date + n)"
                          " <> (SELECT count(*) FROM generate_series(a.d + interval '1 day',"
                          "  a.d + n * interval '1 day', interval '1 day') x"
                          "  WHERE extract(isodow FROM x) < 6)");
    assert_string_equal(wrong, "0");
    free(wrong);
    dbt_drop_db(ci);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_contact_counts_from_the_last_contact),
        cmocka_unit_test(intake_overdue_counts_working_days),
        cmocka_unit_test(followup_due_weeks_after_nazorg),
        cmocka_unit_test(outcome_not_reported_back),
        cmocka_unit_test(referrals_over_the_budget),
        cmocka_unit_test(signals_page_and_refuse_bad_input),
        cmocka_unit_test(most_overdue_first_and_paged_across_ties),
        cmocka_unit_test(workdays_match_a_count),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
