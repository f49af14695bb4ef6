/* The figures' rows of one demo case, made by the generator with the case (schema 0012): the
 * server then only stores them, where bb_stat_load_org and the triggers of schema 0011 would
 * compute them from a join of every event, contact moment and follow-up. Their definitions are
 * in schema/0007-stats.sql (stat_case, stat_participation) and 0011 (stat_pair_day, and
 * bb_stat_day_facts for stat_day, summed in demo-sums.c). Only on the loader's fast path
 * (demo.c), where the triggers that would make them rest; tests/db/test-demo.c compares every
 * figures' table with a rebuild from scratch. */
#include "demo/demo.h"

#include <string.h>

/* bb_case_past_intake (schema 0005): a status after the report. */
static bool past_intake(int status)
{
    return status == ST_INTAKE || status == ST_LOPEND || status == ST_NAZORG ||
           status == ST_DOORVERWEZEN;
}

static bool earlier(const demo_event *a, const demo_event *b)
{
    return a->day < b->day || (a->day == b->day && a->minute < b->minute);
}

/* The least of two days, -1 meaning none (as SQL's least() skips NULL). */
static int least(int a, int b)
{
    return a < 0 ? b : b < 0 || a < b ? a : b;
}

/* The day in the Netherlands (bb_stat_day) of a moment in UTC: summer time (UTC+2) from
 * 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October. */
static int dutch_day(int day, int minute)
{
    int y = demo_year(day), march = demo_day(y, 3, 31), october = demo_day(y, 10, 31);
    long from = (long)(march - demo_weekday(march) % 7) * 1440 + 60;
    long to = (long)(october - demo_weekday(october) % 7) * 1440 + 60;
    long at = (long)day * 1440 + minute;

    return (int)((at + (at >= from && at < to ? 120 : 60)) / 1440);
}

/* What stat_case says of a case beyond its own columns. */
typedef struct facts {
    const demo_event *intake; /* the first move past the report (intake_at), or NULL */
    int apart, joint, nazorg; /* first day of each step; -1 none */
} facts;

static void case_facts(const demo_case *c, facts *f)
{
    *f = (facts){NULL, -1, -1, c->fu.made ? c->fu.day : -1};
    for (int i = 0; i < c->n_ev; i++)
        if (past_intake(c->ev[i].to) && (f->intake == NULL || earlier(&c->ev[i], f->intake)))
            f->intake = &c->ev[i];
    for (int i = 0; i < c->n_ct; i++) {
        int k = c->ct[i].kind, day = c->ct[i].day;
        if (k == K_HUISBEZOEK_A || k == K_HUISBEZOEK_B)
            f->apart = least(f->apart, day);
        else if (k == K_BEMIDDELING || k == K_PENDEL)
            f->joint = least(f->joint, day);
        else if (k == K_NAZORG)
            f->nazorg = least(f->nazorg, day);
    }
}

/* stat_case: case_id, org_id, reported_on, closed_on, source, area, conflict_types, outcome,
 * intake_on, intake_at, apart_on, joint_on, nazorg_on, status_at, status_to. */
static void case_row(demo_ctx *d, const demo_case *c, const demo_uuid *id, const facts *f)
{
    demo_buf *b = &d->buf[T_STAT_CASE];
    size_t names = 0;
    int n = 0;

    for (int i = 0; i < c->n_ev; i++)
        if (c->ev[i].to != ST_AFGESLOTEN) {
            n++;
            names += 4 + strlen(demo_statuses[c->ev[i].to]);
        }
    demo_bin_row(b, 15);
    demo_bin_uuid(b, id);
    demo_bin_uuid(b, &d->org_id);
    demo_bin_date(b, c->reported);
    demo_bin_date(b, c->closed);
    demo_bin_text(b, demo_sources.keys[c->source]);
    demo_bin_text(b, c->area >= 0 ? demo_villages[c->area].name : NULL);
    demo_bin_keys(b, demo_types.keys, demo_types.n, c->types);
    demo_bin_text(b, c->outcome < 0 ? NULL : demo_outcomes[c->outcome]);
    demo_bin_date(b, c->intake_day);
    if (f->intake == NULL)
        demo_bin_null(b);
    else
        demo_bin_time(b, f->intake->day, f->intake->minute);
    demo_bin_date(b, f->apart);
    demo_bin_date(b, f->joint);
    demo_bin_date(b, f->nazorg);
    /* The events but the closing, in their order: timestamptz[] (oid 1184), text[] (25). */
    demo_bin_array(b, 1184, n, (size_t)n * 12);
    for (int i = 0; i < c->n_ev; i++)
        if (c->ev[i].to != ST_AFGESLOTEN)
            demo_bin_time(b, c->ev[i].day, c->ev[i].minute);
    demo_bin_array(b, 25, n, names);
    for (int i = 0; i < c->n_ev; i++)
        if (c->ev[i].to != ST_AFGESLOTEN)
            demo_bin_text(b, demo_statuses[c->ev[i].to]);
}

static const char *const all = "all", *const unknown_area = "onbekend";
static const char *const steps[] = {"melding", "intake", "aparte_gesprekken",
                                    "bemiddelingsgesprek", "nazorg"};
static const char *const shares[] = {"unstarted_other", "unstarted_resolved", "started_other",
                                     "started_resolved"};

/* The facts of a reported and of a closed case (schema 0011, bb_stat_day_facts). */
static void reported_closed_sums(demo_sums *s, const demo_case *c, const facts *f)
{
    int step, resolved;

    demo_sums_fact(s, DEMO_REPORTED, c->reported, DIM_TOTAL, all, 1);
    demo_sums_fact(s, DEMO_REPORTED, c->reported, DIM_SOURCE, demo_sources.keys[c->source], 1);
    demo_sums_fact(s, DEMO_REPORTED, c->reported, DIM_AREA,
                   c->area >= 0 ? demo_villages[c->area].name : unknown_area, 1);
    for (int t = 0; t < demo_types.n; t++)
        if (c->types & (1u << t))
            demo_sums_fact(s, DEMO_REPORTED, c->reported, DIM_TYPE, demo_types.keys[t], 1);
    if (c->closed < 0)
        return;
    step = f->nazorg >= 0 && f->nazorg <= c->closed   ? 4
           : f->joint >= 0 && f->joint <= c->closed   ? 3
           : f->apart >= 0 && f->apart <= c->closed   ? 2
           : c->intake_day >= 0 || f->intake != NULL ? 1
                                                      : 0;
    resolved = c->outcome == OC_OPGELOST || c->outcome == OC_DEELS;
    demo_sums_fact(s, DEMO_CLOSED, c->closed, DIM_TOTAL, all, 1);
    demo_sums_fact(s, DEMO_CLOSED, c->closed, DIM_OUTCOME, demo_outcomes[c->outcome], 1);
    demo_sums_fact(s, DEMO_CLOSED, c->closed, DIM_STEP, steps[step], 1);
    demo_sums_days(s, DEMO_CLOSED, c->closed, DIM_DAYS, c->closed - c->reported);
    demo_sums_fact(s, DEMO_CLOSED, c->closed, DIM_SHARE, shares[(step >= 2) * 2 + resolved], 1);
    if (resolved)
        demo_sums_fact(s, DEMO_CLOSED, c->closed, DIM_RESOLVED_SOURCE,
                       demo_sources.keys[c->source], 1);
}

/* The intake's days, and the open caseload by status: +1 on each day the case enters a status
 * while open, -1 on the day it leaves it (for another status, or closed). */
static void intake_open_sums(demo_sums *s, const demo_case *c, const facts *f)
{
    int days[DEMO_MAX_EVENTS + 1], ev_day[DEMO_MAX_EVENTS], n = 1;

    if (f->intake != NULL) {
        int day = dutch_day(f->intake->day, f->intake->minute);
        demo_sums_days(s, DEMO_INTAKE, day, DIM_DAYS, day > c->reported ? day - c->reported : 0);
    }
    if (c->closed >= 0 && c->reported >= c->closed)
        return;
    /* The days its status may change while open: the report, and its events' days after it. */
    days[0] = c->reported;
    for (int i = 0; i < c->n_ev; i++) {
        int day = ev_day[i] = dutch_day(c->ev[i].day, c->ev[i].minute), j = 0;
        if (c->ev[i].to == ST_AFGESLOTEN || day <= c->reported ||
            (c->closed >= 0 && day >= c->closed))
            continue;
        while (j < n && days[j] != day)
            j++;
        if (j == n)
            days[n++] = day;
    }
    for (int i = 1; i < n; i++) /* in order: a few elements */
        for (int j = i; j > 0 && days[j - 1] > days[j]; j--) {
            int t = days[j];
            days[j] = days[j - 1];
            days[j - 1] = t;
        }
    for (int k = 0; k < n; k++) {
        /* The status from that day on: its last event on or before it, but the closing. */
        const char *status = demo_statuses[ST_AANGEMELD];
        int until = k + 1 < n ? days[k + 1] : c->closed;
        for (int i = 0; i < c->n_ev; i++)
            if (c->ev[i].to != ST_AFGESLOTEN && ev_day[i] <= days[k])
                status = demo_statuses[c->ev[i].to];
        demo_sums_fact(s, DEMO_OPEN, days[k], DIM_STATUS, status, 1);
        if (until >= 0)
            demo_sums_fact(s, DEMO_OPEN, until, DIM_STATUS, status, -1);
    }
}

/* stat_participation: contact_id, volunteer_id, org_id, case_id, contact_on, minutes; one
 * row per row of contact_volunteer (demo-rows.c: the pair, at the moments they took part). */
static void participation_rows(demo_ctx *d, const demo_case *c, const demo_uuid *id,
                               const demo_uuid *contacts)
{
    demo_buf *b = &d->buf[T_STAT_PART];

    for (int i = 0; i < c->n_ct; i++)
        for (int k = 0; c->ct[i].with_pair && c->vol[0] >= 0 && k < 2; k++) {
            demo_bin_row(b, 6);
            demo_bin_uuid(b, &contacts[i]);
            demo_bin_uuid(b, &d->w->vols[c->vol[k]].uid);
            demo_bin_uuid(b, &d->org_id);
            demo_bin_uuid(b, id);
            demo_bin_date(b, c->ct[i].day);
            demo_bin_int4(b, c->ct[i].minutes);
        }
}

/* stat_pair_day: org_id, volunteer_id, case_id, day, prev_on, minutes: for each of the pair,
 * the days they took part, in order, with the day before and the minutes of the day. */
static void pair_day_rows(demo_ctx *d, const demo_case *c, const demo_uuid *id)
{
    demo_buf *b = &d->buf[T_STAT_PAIR];
    int days[DEMO_MAX_CONTACTS], n = 0;
    long long minutes[DEMO_MAX_CONTACTS];

    if (c->vol[0] < 0)
        return;
    for (int i = 0; i < c->n_ct; i++) {
        int j = 0;
        if (!c->ct[i].with_pair)
            continue;
        while (j < n && days[j] != c->ct[i].day)
            j++;
        if (j == n) {
            days[n] = c->ct[i].day;
            minutes[n++] = 0;
        }
        minutes[j] += c->ct[i].minutes;
    }
    for (int i = 1; i < n; i++) /* by day: a few elements */
        for (int j = i; j > 0 && days[j - 1] > days[j]; j--) {
            int t = days[j];
            long long m = minutes[j];
            days[j] = days[j - 1], minutes[j] = minutes[j - 1];
            days[j - 1] = t, minutes[j - 1] = m;
        }
    for (int k = 0; k < 2; k++)
        for (int j = 0; j < n; j++) {
            demo_bin_row(b, 6);
            demo_bin_uuid(b, &d->org_id);
            demo_bin_uuid(b, &d->w->vols[c->vol[k]].uid);
            demo_bin_uuid(b, id);
            demo_bin_date(b, days[j]);
            demo_bin_date(b, j > 0 ? days[j - 1] : -1);
            demo_bin_int8(b, minutes[j]);
            demo_sums_pair(&d->sums, days[j], j > 0 ? days[j - 1] : -1, minutes[j]);
        }
}

void demo_stat_rows(demo_ctx *d, const demo_case *c, const demo_uuid *id,
                    const demo_uuid *contacts)
{
    facts f;

    case_facts(c, &f);
    case_row(d, c, id, &f);
    reported_closed_sums(&d->sums, c, &f);
    intake_open_sums(&d->sums, c, &f);
    participation_rows(d, c, id, contacts);
    pair_day_rows(d, c, id);
}
