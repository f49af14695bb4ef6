/* Closing a case (c on the case screen): the outcome, from a list that starts with nothing
 * chosen (Enter alone closes nothing), and the reason, kept encrypted in the case's history;
 * then a question that says what closing does. Saved with bb_case_close on the version the
 * case screen showed; a change by someone else meanwhile is the engine's conflict dialog.
 * The rest is the form engine's (form-engine.h). */
#include "form-engine.h"
#include "labels.h"

#include <stdio.h>

enum { F_OUTCOME, F_REASON, NFIELDS };

typedef struct closev {
    char number[BB_NUMBER_SIZE];
} closev;

static const tui_field_spec fields[NFIELDS] = {
    {N_("Outcome"), "outcome", N_("Enter or F4: how the case ended"), .kind = TUI_FIELD_PICK,
     .width = 30, .vocab = BB_VOCAB_OUTCOME, .none = N_("(not chosen)")},
    {N_("Reason"), "reason",
     N_("Why it is closed: kept encrypted in the case's history (Enter: several lines)"),
     .kind = TUI_FIELD_NOTE, .width = 50, .max = BB_NOTE_MAX},
};

static int close_load(tui_form *f, const void *arg)
{
    const bb_case *cs = arg;
    closev *cl = tui_form_data(f);

    snprintf(cl->number, sizeof cl->number, "%s", cs->number);
    tui_form_set_version(f, false, cs->version);
    return BB_OK;
}

/* Both are needed: the outcome goes into the figures, the reason says why. */
static bool close_validate(tui_form *f)
{
    const char *reason = tui_form_get(f, F_REASON);

    if (tui_form_get(f, F_OUTCOME)[0] == '\0') {
        tui_form_mark(f, F_OUTCOME, _("choose the outcome"));
        return false;
    }
    while (*reason == ' ')
        reason++;
    if (*reason == '\0') {
        tui_form_mark(f, F_REASON, _("give the reason"));
        return false;
    }
    return true;
}

static const char *close_confirm(tui_form *f, char *buf, size_t n)
{
    const closev *cl = tui_form_data(f);

    snprintf(buf, n,
             _("Case %s will be closed today as \"%s\". From then on it counts in the figures "
               "with that outcome, and your reason is kept in its history. Close it?"),
             cl->number, tui_label(BB_VOCAB_OUTCOME, tui_form_get(f, F_OUTCOME)));
    return buf;
}

static int close_save(tui_form *f)
{
    const closev *cl = tui_form_data(f);

    return bb_case_close(tui_form_app(f)->ctx, cl->number, tui_form_version(f),
                         tui_form_get(f, F_OUTCOME), NULL, tui_form_get(f, F_REASON), NULL);
}

static void close_saved(tui_form *f)
{
    char msg[160];

    snprintf(msg, sizeof msg, _("Closed as %s."),
             tui_label(BB_VOCAB_OUTCOME, tui_form_get(f, F_OUTCOME)));
    tui_form_done(f, msg);
}

/* After a conflict: the case as stored now (its outcome, when someone else closed it). */
static int close_reread(tui_form *f)
{
    const closev *cl = tui_form_data(f);
    bb_case *c = NULL;
    int rc = bb_case_get(tui_form_app(f)->ctx, cl->number, &c);

    if (rc != BB_OK) {
        tui_fail(tui_form_app(f), rc, _("Cannot read the case again"));
        return rc;
    }
    tui_form_set_version(f, true, c->version);
    tui_form_set_stored(f, F_OUTCOME, c->outcome);
    tui_form_set_stored(f, F_REASON, tui_form_get(f, F_REASON)); /* not shown again */
    bb_case_free(c);
    return BB_OK;
}

static const char *close_title(tui_form *f, char *buf, size_t n)
{
    snprintf(buf, n, _("Close case %s"), ((closev *)tui_form_data(f))->number);
    return buf;
}

static const tui_form_def close_form = {
    .fields = fields,
    .n = NFIELDS,
    .heading = N_("Closing: choose the outcome, give the reason, then F2 (or Ctrl-S); Esc leaves."),
    .waiting = N_("Waiting for the database: the case is closed as soon as it is back."),
    .label_width = 10,
    .data_size = sizeof(closev),
    .load = close_load,
    .validate = close_validate,
    .confirm = close_confirm,
    .confirm_yes = N_("Yes, close the case"),
    .save = close_save,
    .saved = close_saved,
    .reread = close_reread,
    .conflict_text = N_("Someone else changed this case while you were closing it. Stored now / "
                        "yours: %s."),
    .conflict_said = N_("The case was changed by someone else: not closed."),
    .title = close_title,
};

/* TUI_V_KEYS: the reason is encrypted under the case's key. */
const tui_view_ops tui_view_close = TUI_FORM_VIEW("close", TUI_V_KEYS, &close_form);
