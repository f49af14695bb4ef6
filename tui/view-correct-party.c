/* Correcting a party (M on the case screen): moving one added to the wrong case to the case it
 * belongs to (the target case's number, typed as anywhere in bbtui), or removing one added by
 * mistake (the reason: plain text, kept in the audit log). Each asks a question that says what
 * will happen; saved with bb_party_move or bb_party_remove on the version shown (a change
 * meanwhile is the engine's conflict dialog). libbb's refusal, such as removing the only melder
 * of a case past the intake, is said on the status line. The rest is the form engine's
 * (form-engine.h). */
#include "form-engine.h"
#include "labels.h"

#include <stdio.h>
#include <string.h>

enum { F_VALUE, NFIELDS };

typedef struct partyfix {
    char number[BB_NUMBER_SIZE];
    int party;
    char role[BB_KEY_SIZE];
    char name[BB_NAME_MAX * 4 + 1]; /* wiped with the form's data */
    char to[BB_NUMBER_SIZE];        /* move: the target, as bb_case_number_expand made it */
} partyfix;

static const tui_field_spec move_fields[NFIELDS] = {
    {N_("To case"), "to", N_("The case it belongs to: BB-2024-0007, 2024-7, or 7 for this year's"),
     .width = 14, .max = 40},
};

static const tui_field_spec remove_fields[NFIELDS] = {
    {N_("Reason"), "reason", N_("Why it is removed, without personal data: kept in the audit log"),
     .width = 50, .max = 200},
};

static int fix_load(tui_form *f, const void *arg)
{
    const tui_party_arg *a = arg;
    partyfix *p = tui_form_data(f);

    snprintf(p->number, sizeof p->number, "%s", a->case_number);
    p->party = a->party->number;
    snprintf(p->role, sizeof p->role, "%s", a->party->role);
    snprintf(p->name, sizeof p->name, "%s", a->party->name != NULL ? a->party->name : "-");
    tui_form_set_version(f, false, a->party->version);
    return BB_OK;
}

/* After a conflict: the party's version as stored now (what was typed is not shown again). */
static int fix_reread(tui_form *f)
{
    const partyfix *p = tui_form_data(f);
    bb_party_list *list = NULL;
    int rc = bb_party_list_get(tui_form_app(f)->ctx, p->number, &list);

    if (rc != BB_OK) {
        tui_fail(tui_form_app(f), rc, _("Cannot read the party again"));
        return rc;
    }
    for (size_t k = 0; k < list->n; k++)
        if (list->items[k].number == p->party)
            tui_form_set_version(f, true, list->items[k].version);
    tui_form_set_stored(f, F_VALUE, tui_form_get(f, F_VALUE));
    bb_party_list_free(list);
    return BB_OK;
}

static const char *fix_title(tui_form *f, char *buf, size_t n)
{
    const partyfix *p = tui_form_data(f);

    snprintf(buf, n, _("Party %d of case %s: %s"), p->party, p->number,
             tui_label(BB_VOCAB_PARTY_ROLE, p->role));
    return buf;
}

/* The target's full number; a number that is none is marked on the field. */
static bool move_validate(tui_form *f)
{
    partyfix *p = tui_form_data(f);
    const char *to = tui_form_get(f, F_VALUE);
    char msg[160];

    if (to[0] == '\0') {
        tui_form_mark(f, F_VALUE, _("give the number of the case it belongs to"));
        return false;
    }
    if (bb_case_number_expand(tui_form_app(f)->ctx, to, p->to) != BB_OK) {
        snprintf(msg, sizeof msg, _("'%s' is not a case number"), to);
        tui_form_mark(f, F_VALUE, msg);
        return false;
    }
    return true;
}

static const char *move_confirm(tui_form *f, char *buf, size_t n)
{
    const partyfix *p = tui_form_data(f);

    snprintf(buf, n,
             _("Party %d (%s, %s) and its data go to case %s: it becomes that case's last "
               "party, its personal data is encrypted again under that case's key, and case %s "
               "no longer has it. Move it?"),
             p->party, tui_label(BB_VOCAB_PARTY_ROLE, p->role), p->name, p->to, p->number);
    return buf;
}

static int move_save(tui_form *f)
{
    const partyfix *p = tui_form_data(f);

    return bb_party_move(tui_form_app(f)->ctx, p->number, p->party, tui_form_version(f), p->to,
                         NULL);
}

static void move_saved(tui_form *f)
{
    char msg[160];

    snprintf(msg, sizeof msg, _("Party moved to case %s."), ((partyfix *)tui_form_data(f))->to);
    tui_form_done(f, msg);
}

static bool remove_validate(tui_form *f)
{
    return tui_form_reason_given(f, F_VALUE);
}

static const char *remove_confirm(tui_form *f, char *buf, size_t n)
{
    const partyfix *p = tui_form_data(f);

    snprintf(buf, n,
             _("Party %d (%s, %s) will be removed from case %s: its personal data (name, "
               "address, phone, e-mail) is destroyed for good. Only your reason stays, in the "
               "audit log. Remove it?"),
             p->party, tui_label(BB_VOCAB_PARTY_ROLE, p->role), p->name, p->number);
    return buf;
}

static int remove_save(tui_form *f)
{
    const partyfix *p = tui_form_data(f);

    return bb_party_remove(tui_form_app(f)->ctx, p->number, p->party, tui_form_version(f),
                           tui_form_get(f, F_VALUE));
}

static void remove_saved(tui_form *f)
{
    tui_form_done(f, _("Party removed: its personal data is destroyed."));
}

/* clang-format off */
#define PARTY_FIX_FORM(name, head, yes)                                                            \
    {.fields = name##_fields,                                                                      \
     .n = NFIELDS,                                                                                 \
     .heading = head,                                                                              \
     .waiting = N_("Waiting for the database: the change is saved as soon as it is back."),        \
     .label_width = 10,                                                                            \
     .data_size = sizeof(partyfix),                                                                \
     .load = fix_load,                                                                             \
     .validate = name##_validate,                                                                  \
     .confirm = name##_confirm,                                                                    \
     .confirm_yes = yes,                                                                           \
     .save = name##_save,                                                                          \
     .saved = name##_saved,                                                                        \
     .reread = fix_reread,                                                                         \
     .conflict_text =                                                                              \
         N_("Someone else changed this party while you had it open. Stored now / yours: %s."),     \
     .conflict_said = N_("The party was changed by someone else: not saved."),                     \
     .title = fix_title}
/* clang-format on */

static const tui_form_def move_form =
    PARTY_FIX_FORM(move, N_("Moving: the case it belongs to, then F2 (or Ctrl-S); Esc leaves."),
                   N_("Yes, move the party"));
static const tui_form_def remove_form =
    PARTY_FIX_FORM(remove, N_("Removing: give the reason, then F2 (or Ctrl-S); Esc leaves."),
                   N_("Yes, remove the party"));

/* TUI_V_KEYS: a move encrypts the party again; both show its name. */
const tui_view_ops tui_view_party_move = TUI_FORM_VIEW("party-move", TUI_V_KEYS, &move_form);
const tui_view_ops tui_view_party_remove = TUI_FORM_VIEW("party-remove", TUI_V_KEYS, &remove_form);
