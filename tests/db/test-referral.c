/* Practices (rates, budgets) and referrals to professional mediation: the case's move, the
 * rate of the referral's date, hours in quarters, cost, versions, bad input, the database's
 * own checks. */
#include "reftest.h"

static bb_practice *find(regt *t, const char *name, int year)
{
    bb_practice_list *l = NULL;
    bb_practice *p = malloc(sizeof *p);

    assert_int_equal(bb_practice_list_get(t->ctx, year, &l), BB_OK);
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0) {
            *p = l->items[i];
            bb_practice_list_free(l);
            return p;
        }
    fail_msg("no practice %s", name);
    return NULL;
}

/* Replaces *r by next (the answer of a change that took &next). */
static void take(bb_referral **r, bb_referral *next)
{
    bb_referral_free(*r);
    *r = next;
}

static void add_practice(regt *t, const char *name, const char *rate, const char *from)
{
    bb_practice_new in = {.name = name, .rate = rate, .rate_from = from};

    if (bb_practice_add(t->ctx, &in, NULL) != BB_OK)
        fail_msg("bb_practice_add: %s", bb_errmsg(t->ctx));
}

static void practices_have_rates_and_budgets(void **state)
{
    regt *t = regt_new();
    bb_practice_new in = {
        .id = "c3e1c2d4-5b6a-4c7d-8e9f-0a1b2c3d4e5f", .name = "Mediation Oost", .rate = "85,50"};
    bb_practice *p = NULL, *again = NULL;

    (void)state;
    assert_int_equal(bb_practice_add(t->ctx, &in, &p), BB_OK);
    assert_int_equal(p->rate_cents, 8550);
    assert_string_equal(p->rate_from, "2000-01-01"); /* the first rate holds for every date */
    assert_int_equal(p->budget_cents, -1);
    assert_int_equal(bb_practice_add(t->ctx, &in, &again), BB_OK); /* a retry: the same one */
    assert_string_equal(again->id, p->id);
    in.id = NULL;
    assert_int_equal(bb_practice_add(t->ctx, &in, NULL), BB_EEXISTS);
    MSG_HAS(t->ctx, "name", "Mediation Oost", "already");
    assert_int_equal(bb_practice_set_rate(t->ctx, "Mediation Oost", "90", "2024-06-01"), BB_OK);
    assert_int_equal(bb_practice_set_rate(t->ctx, "Mediation Oost", "91", "2024-06-01"),
                     BB_EEXISTS);
    MSG_HAS(t->ctx, "from", "2024-06-01", "9000");
    assert_int_equal(bb_practice_set_budget(t->ctx, "Mediation Oost", 2024, "20000", 0), BB_OK);
    bb_practice_free(p);
    p = find(t, "Mediation Oost", 2024);
    assert_int_equal(p->budget_cents, 2000000);
    assert_int_equal(p->budget_version, 1);
    /* Someone else set it meanwhile: the caller who saw none is refused. */
    assert_int_equal(bb_practice_set_budget(t->ctx, "Mediation Oost", 2024, "25000", 0),
                     BB_ECONFLICT);
    MSG_HAS(t->ctx, "budget 2024", "set by someone else", "version 1");
    assert_int_equal(bb_practice_set_budget(t->ctx, "Mediation Oost", 2024, "25000.50", 1), BB_OK);
    assert_int_equal(bb_practice_set_budget(t->ctx, "Mediation Oost", 2024, "1", 1), BB_ECONFLICT);
    MSG_HAS(t->ctx, "since version 1", "amount_cents");
    assert_int_equal(bb_practice_set_budget(t->ctx, "Elders", 2024, "1", 0), BB_ENOTFOUND);
    bb_practice_free(p);
    p = find(t, "Mediation Oost", 2024);
    assert_int_equal(p->budget_cents, 2500050);
    bb_practice_free(p);
    bb_practice_free(again);
    regt_free(t);
}

static void practice_bad_input_is_named(void **state)
{
    static const struct {
        const char *name, *rate, *from, *want1, *want2;
    } bad[] = {
        {"Med\x1b[2Jiation", "80", NULL, "name", "\\x1b"},
        {"Mediation", "abc", NULL, "rate", "'abc'"},
        {"Mediation", "-5", NULL, "rate", "'-5'"},
        {"Mediation", "12.345", NULL, "rate", "'12.345'"},
        {"Mediation", "1000.01", NULL, "rate", "1000.00"},
        {"Mediation", "80", "2024-13-01", "from", "2024-13-01"},
        {" Mediation", "80", NULL, "name", "space"},
        {"Mediation", "", NULL, "rate", "''"},
    };
    regt *t = regt_new();
    char *before = reft_fingerprint(t), longname[100];

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bb_practice_new in = {.name = bad[i].name, .rate = bad[i].rate, .rate_from = bad[i].from};
        assert_int_equal(bb_practice_add(t->ctx, &in, NULL), BB_EINVAL);
        MSG_HAS(t->ctx, bad[i].want1, bad[i].want2);
    }
    memset(longname, 'x', 81);
    longname[81] = '\0';
    bb_practice_new in = {.name = longname, .rate = "80"};
    assert_int_equal(bb_practice_add(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "name", "longer than 80");
    assert_int_equal(bb_practice_set_budget(t->ctx, "Mediation", 1999, "10", 0), BB_EINVAL);
    MSG_HAS(t->ctx, "year", "1999");
    reft_unchanged(t, before);
    regt_free(t);
}

/* Hours 3,5 while running, 4.25 at the closing: the cost follows at the copied rate (80). */
static void hours_and_closing(regt *t, const char *number, bb_referral **r)
{
    bb_referral_change ch = {.status = "lopend", .hours = "3,5"};
    bb_referral_closing cl = {.outcome = "opgelost", .hours = "4.25", .closed_on = "2024-07-01"};
    bb_referral *next = NULL;

    assert_int_equal(bb_referral_update(t->ctx, number, (*r)->version, &ch, &next), BB_OK);
    take(r, next);
    assert_string_equal((*r)->status, "lopend");
    assert_int_equal((*r)->hours_quarters, 14);
    assert_int_equal((*r)->cost_cents, 28000);
    assert_int_equal(bb_referral_close(t->ctx, number, (*r)->version, &cl, &next), BB_OK);
    take(r, next);
    assert_string_equal((*r)->status, "afgerond");
    assert_string_equal((*r)->outcome, "opgelost");
    assert_int_equal((*r)->cost_cents, 34000);
}

/* The referral takes the rate of its own date, moves the case, counts hours and cost. */
static void referral_moves_the_case_and_keeps_its_rate(void **state)
{
    regt *t = regt_new();
    bb_case *c = reft_case_at(t, "2024-03-01", "politie", "intake", NULL), *now = NULL;
    bb_referral_new in = {.case_number = c->number,
                          .practice = "Mediation Oost",
                          .mediator = "mr. J. Fictief",
                          .reason = "familie",
                          .referred_on = "2024-05-01"};
    bb_referral *r = NULL;
    bb_case_event_list *ev = NULL;

    (void)state;
    add_practice(t, "Mediation Oost", "80", NULL);
    assert_int_equal(bb_practice_set_rate(t->ctx, "Mediation Oost", "90", "2024-06-01"), BB_OK);
    assert_int_equal(bb_referral_create(t->ctx, &in, &r), BB_OK);
    assert_int_equal(r->seq, 1);
    assert_int_equal(r->rate_cents, 8000);
    assert_string_equal(r->status, "aangevraagd");
    assert_string_equal(r->mediator, "mr. J. Fictief");
    assert_int_equal(bb_case_get(t->ctx, c->number, &now), BB_OK);
    assert_string_equal(now->status, "doorverwezen");
    assert_int_equal(bb_case_events(t->ctx, c->number, &ev), BB_OK);
    assert_string_equal(ev->items[ev->n - 1].to, "doorverwezen");
    hours_and_closing(t, c->number, &r);
    /* A second referral, after the rise: the new rate; the first keeps its own. */
    in.referred_on = "2024-07-02";
    in.mediator = NULL;
    take(&r, NULL);
    assert_int_equal(bb_referral_create(t->ctx, &in, &r), BB_OK);
    assert_int_equal(r->seq, 2);
    assert_int_equal(r->rate_cents, 9000);
    bb_practice *p = find(t, "Mediation Oost", 2024);
    assert_int_equal(p->referrals, 2);
    assert_int_equal(p->hours_quarters, 17);
    assert_int_equal(p->cost_cents, 34000);
    bb_practice_free(p);
    bb_referral_free(r);
    bb_case_event_list_free(ev);
    bb_case_free(now);
    bb_case_free(c);
    regt_free(t);
}

/* Refused changes of the open referral of case number (at version), and of case none's. */
static void bad_changes(regt *t, const char *number, long long version, const char *none)
{
    bb_referral_change ch = {.hours = "1.3"};
    assert_int_equal(bb_referral_update(t->ctx, number, version, &ch, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "hours", "'1.3'", "quarters");
    ch.hours = "1000";
    assert_int_equal(bb_referral_update(t->ctx, number, version, &ch, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "hours", "999.75");
    ch = (bb_referral_change){.status = "afgerond"};
    assert_int_equal(bb_referral_update(t->ctx, number, version, &ch, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "status", "'afgerond'", "closing");
    ch = (bb_referral_change){0};
    assert_int_equal(bb_referral_update(t->ctx, number, version, &ch, NULL), BB_EINVAL);
    bb_referral_closing cl = {.outcome = "opgelost", .cancelled = 1};
    assert_int_equal(bb_referral_close(t->ctx, number, version, &cl, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "outcome", "cancelled");
    cl = (bb_referral_closing){.outcome = "opgelost", .closed_on = "2024-03-20"};
    assert_int_equal(bb_referral_close(t->ctx, number, version, &cl, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "date", "2024-03-20", "before the referral (2024-04-01)");
    cl = (bb_referral_closing){.outcome = "weg"};
    assert_int_equal(bb_referral_close(t->ctx, number, version, &cl, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "outcome", "'weg'");
    cl = (bb_referral_closing){.cancelled = 1};
    assert_int_equal(bb_referral_close(t->ctx, none, 1, &cl, NULL), BB_ENOTFOUND);
    MSG_HAS(t->ctx, "no open referral");
}

static void referral_bad_input_is_named_and_writes_nothing(void **state)
{
    regt *t = regt_new();
    bb_case *new_case = reft_case_at(t, "2024-03-01", "politie", NULL);
    bb_case *c = reft_case_at(t, "2024-03-01", "politie", "intake", "lopend", NULL);
    bb_case *d = reft_case_at(t, "2024-03-01", "politie", "intake", NULL);
    bb_referral_new in = {.case_number = c->number,
                          .practice = "Mediation Oost",
                          .reason = "escalatie",
                          .referred_on = "2024-04-01"};
    bb_referral *r = NULL;
    char *before;

    (void)state;
    add_practice(t, "Mediation Oost", "80", "2024-03-15");
    assert_int_equal(bb_referral_create(t->ctx, &in, &r), BB_OK);
    before = reft_fingerprint(t);
    in.case_number = new_case->number;
    assert_int_equal(bb_referral_create(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "case", "'aangemeld'", "intake or lopend");
    in.case_number = c->number;
    assert_int_equal(bb_referral_create(t->ctx, &in, NULL), BB_EEXISTS);
    MSG_HAS(t->ctx, "open referral", "/1");
    in.reason = "ruzie";
    assert_int_equal(bb_referral_create(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "reason", "'ruzie'", "escalatie");
    in.reason = "escalatie";
    in.practice = "Elders";
    in.case_number = d->number;
    assert_int_equal(bb_referral_create(t->ctx, &in, NULL), BB_ENOTFOUND);
    MSG_HAS(t->ctx, "practice", "'Elders'");
    in.case_number = c->number;
    in.practice = "Mediation Oost";
    in.mediator = "Piet\nPaal";
    assert_int_equal(bb_referral_create(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "mediator", "\\x0a");
    in.mediator = NULL;
    in.referred_on = "2099-01-01";
    assert_int_equal(bb_referral_create(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "date", "2099-01-01", "future");
    bad_changes(t, c->number, r->version, new_case->number);
    reft_unchanged(t, before);
    bb_referral_free(r);
    bb_case_free(new_case);
    bb_case_free(d);
    bb_case_free(c);
    regt_free(t);
}

/* No rate yet on the referral's date; a stale version names what changed. */
static void referral_rate_and_versions(void **state)
{
    regt *t = regt_new();
    bb_case *c = reft_case_at(t, "2024-03-01", "gemeente", "intake", NULL);
    bb_referral_new in = {.case_number = c->number,
                          .practice = "Mediation Oost",
                          .reason = "complex",
                          .referred_on = "2024-03-10"};
    bb_referral *r = NULL;
    bb_referral_change ch = {.hours = "2"};

    (void)state;
    add_practice(t, "Mediation Oost", "80", "2024-04-01");
    assert_int_equal(bb_referral_create(t->ctx, &in, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "practice", "no hourly rate on 2024-03-10", "2024-04-01");
    in.referred_on = "2024-04-01";
    assert_int_equal(bb_referral_create(t->ctx, &in, &r), BB_OK);
    assert_int_equal(bb_referral_update(t->ctx, c->number, r->version, &ch, NULL), BB_OK);
    ch.hours = "5";
    assert_int_equal(bb_referral_update(t->ctx, c->number, r->version, &ch, NULL), BB_ECONFLICT);
    MSG_HAS(t->ctx, "referral", "/1", "since version 1", "hours");
    bb_referral_closing cl = {.cancelled = 1};
    bb_referral *next = NULL;
    assert_int_equal(bb_referral_close(t->ctx, c->number, r->version + 1, &cl, &next), BB_OK);
    take(&r, next);
    assert_string_equal(r->status, "geannuleerd");
    assert_string_equal(r->outcome, "");
    assert_int_equal(r->cost_cents, 16000); /* the two hours were spent */
    /* Closed is final, also for SQL written by hand. */
    char *err = regt_sql_error(t->ci, "UPDATE referral SET status = 'lopend', closed_on = NULL");
    assert_non_null(err);
    assert_string_equal(err, "23514");
    free(err);
    err = regt_sql_error(t->ci, "UPDATE referral SET hours = 1.1");
    assert_non_null(err);
    free(err);
    bb_referral_free(r);
    bb_case_free(c);
    regt_free(t);
}

static void referral_list_pages_and_filters(void **state)
{
    regt *t = regt_new();
    bb_referral_filter f = {.limit = 2};
    bb_referral_list *l = NULL;
    char after[40];
    int seen = 0;

    (void)state;
    add_practice(t, "Mediation Oost", "80", NULL);
    add_practice(t, "Mediation West", "70", NULL);
    for (int i = 0; i < 5; i++) {
        bb_case *c = reft_case_at(t, "2024-03-01", "politie", "intake", NULL);
        bb_referral_new in = {.case_number = c->number,
                              .practice = i % 2 ? "Mediation West" : "Mediation Oost",
                              .reason = "complex",
                              .referred_on = "2024-03-05"};
        assert_int_equal(bb_referral_create(t->ctx, &in, NULL), BB_OK);
        bb_case_free(c);
    }
    do {
        assert_int_equal(bb_referral_list_get(t->ctx, &f, &l), BB_OK);
        seen += (int)l->n;
        snprintf(after, sizeof after, "%s", l->next);
        f.after = *after ? after : NULL;
        bb_referral_list_free(l);
    } while (f.after != NULL);
    assert_int_equal(seen, 5);
    f = (bb_referral_filter){.practice = "Mediation West"};
    assert_int_equal(bb_referral_list_get(t->ctx, &f, &l), BB_OK);
    assert_int_equal(l->n, 2);
    bb_referral_list_free(l);
    f = (bb_referral_filter){.status = "lopend"};
    assert_int_equal(bb_referral_list_get(t->ctx, &f, &l), BB_OK);
    assert_int_equal(l->n, 0);
    bb_referral_list_free(l);
    f = (bb_referral_filter){.after = "BB-2024-0001"};
    assert_int_equal(bb_referral_list_get(t->ctx, &f, &l), BB_EINVAL);
    MSG_HAS(t->ctx, "after", "BB-2024-0007/1");
    f = (bb_referral_filter){.status = "klaar"};
    assert_int_equal(bb_referral_list_get(t->ctx, &f, &l), BB_EINVAL);
    MSG_HAS(t->ctx, "status", "'klaar'", "geannuleerd");
    regt_free(t);
}

/* Every key of libbb's lists is in the database's check, and the check has no others. The
 * check is the one that is only the list (a table may have others that mention the column). */
static void check_lists(const char *ci, const char *table, const char *column,
                        const char *const *keys)
{
    char sql[512], *def;
    int n = 0, quoted = 0;

    snprintf(sql, sizeof sql,
             "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '%s'::regclass"
             " AND contype = 'c' AND pg_get_constraintdef(oid) LIKE 'CHECK ((%s = ANY%%'",
             table, column);
    def = dbt_query(ci, sql);
    if (def == NULL)
        fail_msg("no check on %s.%s", table, column);
    for (; keys[n] != NULL; n++) {
        char q[64];
        snprintf(q, sizeof q, "'%s'", keys[n]);
        if (strstr(def, q) == NULL)
            fail_msg("%s.%s lacks %s: %s", table, column, q, def);
    }
    for (const char *p = def; (p = strstr(p, "'::text")) != NULL; p++)
        quoted++;
    assert_int_equal(quoted, n);
    free(def);
}

static void library_and_database_share_the_lists(void **state)
{
    char *ci = dbt_create_db(0);

    (void)state;
    check_lists(ci, "referral", "reason", bb_referral_reasons());
    check_lists(ci, "referral", "status", bb_referral_statuses());
    check_lists(ci, "followup", "melder_improved", bb_followup_answers());
    check_lists(ci, "followup", "wederpartij_agreements", bb_followup_answers());
    dbt_drop_db(ci);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(practices_have_rates_and_budgets),
        cmocka_unit_test(practice_bad_input_is_named),
        cmocka_unit_test(referral_moves_the_case_and_keeps_its_rate),
        cmocka_unit_test(referral_bad_input_is_named_and_writes_nothing),
        cmocka_unit_test(referral_rate_and_versions),
        cmocka_unit_test(referral_list_pages_and_filters),
        cmocka_unit_test(library_and_database_share_the_lists),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
