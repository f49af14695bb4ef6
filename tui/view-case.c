/* One case (the display; its actions are case-actions.c, see case.h): status with its allowed
 * next steps, what was reported, the volunteers, the intake and the outcome, the parties
 * (names and addresses only with the keys), the follow-ups, and the timeline of status
 * changes and contact moments. The case shows after one query; its parties and timeline
 * follow between keys. */
#include "case.h"
#include "labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool tui_case_is_final(const char *status)
{
    size_t n;
    const bb_transition *t = bb_case_transitions(&n);

    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].from, status) == 0)
            return false;
    return true;
}

size_t tui_case_next_steps(const bb_case *c, const char **to, size_t max)
{
    size_t nt, n = 0;
    const bb_transition *t = bb_case_transitions(&nt);

    for (size_t i = 0; i < nt && n < max; i++)
        if (strcmp(t[i].from, c->status) == 0 && !tui_case_is_final(t[i].to))
            to[n++] = t[i].to;
    return n;
}

/* The next steps of the case (labels, ", "-separated) into buf. */
static const char *next_steps(const bb_case *c, char *buf, size_t n)
{
    const char *to[16];
    size_t nt = tui_case_next_steps(c, to, sizeof to / sizeof to[0]), used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < nt; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "",
                         tui_label(BB_VOCAB_STATUS, to[i]));
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

static void add_facts(tui_lines *l, bb_ctx *ctx, const bb_case *c)
{
    char buf[512], a[TUI_VOLUNTEER_LABEL], b[TUI_VOLUNTEER_LABEL];
    long days = tui_days_open(c);

    snprintf(buf, sizeof buf, "%s", tui_label(BB_VOCAB_STATUS, c->status));
    tui_lines_add(l, TUI_ST_HEADER, 0, _("Status"), buf);
    if (!tui_case_is_final(c->status)) {
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
        tui_volunteer_label(ctx, c->volunteers[0], a, sizeof a); /* names when unlocked */
        tui_volunteer_label(ctx, c->volunteers[1], b, sizeof b);
        snprintf(buf, sizeof buf, "%s, %s", a, b);
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
    if (used < sizeof what)
        snprintf(what + used, sizeof what - used, "  (%s)", k->by);
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

/* Status changes and contact moments, merged by date, oldest first. */
static void add_timeline(tui_lines *l, const tui_case_view *cv)
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
    tui_case_view *cv = v->data;

    bb_party_list_free(cv->parties);
    cv->parties = NULL;
    cv->unlocked = bb_is_unlocked(v->app->ctx);
    return bb_party_list_get(v->app->ctx, cv->number, &cv->parties);
}

/* The lines from what is read so far; the scroll position stays. */
static void rebuild(tui_view *v)
{
    tui_case_view *cv = v->data;
    int top = cv->lines.top;

    tui_lines_clear(&cv->lines);
    cv->lines.left_cols = 18;
    add_facts(&cv->lines, v->app->ctx, cv->c);
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
    tui_case_view *cv = v->data;
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
    tui_case_view *cv = v->data;
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
int tui_case_load(tui_view *v)
{
    tui_case_view *cv = v->data;
    int rc;

    if ((rc = read_case(v)) != BB_OK || (rc = read_parties(v)) != BB_OK ||
        (rc = read_timeline(v)) != BB_OK)
        return rc;
    cv->stage = 2;
    rebuild(v);
    return BB_OK;
}

/* Opening shows the case after one query; its parties and timeline follow between keys (see
 * tui_view_ops.more), so moving from case to case never waits for them. */
static int case_open(tui_view *v, void *arg)
{
    tui_case_view *cv;
    int rc;

    if ((rc = tui_open_data(v, sizeof *cv)) != BB_OK)
        return rc;
    cv = v->data;
    snprintf(cv->number, sizeof cv->number, "%s", (const char *)arg);
    if ((rc = read_case(v)) != BB_OK) {
        tui_fail(v->app, rc, _("Cannot open the case"));
        return rc;
    }
    cv->unlocked = bb_is_unlocked(v->app->ctx);
    rebuild(v);
    return BB_OK;
}

static int case_more(tui_view *v)
{
    tui_case_view *cv = v->data;
    int rc;

    if (cv->stage >= 2)
        return TUI_UNHANDLED;
    rc = cv->stage == 0 ? read_parties(v) : read_timeline(v);
    cv->stage = rc == BB_OK ? cv->stage + 1 : 2;
    if (rc != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the case again"));
    rebuild(v);
    return TUI_REDRAW;
}

static void case_close(tui_view *v)
{
    tui_case_view *cv = v->data;

    if (cv == NULL)
        return;
    bb_case_free(cv->c);
    bb_case_event_list_free(cv->events);
    bb_contact_list_free(cv->contacts);
    bb_followup_list_free(cv->followups);
    tui_case_action_free(&cv->action);
    bb_party_list_free(cv->parties);
    tui_lines_clear(&cv->lines);
    free(cv);
    v->data = NULL;
}

/* Back on top: read again when the keys came or went meanwhile (names appear or go). */
static void case_layout(tui_view *v)
{
    tui_case_view *cv = v->data;
    int rc;

    if (cv->stage >= 2 && cv->unlocked != (bool)bb_is_unlocked(v->app->ctx) &&
        (rc = tui_case_load(v)) != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the case again"));
}

static void case_draw(tui_view *v)
{
    werase(v->win);
    tui_lines_draw(&((tui_case_view *)v->data)->lines, v->win, 0, getmaxy(v->win));
}

static int case_request(tui_view *v, enum tui_request req, int key)
{
    tui_case_view *cv = v->data;
    int rc, flags = tui_case_act(v, req);

    if (flags != TUI_UNHANDLED)
        return flags;
    if (req != TUI_REQ_RELOAD)
        return tui_lines_scroll(&cv->lines, req, getmaxy(v->win));
    if ((rc = tui_case_load(v)) != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the case again"));
    return TUI_REDRAW;
}
static const char *case_title(tui_view *v)
{
    tui_case_view *cv = v->data;

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
