/* The start screen, "Vandaag" (Today): the signals (intake overdue, no contact for 14 days,
 * follow-up due, outcome not reported back; see signals.h), the open
 * caseload by status, and where to go from here; each line opens its list. */
#include "draw.h"
#include "labels.h"
#include "signals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Counting pages through the keyset-paged list: libbb has no count call yet. Beyond this many
 * cases in one status the screen says "10000+" instead of reading further. */
#define COUNT_PAGE 1000
#define COUNT_MAX  10000

enum item_kind {
    ITEM_SIGNAL,
    ITEM_STATUS,
    ITEM_ALL,
    ITEM_VOLUNTEERS,
    ITEM_NEW,
    ITEM_HEADER,
    ITEM_GAP
};

typedef struct item {
    enum item_kind kind;
    const char *status;    /* ITEM_STATUS: a key of bb_vocab_keys (static) */
    const char *text;      /* ITEM_HEADER: untranslated */
    long count;            /* -1: unknown */
    int signal, threshold; /* ITEM_SIGNAL: its kind and the setting in force */
    char line[96];         /* ITEM_SIGNAL: what it says */
} item;

typedef struct start {
    item items[24];
    int n, sel;
    int next_count; /* the next line to count (n: all counted) */
} start;

static void add(start *s, enum item_kind kind, const char *status, const char *text)
{
    if (s->n < (int)(sizeof s->items / sizeof s->items[0]))
        s->items[s->n++] = (item){.kind = kind, .status = status, .text = text, .count = -1};
}

/* How many cases have status, reading pages of keys only up to COUNT_MAX. */
static int count_status(bb_ctx *ctx, const char *status, long *count)
{
    char after[BB_NUMBER_SIZE] = "";
    bb_case_filter f = {.status = status, .limit = COUNT_PAGE};
    bb_case_list *page = NULL;
    int rc = BB_OK;

    *count = 0;
    do {
        f.after = after[0] ? after : NULL;
        if ((rc = bb_case_list_get(ctx, &f, &page)) != BB_OK)
            break;
        *count += (long)page->n;
        snprintf(after, sizeof after, "%s", page->next);
        bb_case_list_free(page);
    } while (after[0] != '\0' && *count < COUNT_MAX);
    if (rc == BB_OK && after[0] != '\0')
        *count = COUNT_MAX + 1; /* shown as "10000+" */
    return rc;
}

/* Counts item i; the line of a signal gets its threshold. */
static int count_item(tui_view *v, item *it)
{
    int rc = BB_OK;

    if (it->kind == ITEM_STATUS)
        rc = count_status(v->app->ctx, it->status, &it->count);
    if (it->kind == ITEM_SIGNAL && (rc = tui_signal_count(v->app->ctx, it->signal, COUNT_MAX,
                                                          &it->count, &it->threshold)) == BB_OK)
        tui_signal_text(it->signal, it->threshold, it->line, sizeof it->line);
    return rc;
}

/* The counts are made after the screen is shown, one line per turn of the main loop (see
 * tui_view_ops.more), so the screen comes at once and keys are never kept waiting. */
static int start_more(tui_view *v)
{
    start *s = v->data;
    int rc;

    while (v->app->org_ok && s->next_count < s->n) {
        item *it = &s->items[s->next_count++];
        if (it->kind != ITEM_STATUS && it->kind != ITEM_SIGNAL)
            continue;
        if ((rc = count_item(v, it)) != BB_OK) {
            tui_fail(v->app, rc, _("Cannot count the cases"));
            s->next_count = s->n;
        }
        return TUI_REDRAW;
    }
    return TUI_UNHANDLED;
}

static void add_signals(start *s)
{
    add(s, ITEM_HEADER, NULL, N_("Needs attention"));
    for (int k = 0; k < BB_SIGNAL_KINDS; k++) {
        add(s, ITEM_SIGNAL, NULL, NULL);
        s->items[s->n - 1].signal = k;
    }
    add(s, ITEM_GAP, NULL, NULL);
}

/* Open statuses are those the workflow leads on from (the final one has no next step). */
static bool is_open(const char *status)
{
    size_t n;
    const bb_transition *t = bb_case_transitions(&n);

    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].from, status) == 0)
            return true;
    return false;
}

static void move_sel(start *s, int step);

static int start_open(tui_view *v, void *arg)
{
    start *s = calloc(1, sizeof *s);
    const char *const *keys = bb_vocab_keys(BB_VOCAB_STATUS);

    if (s == NULL)
        return BB_ENOMEM;
    v->data = s;
    add_signals(s);
    add(s, ITEM_HEADER, NULL, N_("Open cases by status"));
    for (; *keys != NULL; keys++)
        if (is_open(*keys))
            add(s, ITEM_STATUS, *keys, NULL);
    add(s, ITEM_GAP, NULL, NULL);
    add(s, ITEM_HEADER, NULL, N_("Go to"));
    add(s, ITEM_ALL, NULL, NULL);
    add(s, ITEM_VOLUNTEERS, NULL, NULL);
    add(s, ITEM_NEW, NULL, NULL);
    s->sel = 0;
    move_sel(s, 1); /* the first line that opens something */
    return BB_OK;   /* counted in start_layout, just before it is first drawn */
}

static void start_close(tui_view *v)
{
    free(v->data);
}

static void start_layout(tui_view *v)
{
    ((start *)v->data)->next_count = 0; /* count again: a case may have moved meanwhile */
}

static const char *item_text(const item *it, char *buf, size_t n)
{
    switch (it->kind) {
    case ITEM_SIGNAL:
        return it->line[0] ? it->line : "\xe2\x80\xa6"; /* "…" until counted */
    case ITEM_STATUS:
        return tui_label(BB_VOCAB_STATUS, it->status);
    case ITEM_ALL:
        return _("All cases");
    case ITEM_VOLUNTEERS:
        return _("Volunteers");
    case ITEM_NEW:
        return _("New report (n)");
    case ITEM_HEADER:
        return _(it->text);
    default:
        return "";
    }
}

static void draw_count(WINDOW *w, int y, int x_end, const item *it)
{
    char num[32];

    if (it->kind != ITEM_STATUS && it->kind != ITEM_SIGNAL)
        return;
    if (it->count < 0) { /* not counted yet */
        tui_put_right(w, y, x_end, "\xe2\x80\xa6", tui_style(TUI_ST_DIM));
        return;
    }
    if (it->count > COUNT_MAX)
        snprintf(num, sizeof num, "%d+", COUNT_MAX);
    else
        snprintf(num, sizeof num, "%ld", it->count);
    tui_put_right(w, y, x_end, num,
                  it->count == 0            ? A_NORMAL
                  : it->kind == ITEM_SIGNAL ? tui_style(TUI_ST_ERROR)
                                            : A_BOLD);
}

static void draw_date(WINDOW *w)
{
    char today[96], weekday[32], month[48];
    time_t now = time(NULL);
    struct tm tm;

    /* "zondag 6 december 2026": the names of the locale, the day without a padding space. */
    localtime_r(&now, &tm);
    strftime(weekday, sizeof weekday, "%A", &tm);
    strftime(month, sizeof month, "%B %Y", &tm);
    snprintf(today, sizeof today, "%s %d %s", weekday, tm.tm_mday, month);
    tui_put(w, 0, 1, 0, today, A_BOLD, false);
}

static void start_draw(tui_view *v)
{
    start *s = v->data;
    WINDOW *w = v->win;
    char buf[64];
    int y = 2, width = 48; /* the label; the count right of it, in 8 columns */

    werase(w);
    draw_date(w);
    if (!v->app->org_ok) {
        tui_wrap(w, 2, 1, getmaxx(w) - 2, 4, v->app->org_problem, tui_style(TUI_ST_ERROR));
        y = 6;
    }
    for (int i = 0; i < s->n && y < getmaxy(w); i++, y++) {
        const item *it = &s->items[i];
        attr_t a = i == s->sel ? tui_style(TUI_ST_SELECTED) : A_NORMAL;
        if (it->kind == ITEM_HEADER) {
            tui_put(w, y, 1, 0, item_text(it, buf, sizeof buf), tui_style(TUI_ST_HEADER), false);
            continue;
        }
        if (it->kind == ITEM_GAP)
            continue;
        tui_put(w, y, 3, width + 8, item_text(it, buf, sizeof buf), a, true);
        draw_count(w, y, 3 + width + 8, it);
    }
}

static bool selectable(const item *it)
{
    return it->kind != ITEM_HEADER && it->kind != ITEM_GAP;
}

static void move_sel(start *s, int step)
{
    int i = s->sel + step;

    while (i >= 0 && i < s->n && !selectable(&s->items[i]))
        i += step > 0 ? 1 : -1;
    if (i >= 0 && i < s->n)
        s->sel = i;
}

static int open_item(tui_view *v)
{
    start *s = v->data;
    const item *it = &s->items[s->sel];
    tui_case_query q = {.status = it->status};

    switch (it->kind) {
    case ITEM_SIGNAL:
        return tui_push(v->app, &tui_view_signals, (void *)&it->signal);
    case ITEM_STATUS:
        return tui_push(v->app, &tui_view_cases, &q);
    case ITEM_ALL:
        return tui_push(v->app, &tui_view_cases, NULL);
    case ITEM_VOLUNTEERS:
        return tui_push(v->app, &tui_view_volunteers, NULL);
    case ITEM_NEW:
        return tui_push(v->app, &tui_view_report, NULL);
    default:
        return TUI_HANDLED;
    }
}

static int start_request(tui_view *v, enum tui_request req, int key)
{
    start *s = v->data;

    switch (req) {
    case TUI_REQ_UP:
        move_sel(s, -1);
        return TUI_REDRAW;
    case TUI_REQ_DOWN:
        move_sel(s, 1);
        return TUI_REDRAW;
    case TUI_REQ_FIRST:
        s->sel = 0;
        move_sel(s, 1);
        return TUI_REDRAW;
    case TUI_REQ_LAST:
        s->sel = s->n - 1;
        move_sel(s, -1);
        return TUI_REDRAW;
    case TUI_REQ_ENTER:
        return open_item(v);
    case TUI_REQ_RELOAD:
        start_layout(v);
        return TUI_REDRAW;
    default:
        return TUI_UNHANDLED;
    }
}

static const char *start_title(tui_view *v)
{
    return _("Today");
}

const tui_view_ops tui_view_start = {
    .name = "start",
    .scopes = TUI_S_BROWSE,
    .open = start_open,
    .close = start_close,
    .layout = start_layout,
    .draw = start_draw,
    .request = start_request,
    .title = start_title,
    .more = start_more,
};
