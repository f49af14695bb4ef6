/* The cases of one signal (intake overdue, no contact, follow-up due, outcome not reported
 * back, practice over budget), keyset paged from bb_signal_list_get; Enter opens the case. Also what the start
 * screen shows of the signals. */
#include "signals.h"
#include "draw.h"
#include "labels.h"
#include "pager.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *tui_signal_text(int kind, int threshold, char *buf, size_t n)
{
    switch (kind) {
    case BB_SIGNAL_NO_CONTACT:
        snprintf(
            buf, n,
            ngettext("No contact for %d day or more", "No contact for %d days or more", threshold),
            threshold);
        break;
    case BB_SIGNAL_INTAKE_OVERDUE:
        snprintf(buf, n,
                 ngettext("Intake overdue (%d working day)", "Intake overdue (%d working days)",
                          threshold),
                 threshold);
        break;
    case BB_SIGNAL_FOLLOWUP_DUE:
        snprintf(
            buf, n,
            ngettext("Follow-up due (after %d week)", "Follow-up due (after %d weeks)", threshold),
            threshold);
        break;
    case BB_SIGNAL_BUDGET_OVER:
        snprintf(buf, n, "%s", _("Practice over its budget"));
        break;
    default:
        snprintf(buf, n, "%s", _("Outcome not reported back to the referrer"));
        break;
    }
    return buf;
}

int tui_signal_count(bb_ctx *ctx, int kind, long max, long *count, int *threshold)
{
    char after[BB_SIGNAL_CURSOR_SIZE] = "";
    bb_signal_filter f = {.limit = 1000};
    bb_signal_list *page = NULL;
    int rc;

    *count = 0;
    do {
        f.after = after[0] ? after : NULL;
        if ((rc = bb_signal_list_get(ctx, (bb_signal_kind)kind, &f, &page)) != BB_OK)
            return rc;
        *count += (long)page->n;
        *threshold = page->threshold;
        snprintf(after, sizeof after, "%s", page->next);
        bb_signal_list_free(page);
    } while (after[0] != '\0' && *count <= max);
    if (after[0] != '\0')
        *count = max + 1;
    return BB_OK;
}

typedef struct sigv {
    int kind;
    bb_signal_list *page;
    tui_pager pager;
    char title[160];
} sigv;

static int fetch(tui_view *v, const char *after, int limit, int *n, char next[TUI_CURSOR_SIZE])
{
    sigv *s = v->data;
    bb_signal_filter f = {.after = after, .limit = limit > 1000 ? 1000 : limit};
    bb_signal_list *page = NULL;
    int rc = bb_signal_list_get(v->app->ctx, (bb_signal_kind)s->kind, &f, &page);
    char what[128];

    if (rc != BB_OK)
        return rc;
    bb_signal_list_free(s->page);
    s->page = page;
    *n = (int)page->n;
    memcpy(next, page->next, BB_SIGNAL_CURSOR_SIZE);
    tui_signal_text(s->kind, page->threshold, what, sizeof what);
    snprintf(s->title, sizeof s->title, "%s: %s", _("Signals"), what);
    return BB_OK;
}

static int sig_open(tui_view *v, void *arg)
{
    sigv *s;
    int rc;

    if ((rc = tui_open_data(v, sizeof *s)) != BB_OK)
        return rc;
    s = v->data;
    s->kind = *(const int *)arg;
    s->pager.fetch = fetch;
    snprintf(s->title, sizeof s->title, "%s", _("Signals"));
    return BB_OK;
}

static void sig_close(tui_view *v)
{
    sigv *s = v->data;

    if (s == NULL)
        return;
    bb_signal_list_free(s->page);
    tui_pager_free(&s->pager);
    free(s);
}

static void sig_layout(tui_view *v)
{
    sigv *s = v->data;
    int rc = tui_pager_set_limit(&s->pager, v, getmaxy(v->win) - 3);

    if (rc != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the signals"));
}

/* A row; the last column right-aligned in last columns. */
static void draw_row(WINDOW *w, int y, const char *const t[4], int last, attr_t a)
{
    int x = 1;

    tui_fill(w, y, 0, a);
    x += tui_put(w, y, x, 14, t[0], a, true) + 2;
    x += tui_put(w, y, x, 16, t[1], a, true) + 2;
    x += tui_put(w, y, x, 12, t[2], a, true) + 2;
    tui_put_right(w, y, x + last, t[3], a);
}

static void sig_draw(tui_view *v)
{
    sigv *s = v->data;
    WINDOW *w = v->win;
    char days[32], amount[16], where[96];
    bool budget = s->kind == BB_SIGNAL_BUDGET_OVER;
    const char *head[4] = {_("Case"), _("Status"), budget ? _("Referred on") : _("Since"),
                           budget ? _("Over budget") : _("Days")};

    werase(w);
    int last = budget ? 14 : 6;

    draw_row(w, 0, head, last, tui_style(TUI_ST_HEADER));
    for (int i = 0; i < s->pager.n; i++) {
        const bb_signal *g = &s->page->items[i];
        const char *t[4] = {g->case_number, tui_label(BB_VOCAB_STATUS, g->status), g->since, days};
        if (budget) { /* whole euros as the figures write them ("€ 1.250") */
            snprintf(amount, sizeof amount, "%d", g->overdue);
            bb_stats_euros(amount, *localeconv()->decimal_point, days, sizeof days);
        } else
            snprintf(days, sizeof days, "%d", g->days);
        draw_row(w, 1 + i, t, last, i == s->pager.sel ? tui_style(TUI_ST_SELECTED) : A_NORMAL);
    }
    if (s->pager.n == 0)
        tui_put(w, 2, 1, 0, _("No cases: nothing needs attention here."), A_NORMAL, false);
    tui_put(w, getmaxy(w) - 1, 1, 0, tui_pager_where(&s->pager, where, sizeof where),
            tui_style(TUI_ST_DIM), false);
}

static int sig_request(tui_view *v, enum tui_request req, int key)
{
    sigv *s = v->data;
    int flags = tui_pager_request(&s->pager, v, req);

    if (flags != TUI_UNHANDLED)
        return flags;
    if (req == TUI_REQ_ENTER && s->pager.n > 0)
        return tui_open_case(v->app, s->page->items[s->pager.sel].case_number);
    if (req == TUI_REQ_RELOAD) {
        sig_layout(v);
        return TUI_REDRAW;
    }
    return TUI_UNHANDLED;
}

static const char *sig_title(tui_view *v)
{
    return ((sigv *)v->data)->title;
}

const tui_view_ops tui_view_signals = {
    .name = "signals",
    .scopes = TUI_S_BROWSE,
    .open = sig_open,
    .close = sig_close,
    .layout = sig_layout,
    .draw = sig_draw,
    .request = sig_request,
    .title = sig_title,
};
