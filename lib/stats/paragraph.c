/* The Dutch paragraph for the safety note's "Buurtbemiddeling" section. The Dutch here is the
 * product, not a translation: it is written in Dutch and never goes through gettext. Only
 * published figures are used (hidden ones are said to be small, never guessed), numbers are
 * written the Dutch way (71,4; 1.234; € 1.187,50), and every count agrees with its noun and
 * verb: "1 melding is", "3 meldingen zijn", "geen meldingen zijn", "minder dan 5 ... zijn". */
#include "bb/stats.h"
#include "bb/error.h"
#include "stats/stats.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *p;
    size_t len, cap;
    bool oom;
} buf;

static void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (b->oom)
        return;
    va_start(ap, fmt);
    n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    if (n >= 0 && b->len + (size_t)n + 1 > b->cap) {
        size_t cap = (b->len + (size_t)n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
        va_start(ap, fmt);
        n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    if (n > 0)
        b->len += (size_t)n;
}

/* A number as the database wrote it ("12345.5") the Dutch way ("12.345,5"): a decimal comma,
 * and points between thousands from 10.000 on (1234 stays 1234, as the note writes 2400), or
 * from 1.000 on for amounts of money. */
static void nl_digits(const char *value, char *out, size_t size, size_t group_from)
{
    const char *dot = strchr(value, '.');
    size_t whole = dot ? (size_t)(dot - value) : strlen(value);
    size_t o = 0;

    for (size_t i = 0; i < whole && o + 2 < size; i++) {
        if (whole >= group_from && i > 0 && (whole - i) % 3 == 0)
            out[o++] = '.';
        out[o++] = value[i];
    }
    if (dot != NULL && o + 1 < size)
        o += (size_t)snprintf(out + o, size - o, ",%s", dot + 1);
    out[o < size ? o : size - 1] = '\0';
}

static void nl_number(const char *value, char *out, size_t size)
{
    nl_digits(value, out, size, 5);
}

static const bb_stat_row *row(const bb_stats *s, int prev, const char *m, const char *d,
                              const char *c)
{
    return bb_stats_find(s, prev, m, d, c);
}

static bool shown(const bb_stat_row *r)
{
    return r != NULL && !r->suppressed;
}

/* Singular only for exactly one shown: "minder dan 5" and "geen" take the plural. */
static bool one(const bb_stat_row *r)
{
    return shown(r) && r->number == 1;
}

/* "1", "23", "geen", "minder dan 5": a count without its noun. */
static void bare(buf *b, const bb_stats *s, const bb_stat_row *r)
{
    char n[BB_STATS_VALUE_SIZE + 8];

    if (r == NULL || r->suppressed)
        put(b, "minder dan %d", s->k);
    else if (r->number == 0)
        put(b, "geen");
    else {
        nl_number(r->value, n, sizeof n);
        put(b, "%s", n);
    }
}

/* "1 melding", "23 meldingen", "geen meldingen", "minder dan 5 meldingen". */
static void count(buf *b, const bb_stats *s, const bb_stat_row *r, const char *sing,
                  const char *plur)
{
    char n[BB_STATS_VALUE_SIZE + 8];

    if (r == NULL || r->suppressed)
        put(b, "minder dan %d %s", s->k, plur);
    else if (r->number == 0)
        put(b, "geen %s", plur);
    else {
        nl_number(r->value, n, sizeof n);
        put(b, "%s %s", n, one(r) ? sing : plur);
    }
}

static const char *const months[] = {"januari",   "februari", "maart",    "april",
                                     "mei",       "juni",     "juli",     "augustus",
                                     "september", "oktober",  "november", "december"};

/* "1 juli 2024"; with_year false: "1 juli". */
static void nl_date(buf *b, const char *date, bool with_year)
{
    int y, m, d;

    if (sscanf(date, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
        return;
    put(b, "%d %s", d, months[m - 1]);
    if (with_year)
        put(b, " %d", y);
}

static void nl_range(buf *b, const bb_stats_period *p)
{
    nl_date(b, p->from, strncmp(p->from, p->to, 4) != 0);
    put(b, " tot en met ");
    nl_date(b, p->to, true);
}

/* The opening adverbial: "In het derde kwartaal van 2024 (1 juli tot en met 30 september
 * 2024)", "Sinds de eerste melding op 6 mei 2024", ... */
static void opening(buf *b, const bb_stats_period *p)
{
    static const char *const nth[] = {"eerste", "tweede", "derde", "vierde"};

    if (p->kind == BB_STATS_QUARTER || p->kind == BB_STATS_HALF) {
        put(b, "In het %s %s van %d (", nth[p->part - 1],
            p->kind == BB_STATS_QUARTER ? "kwartaal" : "halfjaar", p->year);
        nl_range(b, p);
        put(b, ")");
    } else if (p->kind == BB_STATS_YEAR) {
        put(b, "In %d", p->year);
    } else if (p->kind == BB_STATS_PILOT) {
        put(b, "Sinds de eerste melding op ");
        nl_date(b, p->from, true);
    } else {
        put(b, "In de periode van ");
        nl_range(b, p);
    }
}

/* How the period before is named after "tegen 17". */
static const char *before(const bb_stats_period *p)
{
    switch (p->kind) {
    case BB_STATS_QUARTER:
        return "in het kwartaal daarvoor";
    case BB_STATS_HALF:
        return "in het halfjaar daarvoor";
    case BB_STATS_YEAR:
        return "in het jaar daarvoor";
    default:
        return "in de even lange periode daarvoor";
    }
}

static void reports(buf *b, const bb_stats *s)
{
    const bb_stat_row *r = row(s, 0, "reports_new", "total", "all");
    const bb_stat_row *q = s->has_previous ? row(s, 1, "reports_new", "total", "all") : NULL;
    char n[BB_STATS_VALUE_SIZE + 8];

    opening(b, &s->period);
    put(b, " %s ", one(r) ? "is" : "zijn");
    count(b, s, r, "melding", "meldingen");
    put(b, " bij Buurtbemiddeling binnengekomen");
    if (shown(r) && shown(q) && (r->number != 0 || q->number != 0)) {
        nl_number(q->value, n, sizeof n);
        put(b, ", tegen %s %s", n, before(&s->period));
    }
    put(b, ".");
}

/* The Dutch words for the categories the paragraph names. */
static const struct {
    const char *key, *words;
} words[] = {
    {"zelfmelder", "bewoners zelf"},
    {"politie", "de politie"},
    {"woningcorporatie", "de woningcorporatie"},
    {"gemeente", "de gemeente"},
    {"welzijn", "welzijn en het sociaal team"},
    {"zorg", "de zorg (huisarts, ggz)"},
    {"anders", "anderen"},
    {"geluid_personen", "geluidsoverlast door personen"},
    {"geluid_apparatuur", "geluidsoverlast door apparatuur of muziek"},
    {"huisdieren", "huisdieren"},
    {"kinderen", "kinderen"},
    {"tuin_erfgrens", "tuin, erfgrens of schutting"},
    {"bomen_beplanting", "bomen en beplanting"},
    {"parkeren", "parkeren"},
    {"rommel_vuilnis", "rommel, vuilnis of vervuiling"},
    {"stank_rook", "stank of rook"},
    {"pesten", "pesten en treiteren"},
    {"intimidatie", "intimidatie of bedreiging"},
    {"roddel_communicatie", "roddel en communicatie"},
    {"leefgewoonten", "storende leefgewoonten"},
    {"vernielingen", "vernielingen"},
    {"overig", "overige zaken"},
};

static const char *dutch(const char *key)
{
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].key, key) == 0)
            return words[i].words;
    return key;
}

/* The (at most) three largest shown non-zero cells of a dimension, largest first (the first
 * of equal ones first). */
static size_t top3(const bb_stats *s, const char *metric, const char *dim,
                   const bb_stat_row *top[3])
{
    size_t n = 0;

    for (size_t i = 0; i < s->n_rows; i++) {
        const bb_stat_row *r = &s->rows[i];
        size_t at = n;
        if (r->previous || r->suppressed || r->number <= 0 || strcmp(r->metric, metric) != 0 ||
            strcmp(r->dimension, dim) != 0)
            continue;
        while (at > 0 && top[at - 1]->number < r->number)
            at--;
        if (at >= 3)
            continue;
        for (size_t j = n < 3 ? n : 2; j > at; j--)
            top[j] = top[j - 1];
        top[at] = r;
        n += n < 3;
    }
    return n;
}

/* "bewoners zelf (12), de politie (5) en de woningcorporatie (4)". */
static void listing(buf *b, const bb_stat_row *top[3], size_t n)
{
    char v[BB_STATS_VALUE_SIZE + 8];

    for (size_t i = 0; i < n; i++) {
        nl_number(top[i]->value, v, sizeof v);
        put(b, "%s%s (%s)", i == 0 ? "" : i + 1 == n ? " en " : ", ", dutch(top[i]->category), v);
    }
}

static void mix(buf *b, const bb_stats *s)
{
    const bb_stat_row *top[3];
    size_t n = top3(s, "reports_new", "source", top);

    if (n > 0) {
        put(b, n == 1 ? " De meeste meldingen kwamen van " : " De meldingen kwamen vooral van ");
        listing(b, top, n);
        put(b, ".");
    }
    n = top3(s, "reports_new", "type", top);
    if (n > 0) {
        put(b, " Het ging vooral om ");
        listing(b, top, n);
        put(b, ".");
    }
}

/* "is 1 zaak afgesloten", "zijn 19 zaken afgesloten". */
static void closed(buf *b, const bb_stats *s)
{
    const bb_stat_row *r = row(s, 0, "cases_closed", "total", "all");
    const bb_stat_row *share = row(s, 0, "share_resolved", "total", "all");
    char v[BB_STATS_VALUE_SIZE + 8];

    if (r == NULL)
        return;
    put(b, " In dezelfde periode %s ", one(r) ? "is" : "zijn");
    count(b, s, r, "zaak", "zaken");
    put(b, " afgesloten.");
    if (shown(share)) {
        nl_number(share->value, v, sizeof v);
        put(b,
            " Van de afgesloten zaken waarin de bemiddeling daadwerkelijk van start ging"
            " (ten minste een gesprek met een van de partijen), is %s%% geheel of"
            " gedeeltelijk opgelost.",
            v);
    }
}

/* "6 dagen", "1 dag", "6,5 dagen". */
static void days(buf *b, const bb_stat_row *r)
{
    char v[BB_STATS_VALUE_SIZE + 8];

    nl_number(r->value, v, sizeof v);
    put(b, "%s %s", v, r->number == 1 ? "dag" : "dagen");
}

static void lead_times(buf *b, const bb_stats *s)
{
    const bb_stat_row *in = row(s, 0, "lead_time_intake_days", "total", "median");
    const bb_stat_row *cl = row(s, 0, "lead_time_close_days", "total", "median");

    if (!shown(in) && !shown(cl))
        return;
    put(b, " De doorlooptijd (mediaan) was ");
    if (shown(in)) {
        days(b, in);
        put(b, " van melding tot intake");
    }
    if (shown(in) && shown(cl))
        put(b, " en ");
    if (shown(cl)) {
        days(b, cl);
        put(b, " van melding tot afsluiting");
    }
    put(b, ".");
}

static void open_cases(buf *b, const bb_stats *s)
{
    const bb_stat_row *o = row(s, 0, "open_at_end", "total", "all");
    const bb_stat_row *w = row(s, 0, "waiting_intake", "total", "all");

    if (o == NULL)
        return;
    if (shown(o) && o->number == 0) {
        put(b, " Aan het einde van de periode liepen er geen zaken meer.");
        return;
    }
    put(b, " Aan het einde van de periode %s er nog ", one(o) ? "liep" : "liepen");
    count(b, s, o, "zaak", "zaken");
    if (shown(o) && o->number > 0 && w != NULL) {
        put(b, ", waarvan er ");
        bare(b, s, w);
        put(b, " op een intake %s",
            one(w) || (shown(w) && w->number == 0) ? "wachtte" : "wachtten");
    }
    put(b, ".");
}

/* "€ 1.187,50" */
static void euros(buf *b, const bb_stat_row *r)
{
    char v[BB_STATS_VALUE_SIZE + 8];

    nl_digits(r->value, v, sizeof v, 4);
    put(b, "€ %s", v);
}

static void mediation(buf *b, const bb_stats *s)
{
    const bb_stat_row *r = row(s, 0, "referrals", "total", "all");
    const bb_stat_row *h = row(s, 0, "referral_hours", "total", "all");
    const bb_stat_row *c = row(s, 0, "referral_cost", "total", "all");
    const bb_stat_row *pct = row(s, 0, "referral_cost", "total", "budget_used_pct");
    char v[BB_STATS_VALUE_SIZE + 8];

    if (r == NULL)
        return;
    put(b, " Er %s ", one(r) ? "is" : "zijn");
    count(b, s, r, "verwijzing", "verwijzingen");
    put(b, " naar professionele mediation gedaan");
    if (shown(r) && r->number > 0 && shown(h) && shown(c)) {
        nl_number(h->value, v, sizeof v);
        put(b, ", met tot nu toe %s uur mediation (", v);
        euros(b, c);
        put(b, ")");
    }
    put(b, ".");
    /* The share is of all the year's referrals up to the period's end, not of the period's
     * spend just named: the sentence says so. */
    if (shown(pct)) {
        nl_number(pct->value, v, sizeof v);
        put(b, " Van het mediationbudget voor %.4s is van 1 januari tot en met ", s->period.to);
        nl_date(b, s->period.to, true);
        put(b, " %s%% besteed.", v);
    }
}

static void volunteers(buf *b, const bb_stats *s)
{
    const bb_stat_row *a = row(s, 0, "volunteers", "status", "actief");
    const bb_stat_row *t = row(s, 0, "volunteers", "status", "in_opleiding");

    if (a == NULL)
        return;
    put(b, " Op dat moment %s ", one(a) ? "was" : "waren");
    count(b, s, a, "vrijwilliger", "vrijwilligers");
    put(b, " actief als buurtbemiddelaar");
    if (t != NULL && !(shown(t) && t->number == 0)) {
        put(b, " en %s er ", one(t) ? "was" : "waren");
        bare(b, s, t);
        put(b, " in opleiding");
    }
    put(b, ".");
}

static void followup(buf *b, const bb_stats *s)
{
    const bb_stat_row *f = row(s, 0, "followup_improved", "total", "all");
    char v[BB_STATS_VALUE_SIZE + 8];

    if (!shown(f))
        return;
    nl_number(f->value, v, sizeof v);
    put(b,
        " Bij de nazorg gaven de partijen in %s%% van de zaken aan dat de situatie was"
        " verbeterd.",
        v);
}

static void workload(buf *b, const bb_stats *s)
{
    const bb_stat_row *w = row(s, 0, "workload_avoided_hours", "total", "all");
    char v[BB_STATS_VALUE_SIZE + 8];

    if (!shown(w) || w->number <= 0)
        return;
    nl_number(w->value, v, sizeof v);
    put(b,
        " Buurtbemiddeling heeft politie, woningcorporatie en gemeente naar schatting %s uur"
        " werk bespaard (een schatting op basis van de ingestelde uren per opgeloste zaak:"
        " politie %d, woningcorporatie %d, gemeente %d).",
        v, bb_stats_param_get(s, "stats.hours_avoided.politie", 0),
        bb_stats_param_get(s, "stats.hours_avoided.woningcorporatie", 0),
        bb_stats_param_get(s, "stats.hours_avoided.gemeente", 0));
}

int bb_stats_paragraph(const bb_stats *s, char **out)
{
    buf b = {0};

    *out = NULL;
    reports(&b, s);
    mix(&b, s);
    closed(&b, s);
    lead_times(&b, s);
    open_cases(&b, s);
    volunteers(&b, s);
    mediation(&b, s);
    followup(&b, s);
    workload(&b, s);
    if (s->exact)
        put(&b, " Dit zijn interne, exacte cijfers, niet voor publicatie.");
    else
        put(&b,
            " Om de privacy van betrokkenen te beschermen, zijn alle aantallen licht verstoord"
            " (hooguit 3 hoger of lager, zodat totalen niet precies optellen), worden aantallen"
            " kleiner dan %d niet genoemd en zijn uren en kosten afgerond.",
            s->k);
    if (b.oom || b.p == NULL) {
        free(b.p);
        return BB_ENOMEM;
    }
    *out = b.p;
    return BB_OK;
}
