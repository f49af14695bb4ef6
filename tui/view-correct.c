/* Corrections of a case on the case screen: voiding one registered by mistake (X) and
 * reopening one closed by mistake (o). Each asks for the reason (kept encrypted in the case's
 * history), then a question that says what will happen; saved with bb_case_void or
 * bb_case_reopen on the version the case screen showed (a change meanwhile is the engine's
 * conflict dialog). The rest is the form engine's (form-engine.h). */
#include "form-engine.h"

#include <stdio.h>

enum { F_REASON, NFIELDS };

typedef struct correctv {
    char number[BB_NUMBER_SIZE];
} correctv;

static const tui_field_spec fields[NFIELDS] = {
    {N_("Reason"), "reason", N_("Why: kept encrypted in the case's history (Enter: several lines)"),
     .kind = TUI_FIELD_NOTE, .width = 50, .max = BB_NOTE_MAX},
};

static int correct_load(tui_form *f, const void *arg)
{
    const bb_case *cs = arg;
    correctv *cv = tui_form_data(f);

    snprintf(cv->number, sizeof cv->number, "%s", cs->number);
    tui_form_set_version(f, false, cs->version);
    return BB_OK;
}

bool tui_form_reason_given(tui_form *f, int i)
{
    const char *reason = tui_form_get(f, i);

    while (*reason == ' ')
        reason++;
    if (*reason == '\0') {
        tui_form_mark(f, i, _("give the reason"));
        return false;
    }
    return true;
}

static bool correct_validate(tui_form *f)
{
    return tui_form_reason_given(f, F_REASON);
}

/* After a conflict: the case's version as stored now. */
static int correct_reread(tui_form *f)
{
    const correctv *cv = tui_form_data(f);
    bb_case *c = NULL;
    int rc = bb_case_get(tui_form_app(f)->ctx, cv->number, &c);

    if (rc != BB_OK) {
        tui_fail(tui_form_app(f), rc, _("Cannot read the case again"));
        return rc;
    }
    tui_form_set_version(f, true, c->version);
    tui_form_set_stored(f, F_REASON, tui_form_get(f, F_REASON)); /* not shown again */
    bb_case_free(c);
    return BB_OK;
}

static const char *void_confirm(tui_form *f, char *buf, size_t n)
{
    snprintf(buf, n,
             _("Case %s will be void (vervallen): it leaves the figures and the lists, and its "
               "personal data (parties, notes) is destroyed for good. Only its number, its "
               "history and your reason stay. Void it?"),
             ((correctv *)tui_form_data(f))->number);
    return buf;
}

static int void_save(tui_form *f)
{
    return bb_case_void(tui_form_app(f)->ctx, ((correctv *)tui_form_data(f))->number,
                        tui_form_version(f), tui_form_get(f, F_REASON), NULL);
}

static void void_saved(tui_form *f)
{
    tui_form_done(f, _("Void: its personal data is destroyed."));
}

static const char *void_title(tui_form *f, char *buf, size_t n)
{
    snprintf(buf, n, _("Void case %s"), ((correctv *)tui_form_data(f))->number);
    return buf;
}

static const char *reopen_confirm(tui_form *f, char *buf, size_t n)
{
    snprintf(buf, n,
             _("Case %s will be open again, in the status it had before its closing: its "
               "outcome and closing date are cleared and the figures follow. The closing stays "
               "in its history. Reopen it?"),
             ((correctv *)tui_form_data(f))->number);
    return buf;
}

static int reopen_save(tui_form *f)
{
    return bb_case_reopen(tui_form_app(f)->ctx, ((correctv *)tui_form_data(f))->number,
                          tui_form_version(f), tui_form_get(f, F_REASON), NULL);
}

static void reopen_saved(tui_form *f)
{
    tui_form_done(f, _("Reopened."));
}

static const char *reopen_title(tui_form *f, char *buf, size_t n)
{
    snprintf(buf, n, _("Reopen case %s"), ((correctv *)tui_form_data(f))->number);
    return buf;
}

#define CORRECT_FORM(name, head, yes)                                                              \
    {.fields = fields,                                                                             \
     .n = NFIELDS,                                                                                 \
     .heading = head,                                                                              \
     .waiting = N_("Waiting for the database: the change is saved as soon as it is back."),        \
     .label_width = 10,                                                                            \
     .data_size = sizeof(correctv),                                                                \
     .load = correct_load,                                                                         \
     .validate = correct_validate,                                                                 \
     .confirm = name##_confirm,                                                                    \
     .confirm_yes = yes,                                                                           \
     .save = name##_save,                                                                          \
     .saved = name##_saved,                                                                        \
     .reread = correct_reread,                                                                     \
     .conflict_text = N_("Someone else changed this case meanwhile. Stored now / yours: %s."),     \
     .conflict_said = N_("The case was changed by someone else: not changed."),                    \
     .title = name##_title}

static const tui_form_def void_form =
    CORRECT_FORM(void, N_("Voiding: give the reason, then F2 (or Ctrl-S); Esc leaves."),
                 N_("Yes, void the case"));
static const tui_form_def reopen_form =
    CORRECT_FORM(reopen, N_("Reopening: give the reason, then F2 (or Ctrl-S); Esc leaves."),
                 N_("Yes, reopen the case"));

/* TUI_V_KEYS: the reason is encrypted under the case's key. */
const tui_view_ops tui_view_void = TUI_FORM_VIEW("void", TUI_V_KEYS, &void_form);
const tui_view_ops tui_view_reopen = TUI_FORM_VIEW("reopen", TUI_V_KEYS, &reopen_form);
