/* One case: status with its allowed next steps, what was reported, the timeline of status
 * changes and contact moments; actions move (m), close (c), reported back (r), and the forms
 * for a contact moment (a), a party (P adds, E edits; view-party.c) and a follow-up (F); the
 * follow-ups, when there are, above the timeline. Changes name
 * the version shown; when another coordinator changed the case meanwhile, the screen reloads,
 * shows what changed, and lets the user choose: do the change on the new version, or leave it.
 * Parties, volunteers, referral and follow-up get their sections (add_* below) as libbb gains
 * them. */
#include "dialog.h"
#include "labels.h"
#include "unlock.h"
#include "lines.h"
#include "pair-text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TAG_MOVE, TAG_CLOSE, TAG_CONFLICT, TAG_PAIR, TAG_EDIT, TAG_EDIT_VALUE, TAG_PARTY };
enum action { ACT_MOVE, ACT_CLOSE, ACT_REPORTED_BACK, ACT_PAIR, ACT_EDIT };
/* What an edit (e) changes. */
enum edit { EDIT_SUITABLE, EDIT_NOT_SUITABLE, EDIT_SOURCE, EDIT_AREA };

typedef struct casev {
    char number[BB_NUMBER_SIZE];
    bb_case *c;
    bb_case_event_list *events;
    bb_contact_list *contacts;
    bb_followup_list *followups;
    bb_party_list *parties; /* decrypted names only with the keys; wiped when freed */
    int stage;           /* read so far: 0 the case, 1 and its parties, 2 and its timeline */
    tui_lines lines;
    char title[96];
    bool unlocked;       /* whether the parties were read with the keys */
    enum action pending; /* what a conflict interrupted, for "do it on the new version" */
    char pending_key[BB_KEY_SIZE];
    char pending_pair[2][BB_NUMBER_SIZE]; /* ACT_PAIR: the volunteers chosen */
    enum edit pending_edit;               /* ACT_EDIT: what, to pending_key (or the area) */
    char pending_area[BB_AREA_SIZE];
    bb_pair_list *pairs;                  /* the suggestions while their list is open */
} casev;

/* A status the workflow leads nowhere from: reached by closing, never by moving. */
static bool is_final(const char *status)
{
    size_t n;
    const bb_transition *t = bb_case_transitions(&n);

    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].from, status) == 0)
            return false;
    return true;
}

/* The next steps of the case (labels, ", "-separated) into buf. */
static const char *next_steps(const bb_case *c, char *buf, size_t n)
{
    size_t nt, used = 0;
    const bb_transition *t = bb_case_transitions(&nt);

    buf[0] = '\0';
    for (size_t i = 0; i < nt; i++) {
        if (strcmp(t[i].from, c->status) != 0 || is_final(t[i].to))
            continue;
        int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "",
                         tui_label(BB_VOCAB_STATUS, t[i].to));
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

static void add_facts(tui_lines *l, const bb_case *c)
{
    char buf[512];
    long days = tui_days_open(c);

    snprintf(buf, sizeof buf, "%s", tui_label(BB_VOCAB_STATUS, c->status));
    tui_lines_add(l, TUI_ST_HEADER, 0, _("Status"), buf);
    if (!is_final(c->status)) {
        next_steps(c, buf, sizeof buf);
        tui_lines_add(l, TUI_ST_NORMAL, 0, _("Next steps"), *buf ? buf : "-");
    }
    snprintf(buf, sizeof buf, ngettext("%s (%ld day open)", "%s (%ld days open)", days),
             c->reported_on, days);
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("Reported on"), buf);
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("Referred by"), tui_label(BB_VOCAB_SOURCE, c->source));
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("Area"), c->area[0] ? c->area : "-");
    for (size_t i = 0; i < c->n_types; i++)
        tui_lines_add(l, TUI_ST_NORMAL, 0, i == 0 ? _("Conflict types") : "",
                      tui_label(BB_VOCAB_CONFLICT_TYPE, c->types[i]));
    if (c->volunteers[0][0] != '\0') {
        snprintf(buf, sizeof buf, "%s, %s", c->volunteers[0], c->volunteers[1]);
        tui_lines_add(l, TUI_ST_NORMAL, 0, _("Volunteers"), buf);
    } else {
        tui_lines_add(l, TUI_ST_DIM, 0, _("Volunteers"), _("not paired yet: press p"));
    }
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("Intake"),
                  c->intake_suitable < 0    ? _("not decided yet")
                  : c->intake_suitable == 0 ? _("not suitable for mediation")
                                            : _("suitable for mediation"));
    if (c->outcome[0] == '\0')
        return;
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("Outcome"), tui_label(BB_VOCAB_OUTCOME, c->outcome));
    tui_lines_add(l, TUI_ST_NORMAL, 0, _("Closed on"), c->closed_on);
    tui_lines_add(l, c->reported_back_on[0] ? TUI_ST_NORMAL : TUI_ST_ERROR, 0, _("Reported back"),
                  c->reported_back_on[0] ? c->reported_back_on
                                         : _("not yet: press r once the referrer knows"));
}

/* Notes are wrapped to this many columns: what is left of 80 after the date column. */
#define NOTE_COLS 56

static void add_event(tui_lines *l, const bb_case_event *e)
{
    char when[32], what[256];

    tui_local_time(e->at, when, sizeof when);
    if (e->from[0] == '\0')
        snprintf(what, sizeof what, _("registered as %s"), tui_label(BB_VOCAB_STATUS, e->to));
    else
        snprintf(what, sizeof what, "%s -> %s", tui_label(BB_VOCAB_STATUS, e->from),
                 tui_label(BB_VOCAB_STATUS, e->to));
    snprintf(what + strlen(what), sizeof what - strlen(what), "  (%s)", e->user);
    tui_lines_add(l, TUI_ST_NORMAL, 2, when, what);
    if (e->note != NULL && e->note[0] != '\0') /* decrypted only with the keys */
        tui_lines_add_wrapped(l, TUI_ST_DIM, 2, "", e->note, NOTE_COLS);
}

static void add_contact(tui_lines *l, const bb_contact *k)
{
    char what[512];
    size_t used;

    used = (size_t)snprintf(what, sizeof what, "%s", tui_label(BB_VOCAB_CONTACT_KIND, k->kind));
    if (k->minutes >= 0 && used < sizeof what)
        used += (size_t)snprintf(what + used, sizeof what - used, _(", %d min"), k->minutes);
    for (size_t i = 0; i < k->n_with && used < sizeof what; i++)
        used += (size_t)snprintf(what + used, sizeof what - used, "%s%s",
                                 i == 0 ? _(", with ") : ", ", k->with[i]);
    tui_lines_add(l, TUI_ST_NORMAL, 2, k->date, what);
    if (k->note != NULL && k->note[0] != '\0')
        tui_lines_add_wrapped(l, TUI_ST_DIM, 2, "", k->note, NOTE_COLS);
}

/* One line per party asked in a follow-up: whether the agreements hold, whether it improved;
 * the date on the first. */
static void add_followup(tui_lines *l, const bb_followup *f)
{
    const struct {
        const char *who, *agreements, *improved;
    } p[] = {{_("Reporting party"), f->melder_agreements, f->melder_improved},
             {_("Other party"), f->wederpartij_agreements, f->wederpartij_improved}};
    char buf[256];
    bool first = true;

    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        if (p[i].agreements[0] == '\0' && p[i].improved[0] == '\0')
            continue;
        snprintf(buf, sizeof buf, _("%s: agreements hold %s, situation improved %s"), p[i].who,
                 tui_followup_answer(p[i].agreements), tui_followup_answer(p[i].improved));
        tui_lines_add(l, TUI_ST_NORMAL, 2, first ? f->date : "", buf);
        first = false;
    }
}

/* The follow-ups (nazorg), oldest first; nothing while there are none. */
static void add_followups(tui_lines *l, const bb_followup_list *list)
{
    if (list == NULL || list->n == 0)
        return;
    tui_lines_add(l, TUI_ST_NORMAL, 0, "", NULL);
    tui_lines_add(l, TUI_ST_HEADER, 0, _("Follow-up"), NULL);
    for (size_t i = 0; i < list->n; i++)
        add_followup(l, &list->items[i]);
}

/* Whether the case ever reached nazorg (the timeline read): only then has it follow-ups. */
static bool reached_followup(const casev *cv)
{
    for (size_t i = 0; cv->events != NULL && i < cv->events->n; i++)
        if (strcmp(cv->events->items[i].to, "nazorg") == 0)
            return true;
    return cv->events == NULL; /* not read yet: libbb decides */
}

/* Status changes and contact moments, merged by date, oldest first. */
static void add_timeline(tui_lines *l, const casev *cv)
{
    size_t e = 0, k = 0, ne = cv->events ? cv->events->n : 0,
           nk = cv->contacts ? cv->contacts->n : 0;

    tui_lines_add(l, TUI_ST_NORMAL, 0, "", NULL);
    tui_lines_add(l, TUI_ST_HEADER, 0, _("Timeline"), NULL);
    while (e < ne || k < nk) {
        if (k >= nk ||
            (e < ne && strncmp(cv->events->items[e].at, cv->contacts->items[k].date, 10) <= 0))
            add_event(l, &cv->events->items[e++]);
        else
            add_contact(l, &cv->contacts->items[k++]);
    }
}

/* The plain attributes that are known (not "onbekend"), "; "-separated. */
static void add_attributes(tui_lines *l, const bb_party *p)
{
    const struct {
        bb_vocab v;
        const char *key;
    } a[] = {{BB_VOCAB_TENURE, p->tenure},
             {BB_VOCAB_HOUSEHOLD, p->household},
             {BB_VOCAB_AGE_BAND, p->age_band},
             {BB_VOCAB_INTERPRETER, p->interpreter}};
    char buf[512] = "";
    size_t used = 0;

    for (size_t i = 0; i < sizeof a / sizeof a[0] && used < sizeof buf; i++)
        if (a[i].key[0] != '\0' && strcmp(a[i].key, "onbekend") != 0)
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", used ? "; " : "",
                                     tui_label(a[i].v, a[i].key));
    if (buf[0] != '\0')
        tui_lines_add(l, TUI_ST_DIM, 2, "", buf);
}

/* The parties (personal data: names and contact details only with the keys). */
static void add_party(tui_lines *l, const bb_party *p)
{
    char buf[1024];

    tui_lines_add(l, TUI_ST_HEADER, 2, tui_label(BB_VOCAB_PARTY_ROLE, p->role),
                  p->name ? p->name : "-");
    snprintf(buf, sizeof buf, "%s%s%s%s%s%s%s", p->street ? p->street : "",
             p->house_number && p->street ? " " : "", p->house_number ? p->house_number : "",
             p->postcode ? ", " : "", p->postcode ? p->postcode : "", p->place ? " " : "",
             p->place ? p->place : "");
    if (buf[0] != '\0')
        tui_lines_add(l, TUI_ST_NORMAL, 2, "", buf[0] == ',' ? buf + 2 : buf);
    snprintf(buf, sizeof buf, "%s%s%s", p->phone ? p->phone : "", p->phone && p->email ? ", " : "",
             p->email ? p->email : "");
    if (buf[0] != '\0')
        tui_lines_add(l, TUI_ST_NORMAL, 2, "", buf);
    add_attributes(l, p);
}

static void add_parties(tui_lines *l, const bb_party_list *parties)
{
    tui_lines_add(l, TUI_ST_NORMAL, 0, "", NULL);
    tui_lines_add(l, TUI_ST_HEADER, 0, _("Parties"), NULL);
    if (parties->n == 0)
        tui_lines_add(l, TUI_ST_NORMAL, 2, _("none yet"), NULL);
    else if (parties->items[0].locked)
        tui_lines_add(l, TUI_ST_DIM, 2, _("Names and addresses are locked: press u to unlock."),
                      NULL);
    for (size_t i = 0; i < parties->n; i++)
        add_party(l, &parties->items[i]);
}

static int read_parties(tui_view *v)
{
    casev *cv = v->data;

    bb_party_list_free(cv->parties);
    cv->parties = NULL;
    cv->unlocked = bb_is_unlocked(v->app->ctx);
    return bb_party_list_get(v->app->ctx, cv->number, &cv->parties);
}


/* The lines from what is read so far; the scroll position stays. */
static void rebuild(casev *cv)
{
    int top = cv->lines.top;

    tui_lines_clear(&cv->lines);
    cv->lines.left_cols = 18;
    add_facts(&cv->lines, cv->c);
    if (cv->stage >= 1 && cv->parties != NULL)
        add_parties(&cv->lines, cv->parties);
    if (cv->stage >= 2) {
        add_followups(&cv->lines, cv->followups);
        add_timeline(&cv->lines, cv);
    }
    cv->lines.top = top;
}

static int read_case(tui_view *v)
{
    casev *cv = v->data;
    bb_case *c = NULL;
    int rc = bb_case_get(v->app->ctx, cv->number, &c);

    if (rc != BB_OK)
        return rc;
    bb_case_free(cv->c);
    cv->c = c;
    return BB_OK;
}

static int read_timeline(tui_view *v)
{
    casev *cv = v->data;
    int rc;

    bb_case_event_list_free(cv->events);
    bb_contact_list_free(cv->contacts);
    bb_followup_list_free(cv->followups);
    cv->events = NULL;
    cv->contacts = NULL;
    cv->followups = NULL;
    if ((rc = bb_case_events(v->app->ctx, cv->number, &cv->events)) != BB_OK ||
        (rc = bb_contact_list_get(v->app->ctx, cv->number, &cv->contacts)) != BB_OK)
        return rc;
    return bb_followup_list_get(v->app->ctx, cv->number, &cv->followups);
}

/* Everything at once: after a change, or when the keys came or went. */
static int load(tui_view *v)
{
    casev *cv = v->data;
    int rc;

    if ((rc = read_case(v)) != BB_OK || (rc = read_parties(v)) != BB_OK ||
        (rc = read_timeline(v)) != BB_OK)
        return rc;
    cv->stage = 2;
    rebuild(cv);
    return BB_OK;
}

/* Opening shows the case after one query; its parties and timeline follow between keys (see
 * tui_view_ops.more), so moving from case to case never waits for them. */
static int case_open(tui_view *v, void *arg)
{
    casev *cv;
    int rc;

    if (!tui_need_org(v->app))
        return BB_ENOTFOUND;
    if ((cv = calloc(1, sizeof *cv)) == NULL)
        return BB_ENOMEM;
    v->data = cv;
    snprintf(cv->number, sizeof cv->number, "%s", (const char *)arg);
    if ((rc = read_case(v)) != BB_OK) {
        tui_fail(v->app, rc, _("Cannot open the case"));
        return rc;
    }
    cv->unlocked = bb_is_unlocked(v->app->ctx);
    rebuild(cv);
    return BB_OK;
}

static int case_more(tui_view *v)
{
    casev *cv = v->data;
    int rc;

    if (cv->stage >= 2)
        return TUI_UNHANDLED;
    rc = cv->stage == 0 ? read_parties(v) : read_timeline(v);
    cv->stage = rc == BB_OK ? cv->stage + 1 : 2;
    if (rc != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the case again"));
    rebuild(cv);
    return TUI_REDRAW;
}

static void case_close(tui_view *v)
{
    casev *cv = v->data;

    if (cv == NULL)
        return;
    bb_case_free(cv->c);
    bb_case_event_list_free(cv->events);
    bb_contact_list_free(cv->contacts);
    bb_followup_list_free(cv->followups);
    bb_pair_list_free(cv->pairs);
    bb_party_list_free(cv->parties);
    tui_lines_clear(&cv->lines);
    free(cv);
    v->data = NULL;
}

/* Back on top: read again when the keys came or went meanwhile (names appear or go). */
static void case_layout(tui_view *v)
{
    casev *cv = v->data;
    int rc;

    if (cv->stage >= 2 && cv->unlocked != (bool)bb_is_unlocked(v->app->ctx) &&
        (rc = load(v)) != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the case again"));
}

static void case_draw(tui_view *v)
{
    werase(v->win);
    tui_lines_draw(&((casev *)v->data)->lines, v->win, 0, getmaxy(v->win));
}

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
static const char *pending_text(const casev *cv, bool done, char *buf, size_t n)
{
    if (cv->pending == ACT_MOVE)
        snprintf(buf, n, done ? _("Moved to %s.") : _("move it to %s"),
                 tui_label(BB_VOCAB_STATUS, cv->pending_key));
    else if (cv->pending == ACT_CLOSE)
        snprintf(buf, n, done ? _("Closed as %s.") : _("close it as %s"),
                 tui_label(BB_VOCAB_OUTCOME, cv->pending_key));
    else if (cv->pending == ACT_PAIR)
        snprintf(buf, n, done ? _("Paired %s and %s.") : _("pair %s and %s"),
                 cv->pending_pair[0], cv->pending_pair[1]);
    else if (cv->pending == ACT_EDIT && cv->pending_edit == EDIT_SUITABLE)
        snprintf(buf, n, "%s",
                 done ? _("Intake decision: suitable for mediation.")
                      : _("record the intake decision: suitable"));
    else if (cv->pending == ACT_EDIT && cv->pending_edit == EDIT_NOT_SUITABLE)
        snprintf(buf, n, done ? _("Intake decision: not suitable (%s).")
                              : _("record the intake decision: not suitable (%s)"),
                 tui_label(BB_VOCAB_INTAKE_REASON, cv->pending_key));
    else if (cv->pending == ACT_EDIT && cv->pending_edit == EDIT_SOURCE)
        snprintf(buf, n, done ? _("Referred by: %s.") : _("change the referrer to %s"),
                 tui_label(BB_VOCAB_SOURCE, cv->pending_key));
    else if (cv->pending == ACT_EDIT)
        snprintf(buf, n, done ? _("Area: %s.") : _("change the area to %s"),
                 cv->pending_area[0] ? cv->pending_area : "-");
    else
        snprintf(buf, n, "%s",
                 done ? _("Recorded: the outcome was reported back today.")
                      : _("record that the outcome was reported back"));
    return buf;
}

static int run_action(tui_view *v);

/* bb_case_edit with the one change of cv->pending_edit, on the version shown. */
static int edit_case(tui_view *v, bb_case **after)
{
    casev *cv = v->data;
    bb_case_changes ch = {0};

    switch (cv->pending_edit) {
    case EDIT_SUITABLE:
        ch.intake = BB_INTAKE_SUITABLE;
        break;
    case EDIT_NOT_SUITABLE:
        ch.intake = BB_INTAKE_NOT_SUITABLE;
        ch.intake_reason = cv->pending_key;
        break;
    case EDIT_SOURCE:
        ch.source = cv->pending_key;
        break;
    case EDIT_AREA:
        ch.area = cv->pending_area;
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
    casev *cv = v->data;
    bb_case before = *cv->c;
    char changes[768], mine[160], text[1200];
    int rc = load(v);

    if (rc != BB_OK) {
        tui_fail(v->app, rc, _("Cannot read the case again"));
        return TUI_REDRAW;
    }
    describe_changes(&before, cv->c, changes, sizeof changes);
    pending_text(cv, false, mine, sizeof mine);
    snprintf(text, sizeof text,
             _("Someone else changed this case while you had it open. The screen now shows it "
               "as stored. Changed: %s. You wanted to %s."),
             changes, mine);
    tui_say(v->app, TUI_MSG_ERROR, "%s", _("The case was changed by someone else: not saved."));
    return tui_confirm(v, TAG_CONFLICT, _("Changed by someone else"), text,
                       _("Leave it as it is now"), _("Do my change on the new version"),
                       conflict_answer);
}

/* Does cv->pending on the version shown. */
static int run_action(tui_view *v)
{
    casev *cv = v->data;
    bb_ctx *ctx = v->app->ctx;
    bb_case *after = NULL;
    char done[160];
    int rc;

    if (cv->pending == ACT_MOVE)
        rc = bb_case_move(ctx, cv->number, cv->c->version, cv->pending_key, &after);
    else if (cv->pending == ACT_CLOSE)
        rc = bb_case_close(ctx, cv->number, cv->c->version, cv->pending_key, NULL, &after);
    else if (cv->pending == ACT_PAIR)
        rc = bb_case_assign(ctx, cv->number, cv->c->version, cv->pending_pair[0],
                            cv->pending_pair[1], &after);
    else if (cv->pending == ACT_EDIT)
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
    tui_say(v->app, TUI_MSG_OK, "%s", pending_text(cv, true, done, sizeof done));
    if ((rc = load(v)) != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the case again"));
    return TUI_REDRAW;
}

static void choice_answer(tui_view *v, int tag, const tui_choice *c)
{
    casev *cv = v->data;

    if (c->cancelled)
        return;
    cv->pending = tag == TAG_MOVE ? ACT_MOVE : ACT_CLOSE;
    snprintf(cv->pending_key, sizeof cv->pending_key, "%s", c->key);
    run_action(v);
}

static int ask_move(tui_view *v)
{
    casev *cv = v->data;
    const char *keys[TUI_PICK_MAX], *labels[TUI_PICK_MAX];
    tui_pick_spec spec = {.title = _("Move to"), .keys = keys, .labels = labels};
    size_t nt;
    const bb_transition *t = bb_case_transitions(&nt);

    for (size_t i = 0; i < nt && spec.n < TUI_PICK_MAX; i++)
        if (strcmp(t[i].from, cv->c->status) == 0 && !is_final(t[i].to)) {
            keys[spec.n] = t[i].to;
            labels[spec.n++] = tui_label(BB_VOCAB_STATUS, t[i].to);
        }
    if (spec.n == 0) {
        tui_say(v->app, TUI_MSG_ERROR, "%s", _("This case has no next step: it is closed."));
        return TUI_REDRAW;
    }
    return tui_pick(v, TAG_MOVE, &spec, choice_answer);
}

static int ask_close(tui_view *v)
{
    casev *cv = v->data;
    const char *labels[TUI_PICK_MAX];
    const char *const *keys = bb_vocab_keys(BB_VOCAB_OUTCOME);
    tui_pick_spec spec = {.title = _("Close with outcome"), .keys = keys, .labels = labels};

    if (is_final(cv->c->status)) {
        tui_say(v->app, TUI_MSG_ERROR, "%s", _("This case is closed already."));
        return TUI_REDRAW;
    }
    for (; keys[spec.n] != NULL && spec.n < TUI_PICK_MAX; spec.n++)
        labels[spec.n] = tui_label(BB_VOCAB_OUTCOME, keys[spec.n]);
    return tui_pick(v, TAG_CLOSE, &spec, choice_answer);
}

static void pair_answer(tui_view *v, int tag, const tui_choice *c)
{
    casev *cv = v->data;
    const bb_pair *p;

    if (!c->cancelled && cv->pairs != NULL && c->index >= 0 && (size_t)c->index < cv->pairs->n) {
        p = &cv->pairs->items[c->index];
        cv->pending = ACT_PAIR;
        snprintf(cv->pending_pair[0], BB_NUMBER_SIZE, "%s", p->member[0].number);
        snprintf(cv->pending_pair[1], BB_NUMBER_SIZE, "%s", p->member[1].number);
    }
    bb_pair_list_free(cv->pairs);
    cv->pairs = NULL;
    if (cv->pending == ACT_PAIR && !c->cancelled)
        run_action(v);
}

/* The suggested pairs, best first, each with its reasons; who was left out, and why, above. */
static int ask_pair(tui_view *v)
{
    casev *cv = v->data;
    static char lines[TUI_PICK_MAX][256];
    static char excluded[1024], text[1200];
    const char *labels[TUI_PICK_MAX];
    tui_pick_spec spec = {.title = _("Pair volunteers"), .labels = labels};
    int rc;

    bb_pair_list_free(cv->pairs);
    cv->pairs = NULL;
    if ((rc = bb_case_suggest(v->app->ctx, cv->number, 20, &cv->pairs)) != BB_OK) {
        tui_fail(v->app, rc, _("No suggestions"));
        return TUI_REDRAW;
    }
    tui_pair_excluded(cv->pairs, excluded, sizeof excluded);
    if (cv->pairs->n == 0) {
        tui_say(v->app, TUI_MSG_ERROR, _("No two active volunteers may take this case. %s"),
                excluded);
        bb_pair_list_free(cv->pairs);
        cv->pairs = NULL;
        return TUI_REDRAW;
    }
    for (; spec.n < cv->pairs->n && spec.n < TUI_PICK_MAX; spec.n++) {
        tui_pair_describe(&cv->pairs->items[spec.n], lines[spec.n], sizeof lines[spec.n]);
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
    casev *cv = v->data;

    if (c->cancelled)
        return;
    cv->pending = ACT_EDIT;
    if (cv->pending_edit == EDIT_AREA)
        snprintf(cv->pending_area, sizeof cv->pending_area, "%s", c->key);
    else
        snprintf(cv->pending_key, sizeof cv->pending_key, "%s", c->key);
    run_action(v);
}

/* The values of one list (vocab) to choose from, or the areas. */
static void ask_edit_value(tui_view *v, bb_vocab vocab, const char *title)
{
    casev *cv = v->data;
    const char *keys[TUI_PICK_MAX], *labels[TUI_PICK_MAX];
    const char *const *k = cv->pending_edit == EDIT_AREA ? NULL : bb_vocab_keys(vocab);
    tui_pick_spec spec = {.title = title, .keys = keys, .labels = labels};
    bb_area_list *areas = NULL;
    int rc;

    if (cv->pending_edit == EDIT_AREA) {
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
    casev *cv = v->data;

    if (c->cancelled)
        return;
    cv->pending_edit = (enum edit)c->index;
    if (cv->pending_edit == EDIT_SUITABLE) {
        cv->pending = ACT_EDIT;
        run_action(v);
    } else if (cv->pending_edit == EDIT_NOT_SUITABLE) {
        ask_edit_value(v, BB_VOCAB_INTAKE_REASON, _("Not suitable because"));
    } else if (cv->pending_edit == EDIT_SOURCE) {
        ask_edit_value(v, BB_VOCAB_SOURCE, _("Referred by"));
    } else {
        ask_edit_value(v, BB_VOCAB_STATUS, _("Area"));
    }
}

static int ask_edit(tui_view *v)
{
    casev *cv = v->data;
    const char *labels[] = {_("Intake decision: suitable for mediation"),
                            _("Intake decision: not suitable (choose the reason)"),
                            _("Referred by"), _("Area")};
    tui_pick_spec spec = {.title = _("Edit the case"), .labels = labels, .n = 4};

    if (is_final(cv->c->status)) {
        tui_say(v->app, TUI_MSG_ERROR, "%s", _("This case is closed: it is not edited."));
        return TUI_REDRAW;
    }
    return tui_pick(v, TAG_EDIT, &spec, edit_answer);
}

/* Party forms need the keys and the parties as decrypted with them: unlocking first, then
 * the case reads its parties again (case_layout) and the key is pressed again. */
static bool parties_ready(tui_view *v)
{
    casev *cv = v->data;
    int rc;

    if (!bb_is_unlocked(v->app->ctx)) {
        tui_say(v->app, TUI_MSG_INFO, "%s",
                _("Parties need the keys: unlock, then press the key again."));
        tui_unlock_ask(v->app, v);
        return false;
    }
    if ((cv->stage < 2 || !cv->unlocked || cv->parties == NULL) && (rc = load(v)) != BB_OK) {
        tui_fail(v->app, rc, _("Cannot read the case again"));
        return false;
    }
    return true;
}

static int open_party(tui_view *v, const bb_party *p)
{
    tui_party_arg a = {.case_number = ((casev *)v->data)->number, .party = p};

    return tui_push(v->app, &tui_view_party, &a);
}

static void party_answer(tui_view *v, int tag, const tui_choice *c)
{
    casev *cv = v->data;

    if (!c->cancelled && cv->parties != NULL && c->index >= 0 &&
        (size_t)c->index < cv->parties->n)
        open_party(v, &cv->parties->items[c->index]);
}

/* Which party to edit: the only one at once, else from a list of role and name. */
static int ask_party(tui_view *v)
{
    casev *cv = v->data;
    static char lines[TUI_PICK_MAX][256];
    const char *labels[TUI_PICK_MAX];
    tui_pick_spec spec = {.title = _("Edit party"), .labels = labels};
    const bb_party *p;
    int rc;

    if (!parties_ready(v))
        return TUI_REDRAW;
    if (cv->parties->n == 0) {
        tui_say(v->app, TUI_MSG_ERROR, "%s", _("The case has no parties yet: P adds one."));
        return TUI_REDRAW;
    }
    if (cv->parties->n == 1)
        return open_party(v, &cv->parties->items[0]);
    for (; spec.n < cv->parties->n && spec.n < TUI_PICK_MAX; spec.n++) {
        p = &cv->parties->items[spec.n];
        snprintf(lines[spec.n], sizeof lines[spec.n], "%d. %s: %s", p->number,
                 tui_label(BB_VOCAB_PARTY_ROLE, p->role), p->name ? p->name : "-");
        labels[spec.n] = lines[spec.n];
    }
    rc = tui_pick(v, TAG_PARTY, &spec, party_answer); /* copies the labels */
    explicit_bzero(lines, sizeof lines);             /* names: not left behind */
    return rc;
}

static int case_request(tui_view *v, enum tui_request req, int key)
{
    casev *cv = v->data;
    int rc;

    switch (req) {
    case TUI_REQ_MOVE:
        return ask_move(v);
    case TUI_REQ_CLOSE:
        return ask_close(v);
    case TUI_REQ_PAIR:
        return ask_pair(v);
    case TUI_REQ_EDIT:
        return ask_edit(v);
    case TUI_REQ_CONTACT:
        return tui_push(v->app, &tui_view_contact, cv->c);
    case TUI_REQ_FOLLOWUP:
        if (!reached_followup(cv)) {
            tui_say(v->app, TUI_MSG_ERROR, "%s",
                    _("Follow-up is for a case that reached agreements (status nazorg)."));
            return TUI_REDRAW;
        }
        return tui_push(v->app, &tui_view_followup, cv->c);
    case TUI_REQ_PARTY_ADD:
        return parties_ready(v) ? open_party(v, NULL) : TUI_REDRAW;
    case TUI_REQ_PARTY_EDIT:
        return ask_party(v);
    case TUI_REQ_REPORTED_BACK:
        if (cv->c->closed_on[0] == '\0' || cv->c->reported_back_on[0] != '\0') {
            tui_say(v->app, TUI_MSG_ERROR, "%s",
                    _("Only a closed case whose outcome was not reported back yet."));
            return TUI_REDRAW;
        }
        cv->pending = ACT_REPORTED_BACK;
        return run_action(v);
    case TUI_REQ_RELOAD:
        if ((rc = load(v)) != BB_OK)
            tui_fail(v->app, rc, _("Cannot read the case again"));
        return TUI_REDRAW;
    default:
        return tui_lines_scroll(&cv->lines, req, getmaxy(v->win));
    }
}

static const char *case_title(tui_view *v)
{
    casev *cv = v->data;

    snprintf(cv->title, sizeof cv->title, _("Case %s"), cv->number);
    return cv->title;
}

const tui_view_ops tui_view_case = {
    .name = "case",
    .scopes = TUI_S_BROWSE | TUI_S_CASE,
    .open = case_open,
    .close = case_close,
    .layout = case_layout,
    .draw = case_draw,
    .request = case_request,
    .title = case_title,
    .more = case_more,
};

int tui_open_case(tui_app *app, const char *number)
{
    return tui_push(app, &tui_view_case, (void *)number);
}
