/* Recording a follow-up (nazorg) of a case (F on the case screen): the date (today filled
 * in) and, for the reporting party and the other party, whether the agreements hold and
 * whether the situation improved (yes, partly, no, or not asked), from lists. Saved with
 * bb_followup_add under an id made when the form opens, so a save retried after a lost
 * connection stores it once. A follow-up is a new row, never a change of one, so there is no
 * version to conflict with. Plain answers only: no keys needed. The rest is the form engine's
 * (form-engine.h). */
#include "form-engine.h"
#include "labels.h"

#include <stdio.h>

enum {
    F_DATE,
    F_MELDER_AGREEMENTS,
    F_MELDER_IMPROVED,
    F_WEDER_AGREEMENTS,
    F_WEDER_IMPROVED,
    NFIELDS
};

typedef struct followupv {
    char id[BB_UUID_SIZE];
    char number[BB_NUMBER_SIZE];
} followupv;

/* yes, partly, no, and "" for not asked. */
static void answer_list(tui_form *f, int i, tui_field_list *out)
{
    const char *const *answers = bb_followup_answers();

    for (size_t k = 0; answers[k] != NULL; k++)
        tui_field_list_add(out, answers[k], tui_followup_answer(answers[k]));
    tui_field_list_add(out, "", tui_followup_answer(""));
}

/* clang-format off */
#define ANSWER(label, api)                                                                         \
    {label, api, N_("Enter or F4: yes, partly, no, or not asked"), .kind = TUI_FIELD_PICK,         \
     .width = 12, .list = answer_list}
/* clang-format on */
static const tui_field_spec fields[NFIELDS] = {
    {N_("Date"), "date", N_("YYYY-MM-DD (today is filled in)"), .width = 10},
    /* libbb's "answers: none given" goes on the first answer */
    ANSWER(N_("Reporting party: agreements hold"), "melder-agreements|answers"),
    ANSWER(N_("Reporting party: situation improved"), "melder-improved"),
    ANSWER(N_("Other party: agreements hold"), "wederpartij-agreements"),
    ANSWER(N_("Other party: situation improved"), "wederpartij-improved"),
};

static int followup_load(tui_form *f, const void *arg)
{
    const bb_case *cs = arg;
    followupv *fu = tui_form_data(f);
    char today[BB_DATE_SIZE];

    bb_uuid_generate(fu->id); /* kept across retries */
    snprintf(fu->number, sizeof fu->number, "%s", cs->number);
    tui_today(today);
    tui_form_set(f, F_DATE, today);
    return BB_OK;
}

/* An answer given: "none given" no longer holds. */
static void followup_chosen(tui_form *f, int i)
{
    if (tui_form_get(f, i)[0] != '\0')
        for (int k = F_MELDER_AGREEMENTS; k < NFIELDS; k++)
            tui_form_unmark(f, k);
}

static int followup_save(tui_form *f)
{
    const followupv *fu = tui_form_data(f);
    bb_followup_new in = {
        .id = fu->id,
        .case_number = fu->number,
        .date = tui_form_value(f, F_DATE),
        .melder_agreements = tui_form_value(f, F_MELDER_AGREEMENTS),
        .melder_improved = tui_form_value(f, F_MELDER_IMPROVED),
        .wederpartij_agreements = tui_form_value(f, F_WEDER_AGREEMENTS),
        .wederpartij_improved = tui_form_value(f, F_WEDER_IMPROVED),
    };

    return bb_followup_add(tui_form_app(f)->ctx, &in, NULL);
}

static const char *followup_title(tui_form *f, char *buf, size_t n)
{
    snprintf(buf, n, _("Follow-up, case %s"), ((followupv *)tui_form_data(f))->number);
    return buf;
}

static const tui_form_def followup_form = {
    .fields = fields,
    .n = NFIELDS,
    .heading = N_("Follow-up: fill in, then F2 (or Ctrl-S) saves; Esc leaves."),
    .waiting = N_("Waiting for the database: the follow-up is saved as soon as it is back."),
    .label_width = 38,
    .data_size = sizeof(followupv),
    .load = followup_load,
    .save = followup_save,
    .done = N_("Follow-up recorded."),
    .chosen = followup_chosen,
    .title = followup_title,
};

const tui_view_ops tui_view_followup = TUI_FORM_VIEW("followup", 0, &followup_form);
