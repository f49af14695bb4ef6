/* Demo data in one transaction: areas, practices, volunteers, then the cases in batches sent
 * with COPY, then budgets and the number counters. The single-row triggers are off for this
 * transaction only (ALTER TABLE ... DISABLE TRIGGER is transactional): the generator keeps
 * their rules itself, writes the status events they would write, and a test checks the
 * result against the workflow table. Constraints and foreign keys stay on. The figures' rows
 * are made by the server with the figures' own definitions (schema/functions/): those of each
 * batch's cases after its COPYs, the per-day sums on a superuser's path at the end. In an
 * empty database the indexes are built at the end (demo-index.c). */
#include "bb/demo.h"
#include "bb/error.h"
#include "bb/referral.h"
#include "crypto/blob.h"
#include "crypto/secret.h"
#include "db/db.h"
#include "demo/demo.h"
#include "base/i18n.h"
#include "keys/keychain.h"
#include "fields/fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const targets[T_COUNT] = {
    [T_DATA_KEY] = "data_key (id, org_id, key_version, wrapped)",
    [T_CASE] = "bb_case (id, org_id, year, seq, reported_on, source, conflict_types, area,"
               " intake_suitable, intake_on, intake_reason, status, outcome, closed_on,"
               " reported_back_on, volunteer1_id, volunteer2_id, data_key_id, version,"
               " created_at, updated_at)",
    [T_EVENT] = "case_event (id, org_id, case_id, at, from_status, to_status)",
    [T_CONTACT] = "contact (id, org_id, case_id, contact_on, kind, minutes, created_at)",
    [T_CONTACT_VOL] = "contact_volunteer (org_id, contact_id, volunteer_id)",
    [T_REFERRAL] = "referral (id, org_id, case_id, seq, practice_id, mediator, reason,"
                   " referred_on, status, hours, rate_cents, outcome, closed_on, version,"
                   " created_at, updated_at)",
    [T_FOLLOWUP] = "followup (id, org_id, case_id, followup_on, melder_agreements,"
                   " melder_improved, wederpartij_agreements, wederpartij_improved, created_at)",
    [T_PARTY] = "party (id, org_id, case_id, seq, role, tenure, household, age_band,"
                " interpreter, created_at, updated_at)",
    [T_FIELD] = "personal_field (owner_table, owner_id, field, org_id, data_key_id, blob,"
                " ad_version)",
};

/* The triggers that check or log single rows on insert; fixed names, never data. */
static const char *const triggers[][2] = {
    {"bb_case", "case_check"},
    {"bb_case", "case_log_event"},
    {"bb_case", "case_check_pair"},
    {"contact", "contact_check"},
    {"volunteer", "volunteer_log_status"},
    {"referral", "referral_check"},
    {"followup", "followup_check"},
    {"party", "party_check"},
};
#define N_TRIGGERS (sizeof triggers / sizeof triggers[0])

int demo_flush(bb_ctx *ctx, demo_buf *set, bool first)
{
    demo_buf *ids = &set[T_CASE_IDS];
    int rc = BB_OK;

    for (int t = 0; t < T_CASE_IDS && rc == BB_OK; t++)
        rc = demo_copy(ctx, targets[t], t != T_REFERRAL && t != T_FOLLOWUP, &set[t]);
    /* Without statistics the planner takes "the contact moments of these 5,000 cases" for the
     * whole table, and would read all of it for every batch: the first batch gives it some
     * (the ratios hold as the tables grow; ANALYZE sees this transaction's rows). */
    if (rc == BB_OK && first)
        rc = demo_analyze(ctx);
    demo_buf_put(ids, "}", 2); /* and the NUL */
    if (ids->oom)
        rc = bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    if (rc == BB_OK && ids->len > 2)
        rc = bb_db__cmd(ctx, "SELECT bb_demo_stat_cases($1::uuid[])", 1, (const char *[]){ids->p});
    ids->len = 0;
    return rc;
}

/* Turns the triggers of the list that exist off (on = false) or on again. */
static int switch_triggers(bb_ctx *ctx, bool on)
{
    char sql[160];
    PGresult *res = NULL;
    int rc = BB_OK;

    for (size_t i = 0; i < N_TRIGGERS && rc == BB_OK; i++) {
        rc = bb_db__exec(ctx, &res,
                         "SELECT 1 FROM pg_trigger WHERE NOT tgisinternal"
                         " AND tgrelid = to_regclass($1) AND tgname = $2",
                         2, triggers[i]);
        if (rc == BB_OK && PQntuples(res) == 1) {
            snprintf(sql, sizeof sql, "ALTER TABLE %s %s TRIGGER %s", triggers[i][0],
                     on ? "ENABLE" : "DISABLE", triggers[i][1]);
            rc = bb_db__cmd(ctx, sql, 0, NULL);
        }
        PQclear(res);
        res = NULL;
    }
    return rc;
}

/* Turns the row checks off for this transaction. A superuser sets session_replication_role
 * to replica (SET LOCAL): every trigger rests, the foreign keys' too, which halves the load's
 * time; the generator makes only references to rows it made (tests/db/test-demo.c checks).
 * Anyone else, or keep_checks, switches off only the named single-row triggers: the foreign
 * keys are checked row by row. */
static int checks_off(bb_ctx *ctx, int keep_checks, bool *replica)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res, "SELECT current_setting('is_superuser') = 'on'", 0, NULL);

    *replica = rc == BB_OK && !keep_checks && *PQgetvalue(res, 0, 0) == 't';
    PQclear(res);
    if (rc == BB_OK && *replica)
        rc = bb_db__cmd(ctx, "SET LOCAL session_replication_role = replica", 0, NULL);
    else if (rc == BB_OK)
        rc = switch_triggers(ctx, false);
    return rc;
}

/* Demo data goes into an empty organisation: no cases, volunteers or practices yet. */
static int check_empty(bb_ctx *ctx, const char *org)
{
    PGresult *res = NULL;
    int rc = bb_db__exec(ctx, &res,
                         "SELECT EXISTS (SELECT 1 FROM bb_case WHERE org_id = $1),"
                         " EXISTS (SELECT 1 FROM volunteer WHERE org_id = $1),"
                         " EXISTS (SELECT 1 FROM practice WHERE org_id = $1)",
                         1, &org);

    if (rc == BB_OK && (*PQgetvalue(res, 0, 0) == 't' || *PQgetvalue(res, 0, 1) == 't' ||
                        *PQgetvalue(res, 0, 2) == 't'))
        rc = bb_ctx__fail(ctx, BB_EEXISTS, "%s",
                          _("organisation: it has cases, volunteers or practices already; demo "
                            "data goes into an empty organisation"));
    PQclear(res);
    return rc;
}

/* The villages as areas; an area of the same name is kept as it is. */
static int add_areas(bb_ctx *ctx, demo_ctx *d)
{
    PGresult *res = NULL;
    int rc = BB_OK;

    for (int i = 0; i < demo_n_villages && rc == BB_OK; i++) {
        char range[32];
        const char *pc = demo_villages[i].postcodes, *dash = strchr(pc, '-');
        snprintf(range, sizeof range, "{[%.4s,%d]}", pc, atoi(dash ? dash + 1 : pc));
        const char *p[3] = {d->org, demo_villages[i].name, range};
        rc = bb_db__exec(ctx, &res,
                         "INSERT INTO area (org_id, name, postcodes)"
                         " VALUES ($1, $2, $3::int4multirange) ON CONFLICT DO NOTHING RETURNING 1",
                         3, p);
        if (rc == BB_OK)
            d->res->areas += PQntuples(res);
        PQclear(res);
        res = NULL;
    }
    return rc;
}

/* Two practices; the rate rose on 1 January of today's year. */
static int add_practices(bb_ctx *ctx, demo_ctx *d)
{
    char jan1[11], old_rate[16], new_rate[16];
    int rc = BB_OK;

    demo_date(demo_day(demo_year(d->w->today), 1, 1), jan1);
    for (int i = 0; i < demo_n_practices && rc == BB_OK; i++) {
        demo_uuid u;
        demo_id(&d->ids, &u);
        demo_uuid_text(&u, d->practice_ids[i]);
        snprintf(old_rate, sizeof old_rate, "%d", demo_practices[i].old_rate);
        snprintf(new_rate, sizeof new_rate, "%d", demo_practices[i].new_rate);
        const char *p[3] = {d->practice_ids[i], d->org, demo_practices[i].name};
        rc = bb_db__cmd(ctx, "INSERT INTO practice (id, org_id, name) VALUES ($1, $2, $3)", 3, p);
        if (rc == BB_OK)
            rc = bb_db__cmd(ctx,
                            "INSERT INTO practice_rate (org_id, practice_id, valid_from,"
                            " rate_cents) VALUES ($2, $1, '2000-01-01', $3), ($2, $1, $4, $5)",
                            5, (const char *[]){p[0], p[1], old_rate, jan1, new_rate});
        d->res->practices++;
    }
    return rc;
}

/* A budget per practice and year of the window: what was spent, and some to spare. */
static int add_budgets(bb_ctx *ctx, demo_ctx *d)
{
    char year[16], amount[24];
    int first = demo_year(d->w->first_day), rc = BB_OK;

    for (int i = 0; i < demo_n_practices && rc == BB_OK; i++)
        for (int y = 0; y <= demo_year(d->w->today) - first && y < 3 && rc == BB_OK; y++) {
            long long cents = d->cost[i][y] * 115 / 100;
            cents = (cents / 50000 + 1) * 50000; /* up to a multiple of 500 euros */
            if (cents > BB_BUDGET_MAX_CENTS)     /* a million cases cost more than a pilot */
                cents = BB_BUDGET_MAX_CENTS;
            snprintf(year, sizeof year, "%d", first + y);
            snprintf(amount, sizeof amount, "%lld", cents < 500000 ? 500000 : cents);
            rc = bb_db__cmd(ctx,
                            "INSERT INTO practice_budget (org_id, practice_id, year, amount_cents)"
                            " VALUES ($1, $2, $3, $4)",
                            4, (const char *[]){d->org, d->practice_ids[i], year, amount});
        }
    return rc;
}

/* The counters continue after the numbers used, as bb_case_create would have left them. */
static int set_counters(bb_ctx *ctx, const char *org)
{
    int rc = bb_db__cmd(ctx,
                        "INSERT INTO number_counter (org_id, series, last)"
                        " SELECT $1, 'case:' || year, max(seq) FROM bb_case WHERE org_id = $1"
                        " GROUP BY year ON CONFLICT (org_id, series) DO UPDATE"
                        " SET last = greatest(number_counter.last, EXCLUDED.last)",
                        1, &org);
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx,
                        "INSERT INTO number_counter (org_id, series, last)"
                        " SELECT $1, 'volunteer', max(number) FROM volunteer WHERE org_id = $1"
                        " HAVING count(*) > 0 ON CONFLICT (org_id, series) DO UPDATE"
                        " SET last = greatest(number_counter.last, EXCLUDED.last)",
                        1, &org);
    return rc;
}

static const char *const vol_statuses[] = {"aangemeld", "in_opleiding", "gecertificeerd", "actief",
                                           "gestopt"};

/* A volunteer's pipeline from joining on day join: training, certificate, active; some stop.
 * steps[s] is the day status s began (-1: never); the cut at today leaves the status now. */
static void volunteer_life(demo_rng *r, const demo_world *w, demo_volunteer *v, int join)
{
    int day = join, *st = v->steps;

    for (int i = 0; i < 5; i++)
        st[i] = -1;
    st[0] = join;
    if (!demo_rng_chance(r, 0.92)) {
        st[4] = day + demo_rng_range(r, 20, 90);
    } else if (st[1] = day += demo_rng_range(r, 7, 30), !demo_rng_chance(r, 0.9)) {
        st[4] = day + demo_rng_range(r, 20, 60);
    } else if (st[2] = day += demo_rng_range(r, 40, 90), demo_rng_chance(r, 0.95)) {
        st[3] = day += demo_rng_range(r, 0, 14);
        if (demo_rng_chance(r, 0.15))
            st[4] = day + demo_rng_range(r, 60, 600);
    }
    for (int i = 0; i < 5; i++)
        if (st[i] > w->today)
            st[i] = -1;
    for (int i = 0; i < 5; i++)
        if (st[i] >= 0) {
            v->status = i;
            v->since = st[i];
        }
}

/* volunteer: id, org_id, number, area, status, status_since, capacity, preferred_types,
 * version, created_at, updated_at, data_key_id; and its volunteer_status_event rows. */
static void volunteer_rows(demo_ctx *d, const demo_volunteer *v, const char *key, demo_buf *vb,
                           demo_buf *eb)
{
    char line[512], since[11], join[11], types[160] = "";
    size_t o = 0;
    int n = 0;

    for (int t = 0; t < demo_types.n; t++)
        if (v->types & (1u << t))
            o += (size_t)snprintf(types + o, sizeof types - o, "%s%s", o ? "," : "",
                                  demo_types.keys[t]);
    demo_date(v->since, since);
    demo_date(v->steps[0], join);
    n = snprintf(line, sizeof line,
                 "%s\t%s\t%d\t%s\t%s\t%s\t%d\t{%s}\t1\t%s 10:00:00+00\t%s 10:00:00+00\t%s\n", v->id,
                 d->org, v->number, v->area >= 0 ? demo_villages[v->area].name : "\\N",
                 vol_statuses[v->status], since, v->capacity, types, join, since, key);
    demo_buf_put(vb, line, (size_t)n);
    for (int i = 0; i < 5; i++) {
        if (v->steps[i] < 0)
            continue;
        demo_date(v->steps[i], since);
        n = snprintf(line, sizeof line, "%s\t%s\t%s\t%s\t%s 12:00:00+00\n", d->org, v->id,
                     vol_statuses[i], since, since);
        demo_buf_put(eb, line, (size_t)n);
    }
}

static int by_day(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* One volunteer per twelve cases (at least 12): joined over the window, a third of them in
 * the recruitment before the pilot began; numbered in the order they joined. */
static int make_volunteers(demo_rng *r, demo_world *w, long cases)
{
    int n = cases / 12 < 12 ? 12 : cases / 12 > 50000 ? 50000 : (int)(cases / 12);
    int *joins = calloc((size_t)n, sizeof *joins), villages[16];

    free(w->vols);
    free(w->active);
    free(w->ever);
    w->vols = calloc((size_t)n, sizeof *w->vols);
    w->active = calloc((size_t)n, sizeof *w->active);
    w->ever = calloc((size_t)n, sizeof *w->ever);
    if (joins == NULL || w->vols == NULL || w->active == NULL || w->ever == NULL) {
        free(joins);
        return BB_ENOMEM;
    }
    for (int i = 0; i < demo_n_villages; i++)
        villages[i] = demo_villages[i].weight;
    for (int i = 0; i < n; i++)
        joins[i] = demo_rng_chance(r, 0.35) ? w->first_day - demo_rng_range(r, 0, 90)
                                            : demo_rng_range(r, w->first_day, w->today - 7);
    qsort(joins, (size_t)n, sizeof *joins, by_day);
    w->n_vols = w->n_active = w->n_ever = 0;
    for (int i = 0; i < n; i++) {
        demo_volunteer *v = &w->vols[w->n_vols++];
        volunteer_life(r, w, v, joins[i]);
        v->number = i + 1;
        v->area = demo_rng_chance(r, 0.05) ? -1 : demo_rng_pick(r, villages, demo_n_villages);
        v->capacity = demo_rng_pick(r, demo_capacities.weights, demo_capacities.n) + 1;
        for (int k = demo_rng_range(r, 0, 2); k > 0; k--)
            v->types =
                (uint16_t)(v->types | 1u << demo_rng_pick(r, demo_types.weights, demo_types.n));
        if (v->status == 3)
            w->active[w->n_active++] = i;
        if (v->steps[3] >= 0)
            w->ever[w->n_ever++] = i;
    }
    free(joins);
    return BB_OK;
}

static int demo_volunteers(bb_ctx *ctx, demo_ctx *d, demo_rng *r, long cases)
{
    demo_buf vb = {0}, eb = {0};
    demo_uuid key;
    char key_text[37];
    int rc = make_volunteers(r, d->w, cases);

    if (rc != BB_OK)
        return bb_ctx__fail(ctx, BB_ENOMEM, "%s", _("out of memory"));
    for (int i = 0; i < d->w->n_vols && rc == BB_OK; i++) {
        demo_id(&d->ids, &d->w->vols[i].uid);
        demo_uuid_text(&d->w->vols[i].uid, d->w->vols[i].id);
        if ((rc = demo_data_key(d, &key)) != BB_OK)
            rc = bb_ctx__fail(ctx, rc, "%s", _("cannot make a data key"));
        demo_uuid_text(&key, key_text);
        volunteer_rows(d, &d->w->vols[i], key_text, &vb, &eb);
    }
    if (rc == BB_OK)
        rc = demo_copy(ctx, targets[T_DATA_KEY], true, &d->buf[T_DATA_KEY]);
    if (rc == BB_OK)
        rc = demo_copy(ctx,
                       "volunteer (id, org_id, number, area, status, status_since, capacity,"
                       " preferred_types, version, created_at, updated_at, data_key_id)",
                       false, &vb);
    if (rc == BB_OK)
        rc = demo_copy(ctx, "volunteer_status_event (org_id, volunteer_id, status, since, at)",
                       false, &eb);
    d->res->volunteers = rc == BB_OK ? d->w->n_vols : 0;
    demo_buf_free(&vb);
    demo_buf_free(&eb);
    return rc;
}

struct seed {
    const bb_demo_options *o;
    bool loaded;  /* the load committed */
    bool replica; /* the triggers are off through session_replication_role */
    demo_ctx d;
    demo_world w;
    demo_indexes ix; /* resting during the load */
};

static int seed_txn(bb_ctx *ctx, void *arg)
{
    struct seed *s = arg;
    demo_rng r;
    int rc;

    demo_rng_seed(&r, s->o->seed);
    demo_rng_seed(&s->d.parties, s->o->seed ^ 0x5eed9a47e5ULL);
    *s->d.res = (bb_demo_result){0};
    memset(s->d.cost, 0, sizeof s->d.cost);
    demo_indexes_free(&s->ix);
    rc = check_empty(ctx, s->d.org);
    /* The figures' triggers mark nothing in this transaction: each batch's figures' rows are
     * made once its rows are in (demo_flush), and the per-day sums of the superuser's path at
     * the end (the triggers that would sum them rest there: bb_stat_loader_writes()). */
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx, "SELECT set_config('bb.stat_bulk', 'on', true)", 0, NULL);
    if (rc == BB_OK)
        rc = add_areas(ctx, &s->d); /* before: their overlap trigger stays on */
    if (rc == BB_OK)
        rc = add_practices(ctx, &s->d);
    if (rc == BB_OK)
        rc = checks_off(ctx, s->o->keep_checks, &s->replica);
    /* The figures' statement of a batch is costed past JIT's threshold; compiling it costs more
     * than it saves, every batch. */
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx, "SET LOCAL jit = off", 0, NULL);
    /* The fast path: in an empty database the indexes are built once at the end. */
    if (rc == BB_OK && s->replica)
        rc = bb_db__cmd(ctx, "SET LOCAL maintenance_work_mem = '256MB'", 0, NULL);
    if (rc == BB_OK && s->replica)
        rc = demo_indexes_rest(ctx, &s->ix);
    if (rc == BB_OK)
        rc = demo_volunteers(ctx, &s->d, &r, s->o->cases);
    if (rc == BB_OK)
        rc = demo_cases(ctx, &s->d, &r, s->o);
    /* The organisation was empty: its per-day sums are those of the seeded cases alone. */
    if (rc == BB_OK)
        rc = bb_db__cmd(ctx, "SELECT bb_demo_stat_days($1)", 1, (const char *[]){s->d.org});
    if (rc == BB_OK)
        rc = add_budgets(ctx, &s->d);
    if (rc == BB_OK)
        rc = set_counters(ctx, s->d.org);
    if (rc == BB_OK)
        rc = demo_indexes_build(ctx, &s->ix);
    if (rc == BB_OK && !s->replica)
        rc = switch_triggers(ctx, true);
    return rc;
}

/* The options: a sane number of cases and a today that is not in the future. */
static int check_options(bb_ctx *ctx, const bb_demo_options *o, int *today)
{
    char day[BB_DATE_SIZE];
    int rc;

    if (o->cases < 1 || o->cases > BB_DEMO_MAX_CASES)
        return bb_ctx__fail(ctx, BB_EINVAL, _("cases: %ld is not between 1 and %ld"), o->cases,
                            BB_DEMO_MAX_CASES);
    if (o->named < 0 || o->named > o->cases)
        return bb_ctx__fail(ctx, BB_EINVAL, _("named: %ld is not between 0 and %ld"), o->named,
                            o->cases);
    rc = bb_fields__date(ctx, "today", o->today, true, day);
    if (rc == BB_OK)
        *today = demo_day(atoi(day), atoi(day + 5), atoi(day + 8));
    return rc;
}

/* The organisation key that wraps the cases' data keys, and scratch memory for them. */
static int keys(bb_ctx *ctx, demo_ctx *d)
{
    bb_keychain *kc;
    int rc = bb_keychain__get(ctx, &kc);

    if (rc != BB_OK)
        return bb_ctx__fail(ctx, BB_EDENIED, "%s",
                            _("demo data: every case gets its own data key, wrapped by the "
                              "organisation key: unlock first"));
    d->key_version = bb_keychain__current(kc);
    d->org_key = bb_keychain__org_key(kc, d->key_version);
    if (d->org_key == NULL || bb_secret__new(DEMO_POOL_KEYS * BB_BLOB_KEY_BYTES, &d->dk) != BB_OK ||
        bb_secret__new(BB_BLOB_KEY_BYTES, &d->case_dk) != BB_OK)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot make a data key"));
    /* Open for the whole load, released in bb_demo_seed: a million keys, not a million pairs of
     * mprotect calls. Nested reads inside (bb_blob__seal) then cost nothing. */
    d->pool = bb_secret__write(d->dk);
    d->case_key = bb_secret__write(d->case_dk);
    if (d->pool == NULL || d->case_key == NULL || bb_secret__read(d->org_key) == NULL)
        return bb_ctx__fail(ctx, BB_ECRYPTO, "%s", _("cannot make a data key"));
    d->key_open = true;
    return BB_OK;
}

static double seconds(struct timespec a, struct timespec b)
{
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

int bb_demo_seed(bb_ctx *ctx, const bb_demo_options *opts, bb_demo_result *out)
{
    struct timespec t0, t1, t2;
    bb_demo_result res = {0};
    struct seed s = {.o = opts};
    int rc;

    bb_ctx__clear(ctx);
    s.d.res = &res;
    s.d.w = &s.w;
    s.d.buf = s.d.sets[0];
    rc = bb_ctx__org(ctx, &s.d.org);
    if (rc == BB_OK && !demo_uuid_parse(s.d.org, &s.d.org_id))
        rc = bb_ctx__fail(ctx, BB_EINVAL, "%s", _("organisation: its id is not a UUID"));
    if (rc == BB_OK)
        rc = check_options(ctx, opts, &s.w.today);
    if (rc == BB_OK)
        rc = keys(ctx, &s.d);
    if (rc != BB_OK)
        goto done;
    s.w.first_day = s.w.today - 730;
    /* Ids are not seeded: a second organisation seeded alike gets its own. */
    demo_ids_start(&s.d.ids);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = bb_db__txn(ctx, "READ COMMITTED", seed_txn, &s);
    s.loaded = rc == BB_OK;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    res.load_seconds = seconds(t0, t1);
    if (rc == BB_OK && demo_analyze(ctx) != BB_OK)
        bb_ctx__clear(ctx); /* statistics only: autovacuum makes them later anyway */
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc == BB_OK && opts->named > 0)
        rc = demo_name_parties(ctx, s.d.org, opts->named, opts->seed, &res.named);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    res.named_seconds = seconds(t1, t2);
done:
    for (int t = 0; t < T_COUNT; t++) {
        demo_buf_free(&s.d.sets[0][t]);
        demo_buf_free(&s.d.sets[1][t]);
    }
    if (s.d.key_open)
        bb_secret__release(s.d.org_key);
    bb_secret__release(s.d.dk);
    bb_secret__free(s.d.dk);
    if (s.d.case_key != NULL)
        bb_secret__release(s.d.case_dk);
    bb_secret__free(s.d.case_dk);
    demo_indexes_free(&s.ix);
    free(s.w.vols);
    free(s.w.active);
    free(s.w.ever);
    if (out != NULL) /* after a failure in the naming, what was loaded and named */
        *out = rc == BB_OK || res.named > 0 || s.loaded ? res : (bb_demo_result){0};
    return rc;
}
