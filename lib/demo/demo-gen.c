/* One demo case's life, drawn step by step along the usual seven steps (docs: domain.md) and
 * cut at today: whatever would happen after today is not there, so recent cases are open in
 * the status they would have now. Every move follows the workflow table; the shares are those
 * of docs/demo.md: about 70% of started mediations end resolved. */
#include "demo/demo.h"

#include <string.h>

typedef struct gen {
    demo_rng *r;
    demo_world *w;
    demo_case *c;
    bool cut; /* a step fell after today: nothing later happens */
} gen;

/* True when day is still today or before (and nothing was cut yet). */
static bool happens(gen *g, int day)
{
    if (day > g->w->today)
        g->cut = true;
    return !g->cut;
}

/* A time of day for an event on day: office hours, after the previous event of that day. */
static int minute_of(gen *g, int day)
{
    const demo_case *c = g->c;
    int m = demo_rng_range(g->r, 8 * 60 + 30, 17 * 60);

    if (c->n_ev > 0 && c->ev[c->n_ev - 1].day == day && m <= c->ev[c->n_ev - 1].minute)
        m = c->ev[c->n_ev - 1].minute + demo_rng_range(g->r, 1, 20);
    return m;
}

static void move(gen *g, int day, int to)
{
    demo_case *c = g->c;

    if (!happens(g, day) || c->n_ev >= DEMO_MAX_EVENTS)
        return;
    c->ev[c->n_ev] = (demo_event){day, minute_of(g, day), c->status, (signed char)to};
    c->n_ev++;
    c->status = (signed char)to;
}

static void contact(gen *g, int day, int kind, int lo, int hi, bool pair)
{
    demo_case *c = g->c;

    if (!happens(g, day) || c->n_ct >= DEMO_MAX_CONTACTS)
        return;
    c->ct[c->n_ct++] = (demo_contact){day, (signed char)kind,
                                      (short)(demo_rng_range(g->r, lo / 5, hi / 5) * 5), pair};
}

static void close_case(gen *g, int day, int outcome)
{
    move(g, day, ST_AFGESLOTEN);
    if (g->c->status != ST_AFGESLOTEN)
        return;
    g->c->outcome = (signed char)outcome;
    g->c->closed = day;
}

/* Days a step takes: log-normal around median, at least lo. */
static int wait(gen *g, double median, double spread, int lo)
{
    int d = (int)(median * demo_exp(demo_rng_normal(g->r, 0.0, spread)) + 0.5);
    return d < lo ? lo : d;
}

static int pick_of(gen *g, const int *weights, int n)
{
    return demo_rng_pick(g->r, weights, n);
}

/* The referral's status today, its hours so far, and the case's end after it. */
static void referral_course(gen *g, int day)
{
    demo_referral *f = &g->c->ref;
    static const int outcome_w[] = {45, 20, 25, 0, 0, 5, 5, 0};
    int start = day + demo_rng_range(g->r, 5, 15), end = start + wait(g, 60, 0.4, 20);
    int total = demo_rng_range(g->r, 8, 64), today = g->w->today;

    if (demo_rng_chance(g->r, 0.06)) { /* cancelled before it began */
        int cancel = day + demo_rng_range(g->r, 3, 20);
        f->status = cancel <= today ? 3 : 0;
        f->closed = cancel <= today ? cancel : -1;
        close_case(g, cancel + demo_rng_range(g->r, 1, 10), OC_INGETROKKEN);
        return;
    }
    f->outcome = (signed char)pick_of(g, outcome_w, 8);
    f->status = today < start ? 0 : today < end ? 1 : 2;
    f->quarters = today < start ? 0 : today < end ? total * (today - start) / (end - start) : total;
    f->closed = f->status == 2 ? end : -1;
    if (f->status != 2)
        f->outcome = OC_NONE;
    contact(g, end, K_VERWIJZER, 10, 30, false);
    close_case(g, end + demo_rng_range(g->r, 1, 14), f->status == 2 ? f->outcome : OC_OPGELOST);
}

/* Refers the case to professional mediation on day with reason. */
static void refer(gen *g, int day, const char *reason)
{
    demo_referral *f = &g->c->ref;

    move(g, day, ST_DOORVERWEZEN);
    if (g->c->status != ST_DOORVERWEZEN)
        return;
    static const int practice_w[] = {60, 40};
    f->made = true;
    f->practice = pick_of(g, practice_w, 2);
    f->mediator = demo_rng_range(g->r, 0, demo_n_mediators - 1);
    f->reason = reason;
    f->day = day;
    f->outcome = OC_NONE;
    contact(g, day, K_VERWIJZER, 15, 45, false);
    referral_course(g, day);
}

/* Answers at follow-up, better after full agreements than after partial ones. */
static void followup(gen *g, int day, bool partial)
{
    demo_followup *f = &g->c->fu;
    static const int full[] = {70, 22, 8}, part[] = {35, 45, 20};
    bool other = demo_rng_chance(g->r, 0.8);

    contact(g, day, K_NAZORG, 15, 30, true);
    if (!happens(g, day) || !demo_rng_chance(g->r, 0.85))
        return; /* asked, but not recorded: the signal "follow-up due" stays */
    f->made = true;
    f->day = day;
    for (int i = 0; i < 4; i++)
        f->answer[i] = i >= 2 && !other ? -1 : (signed char)pick_of(g, partial ? part : full, 3);
}

/* After agreements: nazorg, the follow-up call about six weeks on, then the closing. */
static void after_agreements(gen *g, int day, int outcome)
{
    int call = demo_workday(day + 42 + demo_rng_range(g->r, -5, 9));

    if (!demo_rng_chance(g->r, 0.7)) {
        close_case(g, day + demo_rng_range(g->r, 1, 10), outcome);
        return;
    }
    move(g, day, ST_NAZORG);
    followup(g, call, outcome == OC_DEELS);
    if (g->c->fu.made)
        close_case(g, call + demo_rng_range(g->r, 0, 10), outcome);
    else
        close_case(g, call + demo_rng_range(g->r, 20, 60), outcome);
}

/* The talks once mediation started (lopend on day). */
static void mediation(gen *g, int day)
{
    /* separate talks resolved, joint resolved, joint partly, not, no contact, moved, by
     * itself, withdrawn, escalated to a professional */
    static const int way_w[] = {25, 30, 15, 11, 5, 4, 4, 3, 3};
    int way = pick_of(g, way_w, 9);

    if (demo_rng_chance(g->r, 0.06)) { /* paused: a party ill, on holiday, ... */
        move(g, day += demo_rng_range(g->r, 5, 20), ST_WACHT);
        move(g, day += demo_rng_range(g->r, 10, 40), ST_LOPEND);
    }
    contact(g, day = demo_workday(day + demo_rng_range(g->r, 2, 10)), K_HUISBEZOEK_A, 45, 90, true);
    if (way == 4) {
        contact(g, day += demo_rng_range(g->r, 5, 15), K_TELEFOON, 5, 15, true);
        close_case(g, day + demo_rng_range(g->r, 7, 21), OC_GEEN_CONTACT);
        return;
    }
    contact(g, day = demo_workday(day + demo_rng_range(g->r, 3, 14)), K_HUISBEZOEK_B, 45, 90, true);
    if (way >= 5 && way <= 7) {
        static const int out[] = {OC_VERHUISD, OC_VANZELF, OC_INGETROKKEN};
        close_case(g, day + wait(g, 14, 0.6, 3), out[way - 5]);
    } else if (way == 8) {
        refer(g, day + demo_rng_range(g->r, 5, 20),
              demo_rng_chance(g->r, 0.6) ? "escalatie" : "vastgelopen");
    } else if (way == 0) {
        after_agreements(g, day + demo_rng_range(g->r, 0, 7), OC_OPGELOST);
    } else {
        bool joint = demo_rng_chance(g->r, 0.75);
        contact(g, day = demo_workday(day + demo_rng_range(g->r, 7, 21)),
                joint ? K_BEMIDDELING : K_PENDEL, 60, 120, true);
        if (way == 3)
            close_case(g, day + demo_rng_range(g->r, 1, 14), OC_NIET);
        else
            after_agreements(g, day + demo_rng_range(g->r, 0, 5),
                             way == 1 ? OC_OPGELOST : OC_DEELS);
    }
}

/* From the intake on (on day): suitable or not, then mediation, referral or closing. */
static void from_intake(gen *g, int day)
{
    static const int early_w[] = {50, 30, 20}; /* withdrawn, by itself, no contact */
    demo_case *c = g->c;

    move(g, day, ST_INTAKE);
    if (c->status != ST_INTAKE)
        return;
    c->intake_day = day;
    contact(g, day, K_TELEFOON, 20, 45, false);
    if (demo_rng_chance(g->r, 0.13)) {
        c->intake_reason = pick_of(g, demo_intake_reasons.weights, demo_intake_reasons.n);
        if (demo_rng_chance(g->r, 0.55))
            refer(g, day + demo_rng_range(g->r, 1, 7),
                  demo_referral_reasons_intake[c->intake_reason]);
        else
            close_case(g, day + demo_rng_range(g->r, 0, 5), OC_NIET_BEMIDDELBAAR);
        return;
    }
    if (demo_rng_chance(g->r, 0.05)) {
        static const int out[] = {OC_INGETROKKEN, OC_VANZELF, OC_GEEN_CONTACT};
        close_case(g, day + demo_rng_range(g->r, 3, 14), out[pick_of(g, early_w, 3)]);
        return;
    }
    move(g, day += demo_rng_range(g->r, 2, 10), ST_LOPEND);
    mediation(g, day);
}

/* Two volunteers: for an open case two active ones under capacity (none free: unpaired, it
 * waits), for a closed one any two who were active. */
static void pair(gen *g)
{
    demo_world *w = g->w;
    demo_case *c = g->c;
    bool open = c->status != ST_AFGESLOTEN;
    int n = open ? w->n_active : w->n_ever, *pool = open ? w->active : w->ever, start, got = 0;

    if (n < 2)
        return;
    start = demo_rng_range(g->r, 0, n - 1);
    for (int i = 0; i < n && got < 2; i++) {
        demo_volunteer *v = &w->vols[pool[(start + i) % n]];
        if (open && v->load >= v->capacity)
            continue;
        c->vol[got++] = pool[(start + i) % n];
    }
    if (got < 2) {
        c->vol[0] = -1;
        return;
    }
    for (int i = 0; open && i < 2; i++)
        w->vols[c->vol[i]].load++;
}

/* Reports fall on weekdays mostly; the types of a case are one to three distinct ones. */
static void report(gen *g, int reported)
{
    static const int n_types_w[] = {65, 28, 7};
    demo_case *c = g->c;
    int villages[16];

    c->reported = reported;
    c->source = pick_of(g, demo_sources.weights, demo_sources.n);
    for (int i = pick_of(g, n_types_w, 3) + 1; i > 0;) {
        int t = pick_of(g, demo_types.weights, demo_types.n);
        if (!(c->types & (1u << t))) {
            c->types = (uint16_t)(c->types | (1u << t));
            i--;
        }
    }
    for (int i = 0; i < demo_n_villages; i++)
        villages[i] = demo_villages[i].weight;
    c->area = demo_rng_chance(g->r, 0.04) ? -1 : pick_of(g, villages, demo_n_villages);
    c->status = ST_AANGEMELD;
    c->ev[0] = (demo_event){reported, demo_rng_range(g->r, 8 * 60 + 30, 17 * 60), -1, ST_AANGEMELD};
    c->n_ev = 1;
}

void demo_gen_case(demo_rng *r, demo_world *w, int reported, demo_case *c)
{
    gen g = {r, w, c, false};
    int day;

    memset(c, 0, sizeof *c);
    c->intake_day = c->intake_reason = c->closed = c->reported_back = -1;
    c->vol[0] = c->vol[1] = -1;
    c->outcome = OC_NONE;
    report(&g, reported);
    if (demo_rng_chance(r, 0.6)) /* the report itself, by phone */
        contact(&g, reported, K_TELEFOON, 10, 30, false);
    day = demo_workday(reported + wait(&g, 5, 0.55, 1));
    if (demo_rng_chance(r, 0.07)) { /* withdrawn or solved before the intake */
        static const int early_w[] = {50, 30, 20};
        static const int out[] = {OC_INGETROKKEN, OC_VANZELF, OC_GEEN_CONTACT};
        close_case(&g, day, out[demo_rng_pick(r, early_w, 3)]);
    } else {
        if (demo_rng_chance(r, 0.04)) {
            move(&g, reported + demo_rng_range(r, 1, 4), ST_WACHT);
            move(&g, day += demo_rng_range(r, 14, 40), ST_AANGEMELD);
        }
        from_intake(&g, day);
    }
    for (int i = 1; i < c->n_ev; i++)
        if (c->ev[i].to == ST_LOPEND && c->ev[i].from == ST_INTAKE)
            pair(&g); /* once: mediation started */
    /* A self-reporter heard the outcome at closing; other referrers are told, mostly. */
    if (c->closed >= 0 && c->source != 0 && demo_rng_chance(r, 0.88)) {
        int back = c->closed + demo_rng_range(r, 1, 21);
        c->reported_back = back <= w->today ? back : -1;
    }
}
