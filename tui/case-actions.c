/* The actions of the case screen (see case.h): move (m), reported back (r), pair (p) and edit
 * (e), and opening the forms of closing (c), a contact moment (a), a party (P adds, E edits)
 * and a follow-up (F); correcting contact moments (C) and parties (M) is case-correct.c's. A change
 * names the version shown; when another coordinator changed the case meanwhile, the screen reads it
 * again, shows what changed, and lets the user choose: do the change on the new version, or leave
 * it. */
#include "case.h"
#include "dialog.h"
#include "labels.h"
#include "pair-text.h"
#include "unlock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TAG_MOVE, TAG_CONFLICT, TAG_PAIR, TAG_EDIT, TAG_EDIT_VALUE, TAG_PARTY };

/* What changed between the case as shown (a) and as stored now (b), for the conflict dialog. */
static void describe_changes(const bb_case *a, const bb_case *b, char *buf, size_t n)
{
    size_t used = 0;
    struct {
        const char *name, *was, *now;
    } f[] = {
        {_("Status"), tui_label(BB_VOCAB_STATUS, a->status), tui_label(BB_VOCAB_STATUS, b->status)},
        {_("Outcome"), tui_label(BB_VOCAB_OUTCOME, a->outcome),
         tui_label(BB_VOCAB_OUTCOME, b->outcome)},
        {_("Closed on"), a->closed_on, b->closed_on},
        {_("Reported back"), a->reported_back_on, b->reported_back_on},
        {_("Area"), a->area, b->area},
        {_("Referred by"), tui_label(BB_VOCAB_SOURCE, a->source),
         tui_label(BB_VOCAB_SOURCE, b->source)},
        {_("Reported on"), a->reported_on, b->reported_on},
        {_("Intake"), a->intake_on, b->intake_on},
        {_("Volunteers"), a->volunteers[0], b->volunteers[0]},
        {_("Volunteers"), a->volunteers[1], b->volunteers[1]},
    };

    buf[0] = '\0';
    for (size_t i = 0; i < sizeof f / sizeof f[0] && used < n; i++)
        if (strcmp(f[i].was, f[i].now) != 0)
            used +=
                (size_t)snprintf(buf + used, n - used, "%s%s: %s -> %s", used ? "; " : "",
                                 f[i].name, *f[i].was ? f[i].was : "-", *f[i].now ? f[i].now : "-");
    if (buf[0] == '\0')
        snprintf(buf, n, "%s", _("nothing you can see here (another field)"));
}

/* What the user wanted (done false: for the conflict dialog) or what was done. */
static const char *action_text(const tui_case_view *cv, bool done, char *buf, size_t n)
{
    if (cv->action.what == TUI_CASE_MOVE)
        snprintf(buf, n, done ? _("Moved to %s.") : _("move it to %s"),
                 tui_label(BB_VOCAB_STATUS, cv->action.key));
    else if (cv->action.what == TUI_CASE_PAIR)
        snprintf(buf, n, done ? _("Paired %s and %s.") : _("pair %s and %s"), cv->action.pair[0],
                 cv->action.pair[1]);
    else if (cv->action.what == TUI_CASE_EDIT && cv->action.edit == TUI_CASE_EDIT_SUITABLE)
        snprintf(buf, n, "%s",
                 done ? _("Intake decision: suitable for mediation.")
                      : _("record the intake decision: suitable"));
    else if (cv->action.what == TUI_CASE_EDIT && cv->action.edit == TUI_CASE_EDIT_NOT_SUITABLE)
        snprintf(buf, n,
                 done ? _("Intake decision: not suitable (%s).")
                      : _("record the intake decision: not suitable (%s)"),
                 tui_label(BB_VOCAB_INTAKE_REASON, cv->action.key));
    else if (cv->action.what == TUI_CASE_EDIT && cv->action.edit == TUI_CASE_EDIT_SOURCE)
        snprintf(buf, n, done ? _("Referred by: %s.") : _("change the referrer to %s"),
                 tui_label(BB_VOCAB_SOURCE, cv->action.key));
    else if (cv->action.what == TUI_CASE_EDIT)
        snprintf(buf, n, done ? _("Area: %s.") : _("change the area to %s"),
                 cv->action.area[0] ? cv->action.area : "-");
    else
        snprintf(buf, n, "%s",
                 done ? _("Recorded: the outcome was reported back today.")
                      : _("record that the outcome was reported back"));
    return buf;
}

static int run_action(tui_view *v);

/* bb_case_edit with the one change of cv->action.edit, on the version shown. */
static int edit_case(tui_view *v, bb_case **after)
{
    tui_case_view *cv = v->data;
    bb_case_changes ch = {0};

    switch (cv->action.edit) {
    case TUI_CASE_EDIT_SUITABLE:
        ch.intake = BB_INTAKE_SUITABLE;
        break;
    case TUI_CASE_EDIT_NOT_SUITABLE:
        ch.intake = BB_INTAKE_NOT_SUITABLE;
        ch.intake_reason = cv->action.key;
        break;
    case TUI_CASE_EDIT_SOURCE:
        ch.source = cv->action.key;
        break;
    case TUI_CASE_EDIT_AREA:
        ch.area = cv->action.area;
        break;
    }
    return bb_case_edit(v->app->ctx, cv->number, cv->c->version, &ch, after);
}

static void conflict_answer(tui_view *v, int tag, const tui_choice *c)
{
    if (c->index == 1)
        run_action(v);
}

/* Someone else changed the case: show it as it is now, say what changed, let the user choose. */
static int conflict(tui_view *v)
{
    tui_case_view *cv = v->data;
    bb_case before = *cv->c;
    char changes[768], mine[160], text[1200];
    int rc = tui_case_load(v);

    if (rc != BB_OK) {
        tui_fail(v->app, rc, _("Cannot read the case again"));
        return TUI_REDRAW;
    }
    describe_changes(&before, cv->c, changes, sizeof changes);
    action_text(cv, false, mine, sizeof mine);
    snprintf(text, sizeof text,
             _("Someone else changed this case while you had it open. The screen now shows it "
               "as stored. Changed: %s. You wanted to %s."),
             changes, mine);
    tui_say(v->app, TUI_MSG_ERROR, "%s", _("The case was changed by someone else: not saved."));
    return tui_confirm(v, TAG_CONFLICT, _("Changed by someone else"), text,
                       _("Leave it as it is now"), _("Do my change on the new version"),
                       conflict_answer);
}

/* Does cv->action.what on the version shown. */
static int run_action(tui_view *v)
{
    tui_case_view *cv = v->data;
    bb_ctx *ctx = v->app->ctx;
    bb_case *after = NULL;
    char done[160];
    int rc;

    if (cv->action.what == TUI_CASE_MOVE)
        rc = bb_case_move(ctx, cv->number, cv->c->version, cv->action.key, &after);
    else if (cv->action.what == TUI_CASE_PAIR)
        rc = bb_case_assign(ctx, cv->number, cv->c->version, cv->action.pair[0], cv->action.pair[1],
                            &after);
    else if (cv->action.what == TUI_CASE_EDIT)
        rc = edit_case(v, &after);
    else
        rc = bb_case_reported_back(ctx, cv->number, cv->c->version, NULL, &after);
    bb_case_free(after);
    if (rc == BB_ECONFLICT)
        return conflict(v);
    if (rc != BB_OK) {
        tui_fail(v->app, rc, _("Not saved"));
        return TUI_REDRAW;
    }
    tui_say(v->app, TUI_MSG_OK, "%s", action_text(cv, true, done, sizeof done));
    if ((rc = tui_case_load(v)) != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the case again"));
    return TUI_REDRAW;
}

static void choice_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_case_view *cv = v->data;

    if (c->cancelled)
        return;
    cv->action.what = TUI_CASE_MOVE;
    snprintf(cv->action.key, sizeof cv->action.key, "%s", c->key);
    run_action(v);
}

static int ask_move(tui_view *v)
{
    tui_case_view *cv = v->data;
    const char *keys[TUI_PICK_MAX], *labels[TUI_PICK_MAX];
    tui_pick_spec spec = {.title = _("Move to"), .keys = keys, .labels = labels};

    spec.n = tui_case_next_steps(cv->c, keys, TUI_PICK_MAX);
    for (size_t i = 0; i < spec.n; i++)
        labels[i] = tui_label(BB_VOCAB_STATUS, keys[i]);
    if (spec.n == 0) {
        tui_say(v->app, TUI_MSG_ERROR, "%s", _("This case has no next step: it is closed."));
        return TUI_REDRAW;
    }
    return tui_pick(v, TAG_MOVE, &spec, choice_answer);
}

/* The closing form: the outcome (nothing chosen at first) and the reason, then a question. */
static int ask_close(tui_view *v)
{
    tui_case_view *cv = v->data;

    if (tui_case_is_final(cv->c->status)) {
        tui_say(v->app, TUI_MSG_ERROR, "%s", _("This case is closed already."));
        return TUI_REDRAW;
    }
    return tui_push(v->app, &tui_view_close, cv->c);
}

/* The corrections: void (not a void case) and reopen (only a closed one). */
static int ask_correct(tui_view *v, bool void_it)
{
    tui_case_view *cv = v->data;
    bool is_void = strcmp(cv->c->status, "vervallen") == 0;

    if (is_void || (!void_it && strcmp(cv->c->status, "afgesloten") != 0)) {
        tui_say(v->app, TUI_MSG_ERROR, "%s",
                is_void ? _("This case is void.") : _("Only a closed case is reopened."));
        return TUI_REDRAW;
    }
    return tui_push(v->app, void_it ? &tui_view_void : &tui_view_reopen, cv->c);
}

static void pair_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_case_view *cv = v->data;
    const bb_pair *p;

    if (!c->cancelled && cv->action.pairs != NULL && c->index >= 0 &&
        (size_t)c->index < cv->action.pairs->n) {
        p = &cv->action.pairs->items[c->index];
        cv->action.what = TUI_CASE_PAIR;
        snprintf(cv->action.pair[0], BB_NUMBER_SIZE, "%s", p->member[0].number);
        snprintf(cv->action.pair[1], BB_NUMBER_SIZE, "%s", p->member[1].number);
    }
    bb_pair_list_free(cv->action.pairs);
    cv->action.pairs = NULL;
    if (cv->action.what == TUI_CASE_PAIR && !c->cancelled)
        run_action(v);
}

/* The suggested pairs, best first, each with its reasons; who was left out, and why, above. */
static int ask_pair(tui_view *v)
{
    tui_case_view *cv = v->data;
    static char lines[TUI_PICK_MAX][512];
    static char excluded[1024], text[1200];
    const char *labels[TUI_PICK_MAX];
    tui_pick_spec spec = {.title = _("Pair volunteers"), .labels = labels};
    int rc;

    bb_pair_list_free(cv->action.pairs);
    cv->action.pairs = NULL;
    if ((rc = bb_case_suggest(v->app->ctx, cv->number, 20, &cv->action.pairs)) != BB_OK) {
        tui_fail(v->app, rc, _("No suggestions"));
        return TUI_REDRAW;
    }
    tui_pair_excluded(cv->action.pairs, excluded, sizeof excluded);
    if (cv->action.pairs->n == 0) {
        tui_say(v->app, TUI_MSG_ERROR, _("No two active volunteers may take this case. %s"),
                excluded);
        bb_pair_list_free(cv->action.pairs);
        cv->action.pairs = NULL;
        return TUI_REDRAW;
    }
    for (; spec.n < cv->action.pairs->n && spec.n < TUI_PICK_MAX; spec.n++) {
        tui_pair_describe(v->app->ctx, &cv->action.pairs->items[spec.n], lines[spec.n],
                          sizeof lines[spec.n]);
        labels[spec.n] = lines[spec.n];
    }
    if (excluded[0] != '\0') {
        snprintf(text, sizeof text, _("Best first. Left out: %s."), excluded);
        spec.text = text;
    } else {
        spec.text = _("Best first.");
    }
    return tui_pick(v, TAG_PAIR, &spec, pair_answer);
}

static void edit_value_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_case_view *cv = v->data;

    if (c->cancelled)
        return;
    cv->action.what = TUI_CASE_EDIT;
    if (cv->action.edit == TUI_CASE_EDIT_AREA)
        snprintf(cv->action.area, sizeof cv->action.area, "%s", c->key);
    else
        snprintf(cv->action.key, sizeof cv->action.key, "%s", c->key);
    run_action(v);
}

/* The values of one list (vocab) to choose from, or the areas. */
static void ask_edit_value(tui_view *v, bb_vocab vocab, const char *title)
{
    tui_case_view *cv = v->data;
    const char *keys[TUI_PICK_MAX], *labels[TUI_PICK_MAX];
    const char *const *k = cv->action.edit == TUI_CASE_EDIT_AREA ? NULL : bb_vocab_keys(vocab);
    tui_pick_spec spec = {.title = title, .keys = keys, .labels = labels};
    bb_area_list *areas = NULL;
    int rc;

    if (cv->action.edit == TUI_CASE_EDIT_AREA) {
        if ((rc = bb_area_list_get(v->app->ctx, &areas)) != BB_OK) {
            tui_fail(v->app, rc, _("Cannot read the areas"));
            return;
        }
        keys[0] = "";
        labels[0] = _("(no area)");
        for (spec.n = 1; spec.n <= areas->n && spec.n < TUI_PICK_MAX; spec.n++)
            keys[spec.n] = labels[spec.n] = areas->items[spec.n - 1].name;
    }
    for (; k != NULL && k[spec.n] != NULL && spec.n < TUI_PICK_MAX; spec.n++) {
        keys[spec.n] = k[spec.n];
        labels[spec.n] = tui_label(vocab, k[spec.n]);
    }
    tui_pick(v, TAG_EDIT_VALUE, &spec, edit_value_answer); /* copies the labels */
    bb_area_list_free(areas);
}

static void edit_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_case_view *cv = v->data;

    if (c->cancelled)
        return;
    cv->action.edit = (enum tui_case_edit)c->index;
    if (cv->action.edit == TUI_CASE_EDIT_SUITABLE) {
        cv->action.what = TUI_CASE_EDIT;
        run_action(v);
    } else if (cv->action.edit == TUI_CASE_EDIT_NOT_SUITABLE) {
        ask_edit_value(v, BB_VOCAB_INTAKE_REASON, _("Not suitable because"));
    } else if (cv->action.edit == TUI_CASE_EDIT_SOURCE) {
        ask_edit_value(v, BB_VOCAB_SOURCE, _("Referred by"));
    } else {
        ask_edit_value(v, BB_VOCAB_STATUS, _("Area"));
    }
}

static int ask_edit(tui_view *v)
{
    tui_case_view *cv = v->data;
    const char *labels[] = {_("Intake decision: suitable for mediation"),
                            _("Intake decision: not suitable (choose the reason)"),
                            _("Referred by"), _("Area")};
    tui_pick_spec spec = {.title = _("Edit the case"), .labels = labels, .n = 4};

    if (tui_case_is_final(cv->c->status)) {
        tui_say(v->app, TUI_MSG_ERROR, "%s", _("This case is closed: it is not edited."));
        return TUI_REDRAW;
    }
    return tui_pick(v, TAG_EDIT, &spec, edit_answer);
}

/* Party forms need the keys and the parties as decrypted with them. */
static bool parties_ready(tui_view *v)
{
    return tui_case_keys_ready(v, _("Parties need the keys: unlock, then press the key again."));
}

bool tui_case_keys_ready(tui_view *v, const char *why)
{
    tui_case_view *cv = v->data;
    int rc;

    if (!bb_is_unlocked(v->app->ctx)) {
        tui_say(v->app, TUI_MSG_INFO, "%s", why);
        tui_unlock_ask(v->app, v);
        return false;
    }
    if ((cv->stage < 2 || !cv->unlocked || cv->parties == NULL) &&
        (rc = tui_case_load(v)) != BB_OK) {
        tui_fail(v->app, rc, _("Cannot read the case again"));
        return false;
    }
    return true;
}

static int open_party(tui_view *v, const bb_party *p)
{
    tui_party_arg a = {.case_number = ((tui_case_view *)v->data)->number, .party = p};

    return tui_push(v->app, &tui_view_party, &a);
}

static void party_answer(tui_view *v, int tag, const tui_choice *c)
{
    tui_case_view *cv = v->data;

    if (!c->cancelled && cv->parties != NULL && c->index >= 0 && (size_t)c->index < cv->parties->n)
        open_party(v, &cv->parties->items[c->index]);
}

int tui_case_pick_party(tui_view *v, int tag, const char *title, tui_answer_fn fn)
{
    tui_case_view *cv = v->data;
    static char lines[TUI_PICK_MAX][512];
    const char *labels[TUI_PICK_MAX];
    tui_pick_spec spec = {.title = title, .labels = labels};
    const bb_party *p;
    int rc;

    for (; spec.n < cv->parties->n && spec.n < TUI_PICK_MAX; spec.n++) {
        p = &cv->parties->items[spec.n];
        snprintf(lines[spec.n], sizeof lines[spec.n], "%d. %s: %s", p->number,
                 tui_label(BB_VOCAB_PARTY_ROLE, p->role), p->name ? p->name : "-");
        labels[spec.n] = lines[spec.n];
    }
    rc = tui_pick(v, tag, &spec, fn);    /* copies the labels */
    explicit_bzero(lines, sizeof lines); /* names: not left behind */
    return rc;
}

/* Which party to edit: the only one at once, else from a list of role and name. */
static int ask_party(tui_view *v)
{
    tui_case_view *cv = v->data;

    if (!parties_ready(v))
        return TUI_REDRAW;
    if (cv->parties->n == 0) {
        tui_say(v->app, TUI_MSG_ERROR, "%s", _("The case has no parties yet: P adds one."));
        return TUI_REDRAW;
    }
    if (cv->parties->n == 1)
        return open_party(v, &cv->parties->items[0]);
    return tui_case_pick_party(v, TAG_PARTY, _("Edit party"), party_answer);
}

/* Whether the case ever reached nazorg (the timeline read): only then has it follow-ups. */
static bool reached_followup(const tui_case_view *cv)
{
    for (size_t i = 0; cv->events != NULL && i < cv->events->n; i++)
        if (strcmp(cv->events->items[i].to, "nazorg") == 0)
            return true;
    return cv->events == NULL; /* not read yet: libbb decides */
}

/* Only a closed case whose outcome was not reported back yet. */
static int reported_back(tui_view *v)
{
    tui_case_view *cv = v->data;

    if (cv->c->closed_on[0] == '\0' || cv->c->reported_back_on[0] != '\0') {
        tui_say(v->app, TUI_MSG_ERROR, "%s",
                _("Only a closed case whose outcome was not reported back yet."));
        return TUI_REDRAW;
    }
    cv->action.what = TUI_CASE_REPORTED_BACK;
    return run_action(v);
}

static int followup(tui_view *v)
{
    tui_case_view *cv = v->data;

    if (!reached_followup(cv)) {
        tui_say(v->app, TUI_MSG_ERROR, "%s",
                _("Follow-up is for a case that reached agreements (status nazorg)."));
        return TUI_REDRAW;
    }
    return tui_push(v->app, &tui_view_followup, cv->c);
}

/* Does one of the case screen's changes. */
static int act(tui_view *v, enum tui_request req)
{
    tui_case_view *cv = v->data;

    switch (req) {
    case TUI_REQ_MOVE:
        return ask_move(v);
    case TUI_REQ_CLOSE:
        return ask_close(v);
    case TUI_REQ_REFER:
        return tui_push(v->app, &tui_view_refer, cv->c);
    case TUI_REQ_VOID:
        return ask_correct(v, true);
    case TUI_REQ_REOPEN:
        return ask_correct(v, false);
    case TUI_REQ_REPORTED_BACK:
        return reported_back(v);
    case TUI_REQ_PAIR:
        return ask_pair(v);
    case TUI_REQ_EDIT:
        return ask_edit(v);
    case TUI_REQ_CONTACT:
        return tui_push(v->app, &tui_view_contact, &(tui_contact_arg){.c = cv->c});
    case TUI_REQ_CONTACT_FIX:
        return tui_case_fix_contact(v);
    case TUI_REQ_PARTY_FIX:
        return tui_case_fix_party(v);
    case TUI_REQ_FOLLOWUP:
        return followup(v);
    case TUI_REQ_PARTY_ADD:
        return parties_ready(v) ? open_party(v, NULL) : TUI_REDRAW;
    case TUI_REQ_PARTY_EDIT:
        return ask_party(v);
    default:
        return TUI_UNHANDLED;
    }
}

/* The changes made without a form of their own (a form asks for the keys itself when changes
 * need them: TUI_V_WRITES). */
static bool changes_at_once(enum tui_request req)
{
    return req == TUI_REQ_MOVE || req == TUI_REQ_PAIR || req == TUI_REQ_EDIT ||
           req == TUI_REQ_REPORTED_BACK;
}

int tui_case_act(tui_view *v, enum tui_request req)
{
    if (changes_at_once(req) && !tui_write_ready(v->app, v))
        return TUI_REDRAW;
    return act(v, req);
}

void tui_case_action_free(tui_case_action *a)
{
    bb_pair_list_free(a->pairs);
    a->pairs = NULL;
}
