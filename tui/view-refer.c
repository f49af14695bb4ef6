/* Referring a case to professional mediation (D on the case screen): the practice (a list of
 * the organisation's practices), the reason (a list), the date (today filled in) and the
 * mediator when known. Saved with bb_referral_create under an id made when the form opens, so a
 * save retried after a lost connection refers once. A practice over its budget of the year
 * after this referral is said with the saving, as bbctl warns: the referral stands. */
#include "form-engine.h"
#include "labels.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_PRACTICE, F_REASON, F_DATE, F_MEDIATOR, NFIELDS };

typedef struct referv {
    char id[BB_UUID_SIZE];
    char number[BB_NUMBER_SIZE];
    bb_practice_list *practices;
} referv;

static void practice_list(tui_form *f, int i, tui_field_list *out)
{
    const referv *r = tui_form_data(f);

    for (size_t k = 0; r->practices != NULL && k < r->practices->n; k++)
        tui_field_list_add(out, r->practices->items[k].name, r->practices->items[k].name);
}

static void reason_list(tui_form *f, int i, tui_field_list *out)
{
    const char *const *reasons = bb_referral_reasons();

    for (size_t k = 0; reasons[k] != NULL; k++)
        tui_field_list_add(out, reasons[k], reasons[k]);
}

static const tui_field_spec fields[NFIELDS] = {
    {N_("Practice"), "practice", N_("Enter or F4: the practice of professional mediation"),
     .kind = TUI_FIELD_PICK, .width = 40, .list = practice_list,
     .empty = N_("No practices yet: add one with bbctl practice add.")},
    {N_("Reason"), "reason", N_("Enter or F4: why the case goes to a professional"),
     .kind = TUI_FIELD_PICK, .width = 20, .list = reason_list},
    {N_("Date"), "date", N_("YYYY-MM-DD (today is filled in)"), .width = 10},
    {N_("Mediator"), "mediator", N_("The professional's name, when known (optional)"),
     .width = 40, .max = BB_MEDIATOR_MAX},
};

static int refer_load(tui_form *f, const void *arg)
{
    const bb_case *cs = arg;
    referv *r = tui_form_data(f);
    char today[BB_DATE_SIZE];
    int rc = bb_practice_list_get(tui_form_app(f)->ctx, 0, &r->practices);

    if (rc != BB_OK) {
        tui_fail(tui_form_app(f), rc, _("Cannot read the practices"));
        return rc;
    }
    snprintf(r->number, sizeof r->number, "%s", cs->number);
    bb_uuid_generate(r->id); /* kept across retries */
    tui_today(today);
    tui_form_set(f, F_DATE, today);
    return BB_OK;
}

static int refer_save(tui_form *f)
{
    const referv *r = tui_form_data(f);
    bb_referral_new in = {r->id,
                          r->number,
                          tui_form_value(f, F_PRACTICE),
                          tui_form_value(f, F_MEDIATOR),
                          tui_form_value(f, F_REASON),
                          tui_form_value(f, F_DATE)};
    bb_referral *out = NULL;
    int rc = bb_referral_create(tui_form_app(f)->ctx, &in, &out);

    bb_referral_free(out);
    return rc;
}

/* "Referred." and, when the practice is over its budget now, by how much. */
static void refer_saved(tui_form *f)
{
    const referv *r = tui_form_data(f);
    bb_budget_use use;
    char msg[400], cost[32], budget[32], v[32];
    char decimal = *localeconv()->decimal_point;

    snprintf(msg, sizeof msg, "%s", _("Case referred to professional mediation."));
    if (bb_referral_budget_get(tui_form_app(f)->ctx, r->id, &use) == BB_OK &&
        use.budget_cents >= 0 && use.cost_cents > use.budget_cents) {
        snprintf(v, sizeof v, "%lld.%02lld", use.cost_cents / 100, use.cost_cents % 100);
        bb_stats_euros(v, decimal, cost, sizeof cost);
        snprintf(v, sizeof v, "%lld.%02lld", use.budget_cents / 100, use.budget_cents % 100);
        bb_stats_euros(v, decimal, budget, sizeof budget);
        snprintf(msg, sizeof msg, _("Referred; %s is over budget: %s of %s in %d."),
                 tui_form_get(f, F_PRACTICE), cost, budget, use.year);
    }
    tui_form_done(f, msg);
}

static const char *refer_title(tui_form *f, char *buf, size_t n)
{
    snprintf(buf, n, _("Refer case %s"), ((referv *)tui_form_data(f))->number);
    return buf;
}

static void refer_close(tui_form *f)
{
    bb_practice_list_free(((referv *)tui_form_data(f))->practices);
}

static const tui_form_def refer_form = {
    .fields = fields,
    .n = NFIELDS,
    .heading = N_("Referral to professional mediation: fill in, then F2 (or Ctrl-S); Esc leaves."),
    .waiting = N_("Waiting for the database: the case is referred as soon as it is back."),
    .label_width = 12,
    .data_size = sizeof(referv),
    .load = refer_load,
    .save = refer_save,
    .saved = refer_saved,
    .title = refer_title,
    .close = refer_close,
};

const tui_view_ops tui_view_refer = TUI_FORM_VIEW("refer", 0, &refer_form);
