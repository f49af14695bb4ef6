/* Removing a contact moment logged by mistake (C on the case screen, then remove): the reason
 * (plain text, kept in the audit log), then a question that says what will happen; saved with
 * bb_contact_remove. Editing one is the contact form's (view-contact.c). The rest is the form
 * engine's (form-engine.h). */
#include "form-engine.h"
#include "labels.h"

#include <stdio.h>

enum { F_REASON, NFIELDS };

typedef struct removev {
    char number[BB_NUMBER_SIZE];
    char id[BB_UUID_SIZE];
    char date[BB_DATE_SIZE];
    char kind[BB_KEY_SIZE];
} removev;

static const tui_field_spec fields[NFIELDS] = {
    {N_("Reason"), "reason", N_("Why it is removed, without personal data: kept in the audit log"),
     .width = 50, .max = 200},
};

static int remove_load(tui_form *f, const void *arg)
{
    const tui_contact_arg *a = arg;
    removev *r = tui_form_data(f);

    snprintf(r->number, sizeof r->number, "%s", a->c->number);
    snprintf(r->id, sizeof r->id, "%s", a->contact->id);
    snprintf(r->date, sizeof r->date, "%s", a->contact->date);
    snprintf(r->kind, sizeof r->kind, "%s", a->contact->kind);
    return BB_OK;
}

static bool remove_validate(tui_form *f)
{
    return tui_form_reason_given(f, F_REASON);
}

static const char *remove_confirm(tui_form *f, char *buf, size_t n)
{
    const removev *r = tui_form_data(f);

    snprintf(buf, n,
             _("The contact moment of %s (%s) will be removed from case %s: it leaves the "
               "figures, and its note is destroyed for good. Only your reason stays, in the "
               "audit log. Remove it?"),
             r->date, tui_label(BB_VOCAB_CONTACT_KIND, r->kind), r->number);
    return buf;
}

static int remove_save(tui_form *f)
{
    const removev *r = tui_form_data(f);

    return bb_contact_remove(tui_form_app(f)->ctx, r->number, r->id, tui_form_get(f, F_REASON));
}

static const char *remove_title(tui_form *f, char *buf, size_t n)
{
    const removev *r = tui_form_data(f);

    snprintf(buf, n, _("Remove contact moment of %s, case %s"), r->date, r->number);
    return buf;
}

static const tui_form_def remove_form = {
    .fields = fields,
    .n = NFIELDS,
    .heading = N_("Removing: give the reason, then F2 (or Ctrl-S); Esc leaves."),
    .waiting = N_("Waiting for the database: the change is saved as soon as it is back."),
    .label_width = 10,
    .data_size = sizeof(removev),
    .load = remove_load,
    .validate = remove_validate,
    .confirm = remove_confirm,
    .confirm_yes = N_("Yes, remove the contact moment"),
    .save = remove_save,
    .done = N_("Contact moment removed: its note is destroyed."),
    .title = remove_title,
};

/* No keys needed: the reason is plain text and the note is deleted, not read. */
const tui_view_ops tui_view_contact_remove = TUI_FORM_VIEW("contact-remove", 0, &remove_form);
