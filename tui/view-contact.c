/* Logging a contact moment of a case (a on the case screen): kind (a list), date (today filled
 * in), minutes, the volunteers who took part (of the case's pair), a note. Saved with
 * bb_contact_add under an id made when the form opens, so a save retried after a lost
 * connection stores it once. Back on the case screen the timeline is read again. The rest is
 * the form engine's (form-engine.h). */
#include "form-engine.h"
#include "labels.h"

#include <stdio.h>
#include <stdlib.h>

enum { F_KIND, F_DATE, F_MINUTES, F_WITH, F_NOTE, NFIELDS };

typedef struct contactv {
    char id[BB_UUID_SIZE];
    char number[BB_NUMBER_SIZE];
    char pair[2][BB_NUMBER_SIZE]; /* the case's volunteers, who may have taken part */
    int n_pair;
} contactv;

static void pair_list(tui_form *f, int i, tui_field_list *out)
{
    const contactv *c = tui_form_data(f);

    for (int k = 0; k < c->n_pair; k++)
        tui_field_list_add(out, c->pair[k], c->pair[k]);
}

/* Minutes as a whole number from 0 to BB_MINUTES_MAX into *out; false when not. */
static bool minutes_of(const char *value, long *out)
{
    char *end;

    *out = strtol(value, &end, 10);
    return *end == '\0' && *out >= 0 && *out <= BB_MINUTES_MAX;
}

static bool check_minutes(tui_form *f, int i, const char *value, char *err, size_t n)
{
    long m;

    if (minutes_of(value, &m))
        return true;
    snprintf(err, n, _("'%s' is not a number from 0 to %d"), value, BB_MINUTES_MAX);
    return false;
}

static const tui_field_spec fields[NFIELDS] = {
    {N_("Kind"), "kind", N_("Enter or F4: choose from the list"), .kind = TUI_FIELD_PICK,
     .width = 40, .vocab = BB_VOCAB_CONTACT_KIND},
    {N_("Date"), "date", N_("YYYY-MM-DD (today is filled in)"), .width = 10},
    {N_("Minutes"), "minutes", N_("How long it took, 0 to 1440 (optional)"), .width = 5,
     .check = check_minutes},
    {N_("Volunteers"), "with", N_("Enter or F4: who took part (Space marks)"),
     .kind = TUI_FIELD_MULTI, .width = 30, .list = pair_list,
     .empty = N_("The case has no volunteers yet: pair them first (p on the case).")},
    {N_("Note"), "note", N_("What was said or agreed (optional; Enter: several lines)"),
     .kind = TUI_FIELD_NOTE, .width = 55, .max = BB_NOTE_MAX},
};

static int contact_load(tui_form *f, const void *arg)
{
    const bb_case *cs = arg;
    contactv *c = tui_form_data(f);
    char today[BB_DATE_SIZE];

    bb_uuid_generate(c->id); /* kept across retries */
    snprintf(c->number, sizeof c->number, "%s", cs->number);
    for (int k = 0; k < 2; k++)
        if (cs->volunteers[k][0] != '\0')
            snprintf(c->pair[c->n_pair++], BB_NUMBER_SIZE, "%s", cs->volunteers[k]);
    tui_form_set_mask(f, F_WITH, (1UL << c->n_pair) - 1); /* usually both were there */
    tui_today(today);
    tui_form_set(f, F_DATE, today);
    return BB_OK;
}

static int contact_save(tui_form *f)
{
    const contactv *c = tui_form_data(f);
    const char *with[2], *minutes = tui_form_value(f, F_MINUTES);
    bb_contact_new in = {.id = c->id, .case_number = c->number, .with = with, .minutes = -1};
    long m;

    if (minutes != NULL && minutes_of(minutes, &m)) /* checked by the field already */
        in.minutes = (int)m;
    in.kind = tui_form_value(f, F_KIND);
    in.date = tui_form_value(f, F_DATE);
    in.n_with = tui_form_marked(f, F_WITH, with, 2);
    in.note = tui_form_value(f, F_NOTE);
    return bb_contact_add(tui_form_app(f)->ctx, &in, NULL);
}

static const char *contact_title(tui_form *f, char *buf, size_t n)
{
    snprintf(buf, n, _("Contact moment, case %s"), ((contactv *)tui_form_data(f))->number);
    return buf;
}

static const tui_form_def contact_form = {
    .fields = fields,
    .n = NFIELDS,
    .heading = N_("Contact moment: fill in, then F2 (or Ctrl-S) saves; Esc leaves."),
    .waiting = N_("Waiting for the database: the contact is saved as soon as it is back."),
    .label_width = 14,
    .data_size = sizeof(contactv),
    .load = contact_load,
    .save = contact_save,
    .done = N_("Contact moment recorded."),
    .title = contact_title,
};

/* TUI_V_KEYS: the note is encrypted under the case's key. */
const tui_view_ops tui_view_contact = TUI_FORM_VIEW("contact", TUI_V_KEYS, &contact_form);
