/* Demo data: consistent with the rules the triggers keep (which are off while it loads), the
 * shares it promises, counters past the numbers used, usable keys; the same seed gives the same
 * data and another seed other data; bad options and busy organisations are refused. */
#include "reftest.h"

#define TODAY "2024-06-30"

static bb_demo_result seed(regt *t, long cases, unsigned long long s, int keep_checks, long named)
{
    bb_demo_options o = {
        .cases = cases, .seed = s, .today = TODAY, .keep_checks = keep_checks, .named = named};
    bb_demo_result r;

    if (bb_demo_seed(t->ctx, &o, &r) != BB_OK)
        fail_msg("bb_demo_seed: %s", bb_errmsg(t->ctx));
    return r;
}

/* Asserts that sql (a count of violations) gives 0. */
static void none(regt *t, const char *what, const char *sql)
{
    char *n = dbt_query(t->ci, sql);

    if (strcmp(n, "0") != 0)
        fail_msg("%s: %s violations", what, n);
    free(n);
}

/* Asserts lo <= the number sql gives <= hi. */
static void between(regt *t, const char *what, const char *sql, double lo, double hi)
{
    char *v = dbt_query(t->ci, sql);

    if (atof(v) < lo || atof(v) > hi)
        fail_msg("%s: %s is not between %g and %g", what, v, lo, hi);
    free(v);
}

static const struct {
    const char *what, *sql;
} rules[] = {
    {"transition not in the workflow",
     "SELECT count(*) FROM case_event e WHERE e.from_status IS NOT NULL AND NOT EXISTS (SELECT 1"
     " FROM case_transition t WHERE t.from_status = e.from_status AND t.to_status = e.to_status)"},
    {"history not a chain",
     "SELECT count(*) FROM (SELECT from_status, lag(to_status) OVER w AS prev, row_number() OVER w"
     " AS n FROM case_event WINDOW w AS (PARTITION BY case_id ORDER BY seq)) x"
     " WHERE (n = 1 AND from_status IS NOT NULL) OR (n > 1 AND from_status IS DISTINCT FROM prev)"},
    {"status is not the last event's",
     "SELECT count(*) FROM bb_case c WHERE c.status <> (SELECT to_status FROM case_event e"
     " WHERE e.case_id = c.id ORDER BY seq DESC LIMIT 1)"},
    {"dates outside the window",
     "SELECT count(*) FROM bb_case WHERE reported_on > '" TODAY "' OR reported_on < date '" TODAY
     "' - 730 OR closed_on > '" TODAY "' OR reported_back_on > '" TODAY "'"},
    {"event before the report or after today",
     "SELECT count(*) FROM case_event e JOIN bb_case c ON c.id = e.case_id"
     " WHERE e.at::date < c.reported_on OR e.at::date > '" TODAY "'"},
    {"contact outside the case's life",
     "SELECT count(*) FROM contact k JOIN bb_case c ON c.id = k.case_id"
     " WHERE k.contact_on < c.reported_on OR k.contact_on > '" TODAY "'"},
    {"referral rate not the one of its date",
     "SELECT count(*) FROM referral r WHERE r.rate_cents <> (SELECT rate_cents FROM practice_rate"
     " p WHERE p.practice_id = r.practice_id AND p.valid_from <= r.referred_on"
     " ORDER BY valid_from DESC LIMIT 1)"},
    {"referral of a case never doorverwezen",
     "SELECT count(*) FROM referral r WHERE NOT EXISTS (SELECT 1 FROM case_event e"
     " WHERE e.case_id = r.case_id AND e.to_status = 'doorverwezen')"},
    {"follow-up without nazorg",
     "SELECT count(*) FROM followup f WHERE NOT EXISTS (SELECT 1 FROM case_event e"
     " WHERE e.case_id = f.case_id AND e.to_status = 'nazorg')"},
    {"counter behind the numbers",
     "SELECT count(*) FROM (SELECT year, max(seq) AS m FROM bb_case GROUP BY year) y"
     " WHERE NOT EXISTS (SELECT 1 FROM number_counter n WHERE n.series = 'case:' || y.year"
     " AND n.last = y.m)"},
    {"volunteer counter behind", "SELECT count(*) FROM number_counter WHERE series = 'volunteer'"
                                 " AND last <> (SELECT max(number) FROM volunteer)"},
    {"trigger still off",
     "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'"},
    {"past the intake without a melder",
     "SELECT count(*) FROM bb_case c WHERE c.status NOT IN ('aangemeld', 'afgesloten')"
     " AND c.intake_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM party p WHERE p.case_id = c.id"
     " AND p.role = 'melder')"},
    {"volunteer over capacity",
     "SELECT count(*) FROM volunteer v WHERE v.capacity < (SELECT count(*) FROM bb_case c"
     " WHERE c.status <> 'afgesloten' AND v.id IN (c.volunteer1_id, c.volunteer2_id))"},
    {"open case paired to an inactive volunteer",
     "SELECT count(*) FROM bb_case c JOIN volunteer v ON v.id IN (c.volunteer1_id,"
     " c.volunteer2_id) WHERE c.status <> 'afgesloten' AND v.status <> 'actief'"},
    {"reference to a row that is not there (the foreign keys rest in the fast load)",
     "SELECT (SELECT count(*) FROM case_event e WHERE NOT EXISTS (SELECT 1 FROM bb_case c"
     " WHERE c.id = e.case_id)) + (SELECT count(*) FROM contact k WHERE NOT EXISTS (SELECT 1"
     " FROM bb_case c WHERE c.id = k.case_id)) + (SELECT count(*) FROM contact_volunteer x"
     " WHERE NOT EXISTS (SELECT 1 FROM contact k WHERE k.id = x.contact_id) OR NOT EXISTS"
     " (SELECT 1 FROM volunteer v WHERE v.id = x.volunteer_id)) + (SELECT count(*) FROM"
     " referral r WHERE NOT EXISTS (SELECT 1 FROM bb_case c WHERE c.id = r.case_id) OR NOT"
     " EXISTS (SELECT 1 FROM practice p WHERE p.id = r.practice_id)) + (SELECT count(*) FROM"
     " followup f WHERE NOT EXISTS (SELECT 1 FROM bb_case c WHERE c.id = f.case_id))"
     " + (SELECT count(*) FROM party p WHERE NOT EXISTS (SELECT 1 FROM bb_case c"
     " WHERE c.id = p.case_id)) + (SELECT count(*) FROM bb_case c WHERE NOT EXISTS (SELECT 1"
     " FROM data_key k WHERE k.id = c.data_key_id) OR (c.volunteer1_id IS NOT NULL AND NOT"
     " EXISTS (SELECT 1 FROM volunteer v WHERE v.id = c.volunteer1_id))) + (SELECT count(*)"
     " FROM volunteer v WHERE NOT EXISTS (SELECT 1 FROM data_key k WHERE k.id = v.data_key_id))"
     " + (SELECT count(*) FROM bb_case c WHERE NOT EXISTS (SELECT 1 FROM area a WHERE a.name ="
     " c.area) AND c.area IS NOT NULL) + (SELECT count(DISTINCT org_id) - 1 FROM case_event)"},
    {"case or volunteer without a data key",
     "SELECT (SELECT count(*) FROM bb_case WHERE data_key_id IS NULL)"
     " + (SELECT count(*) FROM volunteer WHERE data_key_id IS NULL)"},
};

/* The parties of the ten newest cases got names and addresses, readable with the keys, written
 * with the binding and lists the vault writes (ad_version 3, migration 0023). */
static void named_parties_are_made_up(regt *t, long named)
{
    char *n = dbt_query(t->ci, "SELECT count(*) FROM party WHERE case_id IN (SELECT id FROM"
                               " bb_case ORDER BY year DESC, seq DESC LIMIT 10)");
    char *newest = dbt_query(t->ci, "SELECT 'BB-' || year || '-' || lpad(seq::text, 4, '0')"
                                    " FROM bb_case ORDER BY year DESC, seq DESC LIMIT 1");
    char *old = dbt_query(t->ci, "SELECT count(*) FROM personal_field WHERE ad_version <> 3");
    char *listed = dbt_query(t->ci, "SELECT count(*) FROM bb_case c WHERE NOT EXISTS (SELECT 1"
                                    " FROM personal_field f WHERE f.owner_table = 'bb_case'"
                                    " AND f.owner_id = c.id AND f.field = '@owners'"
                                    " AND f.data_key_id = c.data_key_id)");
    bb_party_list *l = NULL;

    assert_int_equal(named, atol(n));
    assert_string_equal(old, "0");
    /* Every case its list of rows, sealed under its key. */
    assert_string_equal(listed, "0");
    for (int seq = 0; seq < 10; seq++) { /* every field opens */
        char sql[160], *number;
        snprintf(sql, sizeof sql,
                 "SELECT 'BB-' || year || '-' || lpad(seq::text, 4, '0') FROM bb_case"
                 " ORDER BY year DESC, seq DESC OFFSET %d LIMIT 1",
                 seq);
        number = dbt_query(t->ci, sql);
        assert_int_equal(bb_party_list_get(t->ctx, number, &l), BB_OK);
        bb_party_list_free(l);
        free(number);
    }
    free(old);
    free(listed);
    assert_int_equal(bb_party_list_get(t->ctx, newest, &l), BB_OK);
    assert_non_null(l->items[0].name);
    assert_non_null(l->items[0].street);
    assert_non_null(strstr("Fictieve Dorpsstraat Verzonnen Kerkweg Denkbeeldlaan Nepstraat"
                           " Proefweg Fictieve Molenstraat Voorbeeldstraat Schijnsingel",
                           l->items[0].street));
    bb_party_list_free(l);
    free(n);
    free(newest);
}

static void demo_data_keeps_the_rules(void **state)
{
    regt *t = regt_new();
    bb_demo_result r = seed(t, 3000, 7, 0, 10); /* the fast load, foreign keys resting */
    bb_case *c = NULL;
    bb_party_list *parties = NULL;
    bb_signal_list *l = NULL;

    (void)state;
    assert_int_equal(r.cases, 3000);
    assert_int_equal(r.volunteers, 250);
    assert_int_equal(r.practices, 2);
    assert_int_equal(r.areas, 9);
    assert_true(r.events > 3 * r.cases && r.contacts > 2 * r.cases);
    assert_true(r.referrals > 50 && r.followups > 200);
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        none(t, rules[i].what, rules[i].sql);
    none(t, "loaded tables the planner knows nothing of (no ANALYZE after the load)",
         "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('bb_case', 'case_event',"
         " 'contact', 'party', 'stat_case', 'stat_day', 'stat_pair_day') AND last_analyze IS NULL");
    between(t, "share of self-reporters", "SELECT avg((source = 'zelfmelder')::int) FROM bb_case",
            0.40, 0.50);
    between(t, "share of police", "SELECT avg((source = 'politie')::int) FROM bb_case", 0.16, 0.24);
    between(t, "resolved of started and closed",
            "SELECT avg((outcome IN ('opgelost', 'deels_opgelost'))::int) FROM bb_case c"
            " WHERE status = 'afgesloten' AND EXISTS (SELECT 1 FROM case_event e"
            " WHERE e.case_id = c.id AND e.to_status = 'lopend')",
            0.60, 0.80);
    between(t, "median days report to closing",
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY closed_on - reported_on)"
            " FROM bb_case WHERE status = 'afgesloten'",
            20, 120);
    named_parties_are_made_up(t, r.named);
    /* The registry works on as usual: the next number, a party under the case's data key. */
    bb_case_new in = {.reported_on = "2024-06-30",
                      .source = "politie",
                      .types = (const char *[]){"overig"},
                      .n_types = 1};
    assert_int_equal(bb_case_create(t->ctx, &in, &c), BB_OK);
    bb_case_free(c);
    regt_party(t, "BB-2024-0010", "betrokkene", "Fictieve Buurman", "7671 AB", "12", NULL);
    assert_int_equal(bb_party_list_get(t->ctx, "BB-2024-0010", &parties), BB_OK);
    assert_string_equal(parties->items[parties->n - 1].name, "Fictieve Buurman");
    bb_party_list_free(parties);
    assert_int_equal(bb_signal_list_get(t->ctx, BB_SIGNAL_NOT_REPORTED_BACK,
                                        &(bb_signal_filter){.today = TODAY}, &l),
                     BB_OK);
    assert_true(l->n > 0);
    bb_signal_list_free(l);
    regt_free(t);
}

/* Everything the seed decides, without ids, keys and the time of loading. */
static const char checksum_sql[] =
    "SELECT md5(concat_ws('|',"
    " (SELECT string_agg(concat_ws(',', year, seq, reported_on, source, conflict_types, area,"
    "  intake_suitable, intake_on, intake_reason, status, outcome, closed_on, reported_back_on,"
    "  version, created_at, updated_at, (SELECT number FROM volunteer v WHERE v.id ="
    "  c.volunteer1_id), (SELECT number FROM volunteer v WHERE v.id = c.volunteer2_id)), ';'"
    "  ORDER BY year, seq) FROM bb_case c),"
    " (SELECT string_agg(concat_ws(',', c.year, c.seq, e.at, e.from_status, e.to_status), ';'"
    "  ORDER BY c.year, c.seq, e.seq) FROM case_event e JOIN bb_case c ON c.id = e.case_id),"
    " (SELECT string_agg(concat_ws(',', c.year, c.seq, k.contact_on, k.kind, k.minutes,"
    "  k.created_at, (SELECT string_agg(v.number::text, '+' ORDER BY v.number)"
    "  FROM contact_volunteer cv JOIN volunteer v ON v.id = cv.volunteer_id"
    "  WHERE cv.contact_id = k.id)), ';' ORDER BY c.year, c.seq, k.created_at)"
    "  FROM contact k JOIN bb_case c ON c.id = k.case_id),"
    " (SELECT string_agg(concat_ws(',', c.year, c.seq, r.seq, p.name, r.mediator, r.reason,"
    "  r.referred_on, r.status, r.hours, r.rate_cents, r.cost_cents, r.outcome, r.closed_on),"
    "  ';' ORDER BY c.year, c.seq, r.seq) FROM referral r JOIN bb_case c ON c.id = r.case_id"
    "  JOIN practice p ON p.id = r.practice_id),"
    " (SELECT string_agg(concat_ws(',', c.year, c.seq, f.followup_on, f.melder_agreements,"
    "  f.melder_improved, f.wederpartij_agreements, f.wederpartij_improved), ';'"
    "  ORDER BY c.year, c.seq, f.followup_on) FROM followup f JOIN bb_case c ON c.id = f.case_id),"
    " (SELECT string_agg(concat_ws(',', c.year, c.seq, p.seq, p.role, p.tenure, p.household,"
    "  p.age_band, p.interpreter), ';' ORDER BY c.year, c.seq, p.seq)"
    "  FROM party p JOIN bb_case c ON c.id = p.case_id),"
    " (SELECT string_agg(concat_ws(',', number, area, status, status_since, capacity,"
    "  preferred_types), ';' ORDER BY number) FROM volunteer),"
    " (SELECT string_agg(concat_ws(',', v.number, s.status, s.since), ';'"
    "  ORDER BY v.number, s.since, s.status) FROM volunteer_status_event s"
    "  JOIN volunteer v ON v.id = s.volunteer_id),"
    " (SELECT string_agg(concat_ws(',', p.name, r.valid_from, r.rate_cents), ';'"
    "  ORDER BY p.name, r.valid_from) FROM practice_rate r JOIN practice p ON p.id ="
    "  r.practice_id),"
    " (SELECT string_agg(concat_ws(',', p.name, b.year, b.amount_cents), ';'"
    "  ORDER BY p.name, b.year) FROM practice_budget b JOIN practice p ON p.id = b.practice_id),"
    " (SELECT string_agg(concat_ws(',', name, postcodes), ';' ORDER BY name) FROM area)))";

static char *seeded_checksum(unsigned long long s, int keep_checks)
{
    regt *t = regt_new();
    char *sum;

    seed(t, 400, s, keep_checks, 0);
    if (keep_checks) /* this path turned triggers off and on by name: all are on again */
        none(t, "trigger still off",
             "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'");
    sum = dbt_query(t->ci, checksum_sql);
    regt_free(t);
    return sum;
}

static void same_seed_same_data(void **state)
{
    /* The second run checks every foreign key as it loads: the same data either way. */
    char *a = seeded_checksum(1, 0), *b = seeded_checksum(1, 1), *c = seeded_checksum(2, 0);

    (void)state;
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    free(a);
    free(b);
    free(c);
}

/* The load skips the figures' per-statement marking: after each batch the server makes its
 * stat_case and stat_participation rows (bb_demo_stat_cases, schema/functions/demo.sql). On the fast path
 * (the tests' superuser) the per-day tables are made at the end from their from-scratch
 * definitions (bb_demo_stat_days); with the checks kept, their triggers follow each batch.
 * Either way they must equal a rebuild from scratch, and later writes are marked as before
 * (the setting ends with the load's transaction). */
static void figures_after_the_load_equal_a_rebuild(void **state)
{
    static const char digest[] =
        "SELECT concat_ws(' ', (SELECT count(*) FROM stat_case),"
        " (SELECT md5(string_agg(s::text, ';' ORDER BY s.case_id)) FROM stat_case s),"
        " (SELECT count(*) FROM stat_participation),"
        " (SELECT md5(string_agg(p::text, ';' ORDER BY p.contact_id, p.volunteer_id))"
        "  FROM stat_participation p),"
        " (SELECT md5(string_agg(d::text, ';' ORDER BY d.fact, d.day, d.dimension, d.category))"
        "  FROM stat_day d),"
        " (SELECT md5(string_agg(d::text, ';' ORDER BY d.volunteer_id, d.case_id, d.day))"
        "  FROM stat_pair_day d),"
        " (SELECT md5(string_agg(d::text, ';' ORDER BY d.day, d.prev_on)) FROM stat_pair_sum d))";
    /* The per-day tables the load fills at its end against their from-scratch definitions. */
    static const char per_day_differences[] =
        "SELECT (SELECT count(*) FROM ((TABLE stat_day EXCEPT ALL"
        "   SELECT f.* FROM organisation o, bb_stat_day_fresh(o.id) f)"
        "  UNION ALL (SELECT f.* FROM organisation o, bb_stat_day_fresh(o.id) f"
        "   EXCEPT ALL TABLE stat_day)) x)"
        " + (SELECT count(*) FROM ((TABLE stat_pair_day EXCEPT ALL"
        "   SELECT f.* FROM organisation o, bb_stat_pair_day_fresh(o.id) f)"
        "  UNION ALL (SELECT f.* FROM organisation o, bb_stat_pair_day_fresh(o.id) f"
        "   EXCEPT ALL TABLE stat_pair_day)) x)"
        " + (SELECT count(*) FROM ((TABLE stat_pair_sum EXCEPT ALL"
        "   SELECT f.* FROM organisation o, bb_stat_pair_sum_fresh(o.id) f)"
        "  UNION ALL (SELECT f.* FROM organisation o, bb_stat_pair_sum_fresh(o.id) f"
        "   EXCEPT ALL TABLE stat_pair_sum)) x)";
    const int keep_checks[] = {0, 1};

    (void)state;
    for (size_t i = 0; i < sizeof keep_checks / sizeof keep_checks[0]; i++) {
        regt *t = regt_new();
        char *loaded, *rebuilt, *v;

        seed(t, 3000, 7, keep_checks[i], 0);
        loaded = dbt_query(t->ci, digest);
        assert_true(strncmp(loaded, "3000 ", 5) == 0);
        none(t, "marks left",
             "SELECT (SELECT count(*) FROM stat_dirty)"
             " + (SELECT count(*) FROM stat_pending)");
        between(t, "participations", "SELECT count(*) FROM stat_participation", 1000, 1e6);
        between(t, "cases with a first joint talk",
                "SELECT count(*) FROM stat_case WHERE joint_on IS NOT NULL", 100, 3000);
        none(t, "per-day rows unlike a fresh computation", per_day_differences);
        between(t, "open caseload changes",
                "SELECT count(*) FROM stat_day WHERE fact = 'open' AND n < 0", 100, 1e6);
        between(t, "pair days with an earlier day",
                "SELECT count(*) FROM stat_pair_day WHERE prev_on IS NOT NULL", 100, 1e6);
        between(t, "pair sums", "SELECT count(*) FROM stat_pair_sum", 100, 1e6);
        free(dbt_query(t->ci, "SELECT bb_stat_rebuild()"));
        rebuilt = dbt_query(t->ci, digest);
        if (strcmp(loaded, rebuilt) != 0)
            fail_msg("keep_checks %d: loaded %s, rebuilt %s", keep_checks[i], loaded, rebuilt);
        v = dbt_query(t->ci, "SELECT current_setting('bb.stat_bulk', true)");
        assert_true(v == NULL || strcmp(v, "on") != 0);
        free(v);
        free(dbt_query(t->ci, "UPDATE bb_case SET area = NULL WHERE seq = 5"));
        none(t, "a later write is not marked",
             "SELECT count(*) FROM stat_case s JOIN bb_case c ON c.id = s.case_id"
             " WHERE c.seq = 5 AND s.area IS NOT NULL");
        free(loaded);
        free(rebuilt);
        regt_free(t);
    }
}

static int stop_halfway(void *data, long done, long total)
{
    (void)data;
    return done * 2 >= total;
}

/* A load into an empty database builds the indexes of the tables it fills at its end
 * (lib/demo/demo-index.c: new ones, with new oids); a load into a database with data
 * keeps them (the same oids). Either way, and after a load stopped halfway, every index is
 * there as it was. */
static void indexes_are_back_after_every_load(void **state)
{
    static const char indexes[] =
        "SELECT count(*) || ' ' || md5(string_agg(indexdef, ';' ORDER BY indexname))"
        " FROM pg_indexes WHERE schemaname = 'public'";
    static const char oid[] = "SELECT 'case_by_status'::regclass::oid";
    static const char other_org[] =
        "INSERT INTO stat_day VALUES (gen_random_uuid(), 'reported', '2024-01-02', 'total',"
        " 'all', 1)";
    const char *why[] = {"empty database", "database with data"};

    (void)state;
    for (int with_data = 0; with_data < 2; with_data++) {
        regt *t = regt_new();
        bb_demo_options o = {.cases = 12000, .today = TODAY, .progress = stop_halfway};
        char *before, *after, *oid_before, *oid_after;

        if (with_data)
            free(dbt_query(t->ci, other_org));
        before = dbt_query(t->ci, indexes);
        oid_before = dbt_query(t->ci, oid);
        assert_int_equal(bb_demo_seed(t->ctx, &o, NULL), BB_EINVAL);
        MSG_HAS(t->ctx, "stopped");
        after = dbt_query(t->ci, indexes);
        assert_string_equal(before, after);
        free(after);
        none(t, "cases left by the stopped load", "SELECT count(*) FROM bb_case");
        seed(t, 300, 1, 0, 0);
        after = dbt_query(t->ci, indexes);
        oid_after = dbt_query(t->ci, oid);
        if (strcmp(before, after) != 0)
            fail_msg("%s: indexes %s before, %s after", why[with_data], before, after);
        if ((strcmp(oid_before, oid_after) == 0) != with_data)
            fail_msg("%s: case_by_status was %s", why[with_data],
                     with_data ? "built again" : "kept: the indexes did not rest");
        free(before);
        free(after);
        free(oid_before);
        free(oid_after);
        regt_free(t);
    }
}

static void demo_refuses_bad_options_and_busy_organisations(void **state)
{
    regt *t = regt_new();
    bb_demo_options o = {.cases = 0, .today = TODAY};
    char *before = reft_fingerprint(t);

    (void)state;
    assert_int_equal(bb_demo_seed(t->ctx, &o, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "cases", "0");
    o.cases = 10;
    o.today = "2099-01-01";
    assert_int_equal(bb_demo_seed(t->ctx, &o, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "today", "future");
    o.today = "1-1-2024";
    assert_int_equal(bb_demo_seed(t->ctx, &o, NULL), BB_EINVAL);
    MSG_HAS(t->ctx, "today", "'1-1-2024'");
    reft_unchanged(t, before);
    bb_case_free(regt_case(t, "2024-03-01", "politie", "overig"));
    before = reft_fingerprint(t);
    o.today = TODAY;
    assert_int_equal(bb_demo_seed(t->ctx, &o, NULL), BB_EEXISTS);
    MSG_HAS(t->ctx, "empty organisation");
    bb_lock(t->ctx);
    assert_int_equal(bb_demo_seed(t->ctx, &o, NULL), BB_EDENIED);
    MSG_HAS(t->ctx, "unlock");
    reft_unchanged(t, before);
    regt_free(t);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(demo_data_keeps_the_rules),
        cmocka_unit_test(same_seed_same_data),
        cmocka_unit_test(figures_after_the_load_equal_a_rebuild),
        cmocka_unit_test(indexes_are_back_after_every_load),
        cmocka_unit_test(demo_refuses_bad_options_and_busy_organisations),
    };
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* one case per meson test */
    dbt_require_server();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
