/* The figures in words: metrics, dimensions and categories as bbctl's summary and exports and
 * bbtui's figures screen say them, in English marked for translation. The keys of libbb's
 * lists (sources, conflict types, outcomes, statuses) in libbb's own words (bb_vocab_label). */
#include "bb/stats.h"
#include "base/i18n.h"

#include <string.h>

typedef struct label {
    const char *key, *text;
} label;

static const label metric_labels[] = {
    {"reports_new", N_("New reports")},
    {"cases_closed", N_("Closed cases")},
    {"share_resolved", N_("Share resolved, of cases where mediation started")},
    {"step_reached", N_("Furthest step reached by the closed cases")},
    {"lead_time_intake_days", N_("Days from report to intake")},
    {"lead_time_close_days", N_("Days from report to closing")},
    {"open_at_end", N_("Open cases at the end of the period")},
    {"waiting_intake", N_("Waiting for an intake at the end of the period")},
    {"referrals", N_("Referrals to professional mediation")},
    {"referral_hours", N_("Hours of professional mediation")},
    {"referral_cost", N_("Cost of professional mediation (euro)")},
    {"volunteers", N_("Volunteers at the end of the period")},
    {"followup_improved", N_("Situation improved at follow-up")},
    {"workload_avoided_hours", N_("Partner work avoided in hours (estimate)")},
    {NULL, NULL},
};

static const label dimension_labels[] = {
    {"total", N_("Total")},           {"source", N_("By referral source")},
    {"type", N_("By conflict type")}, {"area", N_("By area")},
    {"outcome", N_("By outcome")},    {"step", N_("By step")},
    {"status", N_("By status")},      {"practice", N_("By practice")},
    {"partner", N_("By partner")},    {NULL, NULL},
};

/* Categories of the figures' own; the keys of libbb's lists (sources, conflict types,
 * outcomes, statuses) in libbb's words (bb_vocab_label), as every screen says them. */
static const label category_labels[] = {
    {"all", N_("Total")},
    {"median", N_("Median")},
    {"p90", N_("90th percentile")},
    {"year_to_date", N_("This year so far")},
    {"budget", N_("Budget of the year")},
    {"budget_used_pct", N_("Budget used (%)")},
    {"cases_per_active", N_("Cases per active volunteer")},
    {"hours_per_active", N_("Hours per active volunteer")},
    {"melding", N_("Report only")},
    {"aparte_gesprekken", N_("Separate talks")},
    {"bemiddelingsgesprek", N_("Joint or shuttle meeting")},
    {NULL, NULL},
};

/* Keys whose label depends on the dimension. */
static const struct {
    const char *dimension, *key, *text;
} contextual[] = {
    {"step", "intake", N_("Intake only")},
    {"step", "nazorg", N_("Follow-up")},
    {"area", "onbekend", N_("(no area)")},
};

/* The dimensions whose categories are the keys of one of libbb's lists. */
static const struct {
    const char *dimension;
    bb_vocab vocab;
} listed[] = {
    {"source", BB_VOCAB_SOURCE},   {"partner", BB_VOCAB_SOURCE},
    {"type", BB_VOCAB_CONFLICT_TYPE}, {"outcome", BB_VOCAB_OUTCOME},
    {"status", BB_VOCAB_STATUS},
};

static const char *find_label(const label *list, const char *key)
{
    for (; list->key != NULL; list++)
        if (strcmp(list->key, key) == 0)
            return _(list->text);
    return key;
}

const char *bb_stats_metric_label(const char *metric)
{
    return find_label(metric_labels, metric);
}

const char *bb_stats_dimension_label(const char *dimension)
{
    return find_label(dimension_labels, dimension);
}

const char *bb_stats_category_label(const char *metric, const char *dimension,
                                    const char *category)
{
    if (strcmp(dimension, "practice") == 0 ||
        (strcmp(dimension, "area") == 0 && strcmp(category, "onbekend") != 0))
        return category; /* a name of the organisation's own */
    /* Volunteer statuses share keys with case statuses; the metric tells them apart. */
    if (strcmp(metric, "volunteers") == 0 && strcmp(dimension, "status") == 0)
        return bb_vocab_label(BB_VOCAB_VOLUNTEER_STATUS, category);
    for (size_t i = 0; i < sizeof contextual / sizeof contextual[0]; i++)
        if (strcmp(contextual[i].dimension, dimension) == 0 &&
            strcmp(contextual[i].key, category) == 0)
            return _(contextual[i].text);
    for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++)
        if (strcmp(listed[i].dimension, dimension) == 0)
            return bb_vocab_label(listed[i].vocab, category);
    return find_label(category_labels, category);
}

