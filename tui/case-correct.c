/* Corrections of a case's contact moments (C) and parties (M) on the case screen: choosing
 * which one (at once when there is only one), then what to do with it, then its form: a
 * contact moment edited in the contact form (view-contact.c) or removed
 * (view-correct-contact.c), a party moved to another case or removed
 * (view-correct-party.c). Each form asks before it saves and says what will happen. */
#include "case.h"
#include "dialog.h"
#include "labels.h"

#include <stdio.h>
#include <string.h>

enum { TAG_CONTACT = 100, TAG_CONTACT_WHAT, TAG_PARTY, TAG_PARTY_WHAT };

static const bb_contact *contact_chosen(const tui_case_view *cv)
{
    for (size_t i = 0; cv->contacts != NULL && i < cv->contacts->n; i++)
        if (strcmp(cv->contacts->items[i].id, cv->action.contact) == 0)
            return &cv->contacts->items[i];
    return NULL;
}

static void contact_what_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_case_view *cv = v->data;
    tui_contact_arg a = {.c = cv->c};

    if (c->cancelled)
        return;
    /* editing shows the note and may change it: the keys, the contacts read with them */
    if (c->index == 0 &&
        !tui_case_keys_ready(v, _("Editing a contact moment needs the keys: unlock, then press "
                                  "C again.")))
        return;
    if ((a.contact = contact_chosen(cv)) == NULL) {
        tui_say(v->app, TUI_MSG_ERROR, "%s", _("The contact moment is gone: read again."));
        return;
    }
    tui_push(v->app, c->index == 0 ? &tui_view_contact : &tui_view_contact_remove, &a);
}

static int ask_contact_what(tui_view *v)
{
    tui_case_view *cv = v->data;
    const bb_contact *k = contact_chosen(cv);
    const char *labels[] = {_("Edit it: kind, date, minutes, volunteers, note"),
                            _("Remove it: logged by mistake")};
    char title[96];
    tui_pick_spec spec = {.title = title, .labels = labels, .n = 2};

    snprintf(title, sizeof title, _("Contact moment of %s"), k != NULL ? k->date : "-");
    return tui_pick(v, TAG_CONTACT_WHAT, &spec, contact_what_answer);
}

static void contact_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_case_view *cv = v->data;

    if (c->cancelled || cv->contacts == NULL || c->index < 0 || (size_t)c->index >= cv->contacts->n)
        return;
    snprintf(cv->action.contact, sizeof cv->action.contact, "%s", cv->contacts->items[c->index].id);
    ask_contact_what(v);
}

int tui_case_fix_contact(tui_view *v)
{
    tui_case_view *cv = v->data;
    static char lines[TUI_PICK_MAX][160];
    const char *labels[TUI_PICK_MAX];
    tui_pick_spec spec = {.title = _("Correct a contact moment"), .labels = labels};
    const bb_contact *k;
    int rc;

    if (cv->stage < 2 && (rc = tui_case_load(v)) != BB_OK) {
        tui_fail(v->app, rc, _("Cannot read the case again"));
        return TUI_REDRAW;
    }
    if (cv->contacts == NULL || cv->contacts->n == 0) {
        tui_say(v->app, TUI_MSG_ERROR, "%s", _("The case has no contact moments: a logs one."));
        return TUI_REDRAW;
    }
    if (cv->contacts->n == 1) {
        snprintf(cv->action.contact, sizeof cv->action.contact, "%s", cv->contacts->items[0].id);
        return ask_contact_what(v);
    }
    for (; spec.n < cv->contacts->n && spec.n < TUI_PICK_MAX; spec.n++) {
        k = &cv->contacts->items[spec.n];
        snprintf(lines[spec.n], sizeof lines[spec.n], "%s  %s", k->date,
                 tui_label(BB_VOCAB_CONTACT_KIND, k->kind));
        if (k->minutes >= 0)
            snprintf(lines[spec.n] + strlen(lines[spec.n]),
                     sizeof lines[spec.n] - strlen(lines[spec.n]), _(", %d min"), k->minutes);
        labels[spec.n] = lines[spec.n];
    }
    return tui_pick(v, TAG_CONTACT, &spec, contact_answer); /* copies the labels */
}

static void party_what_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_case_view *cv = v->data;
    tui_party_arg a = {.case_number = cv->number};

    if (c->cancelled)
        return;
    for (size_t i = 0; cv->parties != NULL && i < cv->parties->n; i++)
        if (cv->parties->items[i].number == cv->action.party)
            a.party = &cv->parties->items[i];
    if (a.party == NULL) {
        tui_say(v->app, TUI_MSG_ERROR, "%s", _("The party is gone: read again."));
        return;
    }
    tui_push(v->app, c->index == 0 ? &tui_view_party_move : &tui_view_party_remove, &a);
}

static int ask_party_what(tui_view *v)
{
    tui_case_view *cv = v->data;
    const char *labels[] = {_("Move it to the case it belongs to"),
                            _("Remove it: added by mistake")};
    char title[96];
    tui_pick_spec spec = {.title = title, .labels = labels, .n = 2};

    snprintf(title, sizeof title, _("Party %d"), cv->action.party);
    return tui_pick(v, TAG_PARTY_WHAT, &spec, party_what_answer);
}

static void party_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_case_view *cv = v->data;

    if (c->cancelled || cv->parties == NULL || c->index < 0 || (size_t)c->index >= cv->parties->n)
        return;
    cv->action.party = cv->parties->items[c->index].number;
    ask_party_what(v);
}

int tui_case_fix_party(tui_view *v)
{
    tui_case_view *cv = v->data;

    if (!tui_case_keys_ready(v, _("Parties need the keys: unlock, then press the key again.")))
        return TUI_REDRAW;
    if (cv->parties->n == 0) {
        tui_say(v->app, TUI_MSG_ERROR, "%s", _("The case has no parties yet: P adds one."));
        return TUI_REDRAW;
    }
    if (cv->parties->n == 1) {
        cv->action.party = cv->parties->items[0].number;
        return ask_party_what(v);
    }
    return tui_case_pick_party(v, TAG_PARTY, _("Move or remove a party"), party_answer);
}
