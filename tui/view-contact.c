/* Logging a contact moment of a case (a on the case screen) or correcting one (C, then edit):
 * kind (a list), date (today filled in), minutes, the volunteers who took part (of the case's
 * pair), a note. A new one is saved with bb_contact_add under an id made when the form opens,
 * so a save retried after a lost connection stores it once; a correction with bb_contact_edit
 * with only the fields changed, on the version shown (a change meanwhile is the engine's
 * conflict dialog). Back on the case screen the timeline is read again. The rest is the form
 * engine's (form-engine.h). */
#include "form-engine.h"
#include "labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_KIND, F_DATE, F_MINUTES, F_WITH, F_NOTE, NFIELDS };

#define PAIR_MAX (2 + BB_CONTACT_WITH_MAX)

typedef struct contactv {
    bool editing; /* false: a new contact moment */
    char id[BB_UUID_SIZE];
    char number[BB_NUMBER_SIZE];
    /* who may have taken part: the case's volunteers, and when editing those who did */
    char pair[PAIR_MAX][BB_NUMBER_SIZE];
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

/* Adds volunteer number to the list unless it is there; returns its line. */
static int pair_add(contactv *c, const char *number)
{
    int k = 0;

    while (k < c->n_pair && strcmp(c->pair[k], number) != 0)
        k++;
    if (k == c->n_pair && k < PAIR_MAX)
        snprintf(c->pair[c->n_pair++], BB_NUMBER_SIZE, "%s", number);
    return k;
}

/* Minutes as the field shows them: empty when not recorded. */
static void minutes_text(int minutes, char buf[16])
{
    buf[0] = '\0';
    if (minutes >= 0)
        snprintf(buf, 16, "%d", minutes);
}

/* A correction: the form filled in with the contact moment as stored. */
static void contact_fill(tui_form *f, contactv *c, const bb_contact *k)
{
    char minutes[16];
    unsigned long mask = 0;

    c->editing = true;
    snprintf(c->id, sizeof c->id, "%s", k->id);
    for (size_t i = 0; i < k->n_with; i++)
        mask |= 1UL << pair_add(c, k->with[i]);
    tui_form_set_mask(f, F_WITH, mask);
    tui_form_set(f, F_KIND, k->kind);
    tui_form_set(f, F_DATE, k->date);
    minutes_text(k->minutes, minutes);
    tui_form_set(f, F_MINUTES, minutes);
    tui_form_set(f, F_NOTE, k->note != NULL ? k->note : "");
    tui_form_set_version(f, false, k->version);
}

static int contact_load(tui_form *f, const void *arg)
{
    const tui_contact_arg *a = arg;
    contactv *c = tui_form_data(f);
    char today[BB_DATE_SIZE];

    snprintf(c->number, sizeof c->number, "%s", a->c->number);
    for (int k = 0; k < 2; k++)
        if (a->c->volunteers[k][0] != '\0')
            pair_add(c, a->c->volunteers[k]);
    if (a->contact != NULL) {
        contact_fill(f, c, a->contact);
        return BB_OK;
    }
    bb_uuid_generate(c->id);                              /* kept across retries */
    tui_form_set_mask(f, F_WITH, (1UL << c->n_pair) - 1); /* usually both were there */
    tui_today(today);
    tui_form_set(f, F_DATE, today);
    return BB_OK;
}

/* A correction saves only when something changed. */
static bool contact_validate(tui_form *f)
{
    if (!((contactv *)tui_form_data(f))->editing)
        return true;
    for (int i = 0; i < NFIELDS; i++)
        if (tui_form_changed(f, i))
            return true;
    tui_say(tui_form_app(f), TUI_MSG_INFO, "%s", _("Nothing changed: nothing to save."));
    return false;
}

/* bb_contact_edit with the fields changed (minutes or a note cleared: sent as none). */
static int contact_edit(tui_form *f, const contactv *c)
{
    const char *with[PAIR_MAX];
    bb_contact_changes ch = {.minutes = BB_CONTACT_KEEP_MINUTES, .with = with};
    long m;

    if (tui_form_changed(f, F_KIND))
        ch.kind = tui_form_get(f, F_KIND);
    if (tui_form_changed(f, F_DATE))
        ch.date = tui_form_get(f, F_DATE);
    if (tui_form_changed(f, F_MINUTES))
        ch.minutes = minutes_of(tui_form_get(f, F_MINUTES), &m) ? (int)m : -1;
    if ((ch.set_with = tui_form_changed(f, F_WITH)))
        ch.n_with = tui_form_marked(f, F_WITH, with, PAIR_MAX);
    if (tui_form_changed(f, F_NOTE))
        ch.note = tui_form_get(f, F_NOTE);
    return bb_contact_edit(tui_form_app(f)->ctx, c->number, c->id, tui_form_version(f), &ch, NULL);
}

static int contact_save(tui_form *f)
{
    const contactv *c = tui_form_data(f);
    const char *with[2], *minutes = tui_form_value(f, F_MINUTES);
    bb_contact_new in = {.id = c->id, .case_number = c->number, .with = with, .minutes = -1};
    long m;

    if (c->editing)
        return contact_edit(f, c);

    if (minutes != NULL && minutes_of(minutes, &m)) /* checked by the field already */
        in.minutes = (int)m;
    in.kind = tui_form_value(f, F_KIND);
    in.date = tui_form_value(f, F_DATE);
    in.n_with = tui_form_marked(f, F_WITH, with, 2);
    in.note = tui_form_value(f, F_NOTE);
    return bb_contact_add(tui_form_app(f)->ctx, &in, NULL);
}

static void contact_saved(tui_form *f)
{
    tui_form_done(f, ((contactv *)tui_form_data(f))->editing ? _("Contact moment changed.")
                                                             : _("Contact moment recorded."));
}

/* After a conflict: the contact moment as stored now. */
static int contact_reread(tui_form *f)
{
    const contactv *c = tui_form_data(f);
    bb_contact_list *list = NULL;
    char minutes[16];
    int rc = bb_contact_list_get(tui_form_app(f)->ctx, c->number, &list);

    if (rc != BB_OK) {
        tui_fail(tui_form_app(f), rc, _("Cannot read the contact moment again"));
        return rc;
    }
    for (size_t k = 0; k < list->n; k++) {
        const bb_contact *s = &list->items[k];
        if (strcmp(s->id, c->id) != 0)
            continue;
        tui_form_set_version(f, true, s->version);
        tui_form_set_stored(f, F_KIND, s->kind);
        tui_form_set_stored(f, F_DATE, s->date);
        minutes_text(s->minutes, minutes);
        tui_form_set_stored(f, F_MINUTES, minutes);
        tui_form_set_stored(f, F_NOTE, s->note != NULL ? s->note : "");
    }
    bb_contact_list_free(list);
    return BB_OK;
}

static const char *contact_title(tui_form *f, char *buf, size_t n)
{
    const contactv *c = tui_form_data(f);

    snprintf(buf, n,
             c->editing ? _("Correct contact moment, case %s") : _("Contact moment, case %s"),
             c->number);
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
    .validate = contact_validate,
    .save = contact_save,
    .saved = contact_saved,
    .reread = contact_reread,
    .conflict_text = N_("Someone else changed this contact moment meanwhile. Stored now / yours: "
                        "%s."),
    .conflict_said = N_("The contact moment was changed by someone else: not saved."),
    .title = contact_title,
};

/* TUI_V_KEYS: the note is encrypted under the case's key. */
const tui_view_ops tui_view_contact = TUI_FORM_VIEW("contact", TUI_V_KEYS, &contact_form);
