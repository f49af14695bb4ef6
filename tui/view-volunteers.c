/* Volunteers: a keyset-paged list (bb_volunteer_list_get) with each volunteer (by name beside
 * the number when unlocked), status, since when, area, and load against capacity (open cases
 * paired, bb_volunteer_loads: one query a page); f filters by status; Enter opens one. */
#include "dialog.h"
#include "draw.h"
#include "labels.h"
#include "lines.h"
#include "pager.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VOLS_PAGE_MAX 1000

typedef struct vols {
    bb_volunteer_list *page;
    int loads[VOLS_PAGE_MAX];     /* of page->items */
    char (*names)[TUI_VOLUNTEER_LABEL]; /* "Vera Jansen (V-0003)", or the number while locked */
    char status[BB_KEY_SIZE]; /* the filter, "" for all */
    char title[128];
    tui_pager pager;
} vols;

static int fetch(tui_view *v, const char *after, int limit, int *n, char next[TUI_CURSOR_SIZE])
{
    vols *vs = v->data;
    bb_volunteer_filter f = {.status = vs->status[0] ? vs->status : NULL,
                             .after = after,
                             .limit = limit > VOLS_PAGE_MAX ? VOLS_PAGE_MAX : limit};
    bb_volunteer_list *page = NULL;
    int rc = bb_volunteer_list_get(v->app->ctx, &f, &page);

    if (rc == BB_OK && (rc = bb_volunteer_loads(v->app->ctx, page, vs->loads)) != BB_OK)
        bb_volunteer_list_free(page);
    if (rc != BB_OK)
        return rc;
    bb_volunteer_list_free(vs->page);
    vs->page = page;
    free(vs->names);
    vs->names = calloc(page->n + 1, sizeof *vs->names);
    for (size_t i = 0; vs->names != NULL && i < page->n; i++)
        tui_volunteer_label(v->app->ctx, page->items[i].number, vs->names[i],
                            sizeof vs->names[i]);
    *n = (int)page->n;
    memcpy(next, page->next, BB_NUMBER_SIZE);
    return BB_OK;
}

static int vols_open(tui_view *v, void *arg)
{
    vols *vs;
    int rc;

    if ((rc = tui_open_data(v, sizeof *vs)) != BB_OK)
        return rc;
    vs = v->data;
    vs->pager.fetch = fetch;
    return BB_OK;
}

static void vols_close(tui_view *v)
{
    vols *vs = v->data;

    if (vs == NULL)
        return;
    bb_volunteer_list_free(vs->page);
    free(vs->names);
    tui_pager_free(&vs->pager);
    free(vs);
}

static void vols_layout(tui_view *v)
{
    vols *vs = v->data;
    int rc = tui_pager_set_limit(&vs->pager, v, getmaxy(v->win) - 3);

    if (rc != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the volunteers"));
}

/* Columns: the volunteer (what is left), status 16, since 10, area 14, load 8. */
static void draw_row(WINDOW *w, int y, const char *const t[5], attr_t a)
{
    int x = 1, who = getmaxx(w) - 1 - 2 - 16 - 2 - 10 - 2 - 14 - 2 - 8 - 1;

    tui_fill(w, y, 0, a);
    x += tui_put(w, y, x, who, t[0], a, true) + 2;
    x += tui_put(w, y, x, 16, t[1], a, true) + 2;
    x += tui_put(w, y, x, 10, t[2], a, true) + 2;
    x += tui_put(w, y, x, 14, t[3], a, true) + 2;
    tui_put_right(w, y, x + 8, t[4], a);
}

static void vols_draw(tui_view *v)
{
    vols *vs = v->data;
    WINDOW *w = v->win;
    char cap[32], where[96];
    const char *head[5] = {_("Volunteer"), _("Status"), _("Since"), _("Area"), _("Load")};

    werase(w);
    draw_row(w, 0, head, tui_style(TUI_ST_HEADER));
    for (int i = 0; i < vs->pager.n; i++) {
        const bb_volunteer *vo = &vs->page->items[i];
        const char *t[5] = {vs->names ? vs->names[i] : vo->number,
                            tui_label(BB_VOCAB_VOLUNTEER_STATUS, vo->status),
                            vo->status_since, vo->area[0] ? vo->area : "-", cap};
        attr_t a = i == vs->pager.sel ? tui_style(TUI_ST_SELECTED) : A_NORMAL;
        snprintf(cap, sizeof cap, "%d/%d", vs->loads[i], vo->capacity);
        if (i != vs->pager.sel && vs->loads[i] >= vo->capacity && strcmp(vo->status, "actief") == 0)
            a = tui_style(TUI_ST_ERROR); /* full: no new pairs */
        draw_row(w, 1 + i, t, a);
    }
    if (vs->pager.n == 0)
        tui_put(w, 2, 1, 0,
                vs->status[0] ? _("No volunteers with this status.")
                              : _("No volunteers yet (bbctl volunteer add)."),
                A_NORMAL, false);
    tui_put(w, getmaxy(w) - 1, 1, 0, tui_pager_where(&vs->pager, where, sizeof where),
            tui_style(TUI_ST_DIM), false);
}

static void status_answer(tui_view *v, int tag, const tui_choice *c)
{
    vols *vs = v->data;
    int rc;

    if (c->cancelled)
        return;
    snprintf(vs->status, sizeof vs->status, "%s", c->key);
    if ((rc = tui_pager_first(&vs->pager, v)) != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the volunteers"));
}

static int ask_status(tui_view *v)
{
    vols *vs = v->data;
    const char *keys[TUI_PICK_MAX], *labels[TUI_PICK_MAX];
    const char *const *k = bb_vocab_keys(BB_VOCAB_VOLUNTEER_STATUS);
    tui_pick_spec spec = {.title = _("Status"), .keys = keys, .labels = labels, .n = 1};

    keys[0] = "";
    labels[0] = _("(any)");
    for (; *k != NULL && spec.n < TUI_PICK_MAX; k++, spec.n++) {
        keys[spec.n] = *k;
        labels[spec.n] = tui_label(BB_VOCAB_VOLUNTEER_STATUS, *k);
        if (strcmp(*k, vs->status) == 0)
            spec.current = (int)spec.n;
    }
    return tui_pick(v, 0, &spec, status_answer);
}

static int vols_request(tui_view *v, enum tui_request req, int key)
{
    vols *vs = v->data;
    int flags = tui_pager_request(&vs->pager, v, req);

    if (flags != TUI_UNHANDLED)
        return flags;
    switch (req) {
    case TUI_REQ_ENTER:
        if (vs->pager.n == 0)
            return TUI_HANDLED;
        return tui_push(v->app, &tui_view_volunteer, vs->page->items[vs->pager.sel].number);
    case TUI_REQ_RELOAD:
        vols_layout(v);
        return TUI_REDRAW;
    case TUI_REQ_FILTER:
        return ask_status(v);
    case TUI_REQ_SEARCH:
        tui_say(v->app, TUI_MSG_INFO, "%s", _("Not for volunteers yet."));
        return TUI_HANDLED;
    default:
        return TUI_UNHANDLED;
    }
}

static const char *vols_title(tui_view *v)
{
    vols *vs = v->data;

    if (vs->status[0] == '\0')
        return _("Volunteers");
    snprintf(vs->title, sizeof vs->title, "%s  %s: %s", _("Volunteers"), _("status"),
             tui_label(BB_VOCAB_VOLUNTEER_STATUS, vs->status));
    return vs->title;
}

const tui_view_ops tui_view_volunteers = {
    .name = "volunteers",
    .scopes = TUI_S_BROWSE | TUI_S_LIST,
    .open = vols_open,
    .close = vols_close,
    .layout = vols_layout,
    .draw = vols_draw,
    .request = vols_request,
    .title = vols_title,
};
