/* Referrals to professional mediation: a keyset-paged list (bb_referral_list_get) with the
 * referral (case/seq), date, practice, status, hours and cost; f filters by status; Enter
 * opens the case. */
#include "dialog.h"
#include "draw.h"
#include "labels.h"
#include "pager.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct refs {
    bb_referral_list *page;
    char status[BB_KEY_SIZE]; /* the filter, "" for all */
    char title[128];
    tui_pager pager;
} refs;

/* The labels of bb_referral_statuses(), in its order. */
static const char *status_label(const char *key)
{
    static const char *const keys[] = {"aangevraagd", "lopend", "afgerond", "geannuleerd"};
    static const char *const labels[] = {N_("Requested"), N_("Running"), N_("Finished"),
                                         N_("Cancelled")};

    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i]) == 0)
            return _(labels[i]);
    return key;
}

static int fetch(tui_view *v, const char *after, int limit, int *n, char next[TUI_CURSOR_SIZE])
{
    refs *rs = v->data;
    bb_referral_filter f = {.status = rs->status[0] ? rs->status : NULL,
                            .after = after,
                            .limit = limit > 1000 ? 1000 : limit};
    bb_referral_list *page = NULL;
    int rc = bb_referral_list_get(v->app->ctx, &f, &page);

    if (rc != BB_OK)
        return rc;
    bb_referral_list_free(rs->page);
    rs->page = page;
    *n = (int)page->n;
    if (strlen(page->next) >= TUI_CURSOR_SIZE) { /* "BB-2024-0007/1" fits the pager's cursor */
        *n = 0;
        return BB_EDB;
    }
    memcpy(next, page->next, strlen(page->next) + 1);
    return BB_OK;
}

static int refs_open(tui_view *v, void *arg)
{
    refs *rs;
    int rc;

    if ((rc = tui_open_data(v, sizeof *rs)) != BB_OK)
        return rc;
    rs = v->data;
    rs->pager.fetch = fetch;
    return BB_OK;
}

static void refs_close(tui_view *v)
{
    refs *rs = v->data;

    if (rs == NULL)
        return;
    bb_referral_list_free(rs->page);
    tui_pager_free(&rs->pager);
    free(rs);
}

static void refs_layout(tui_view *v)
{
    refs *rs = v->data;
    int rc = tui_pager_set_limit(&rs->pager, v, getmaxy(v->win) - 3);

    if (rc != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the referrals"));
}

/* Referral, date, practice (the rest), status, hours, cost. */
static void draw_row(WINDOW *w, int y, const char *const t[6], attr_t a)
{
    int x = 1, practice = getmaxx(w) - 1 - 16 - 2 - 10 - 2 - 12 - 2 - 6 - 2 - 10 - 1 - 2;

    tui_fill(w, y, 0, a);
    x += tui_put(w, y, x, 16, t[0], a, true) + 2;
    x += tui_put(w, y, x, 10, t[1], a, true) + 2;
    x += tui_put(w, y, x, practice, t[2], a, true) + 2;
    x += tui_put(w, y, x, 12, t[3], a, true) + 2;
    tui_put_right(w, y, x + 6, t[4], a);
    tui_put_right(w, y, x + 6 + 2 + 10, t[5], a);
}

static void refs_draw(tui_view *v)
{
    refs *rs = v->data;
    WINDOW *w = v->win;
    char where[96], id[BB_NUMBER_SIZE + 8], hours[16], cost[32];
    const char *head[6] = {_("Referral"), _("Date"), _("Practice"), _("Status"), _("Hours"),
                           _("Cost")};

    werase(w);
    draw_row(w, 0, head, tui_style(TUI_ST_HEADER));
    for (int i = 0; i < rs->pager.n; i++) {
        const bb_referral *r = &rs->page->items[i];
        const char *t[6] = {id, r->referred_on, r->practice, status_label(r->status), hours, cost};
        snprintf(id, sizeof id, "%s/%d", r->case_number, r->seq);
        snprintf(hours, sizeof hours, "%d.%02d", r->hours_quarters / 4, r->hours_quarters % 4 * 25);
        snprintf(cost, sizeof cost, "%lld.%02lld", r->cost_cents / 100, r->cost_cents % 100);
        draw_row(w, 1 + i, t, i == rs->pager.sel ? tui_style(TUI_ST_SELECTED) : A_NORMAL);
    }
    if (rs->pager.n == 0)
        tui_put(w, 2, 1, 0,
                rs->status[0] ? _("No referrals with this status.") : _("No referrals yet."),
                A_NORMAL, false);
    tui_put(w, getmaxy(w) - 1, 1, 0, tui_pager_where(&rs->pager, where, sizeof where),
            tui_style(TUI_ST_DIM), false);
}

static void status_answer(tui_view *v, int tag, const tui_choice *c)
{
    refs *rs = v->data;
    int rc;

    if (c->cancelled)
        return;
    snprintf(rs->status, sizeof rs->status, "%s", c->key);
    if ((rc = tui_pager_first(&rs->pager, v)) != BB_OK)
        tui_fail(v->app, rc, _("Cannot read the referrals"));
}

static int ask_status(tui_view *v)
{
    refs *rs = v->data;
    const char *keys[TUI_PICK_MAX], *labels[TUI_PICK_MAX];
    const char *const *k = bb_referral_statuses();
    tui_pick_spec spec = {.title = _("Status"), .keys = keys, .labels = labels, .n = 1};

    keys[0] = "";
    labels[0] = _("(any)");
    for (; *k != NULL && spec.n < TUI_PICK_MAX; k++, spec.n++) {
        keys[spec.n] = *k;
        labels[spec.n] = status_label(*k);
        if (strcmp(*k, rs->status) == 0)
            spec.current = (int)spec.n;
    }
    return tui_pick(v, 0, &spec, status_answer);
}

static int refs_request(tui_view *v, enum tui_request req, int key)
{
    refs *rs = v->data;
    int flags = tui_pager_request(&rs->pager, v, req);

    if (flags != TUI_UNHANDLED)
        return flags;
    switch (req) {
    case TUI_REQ_ENTER:
        if (rs->pager.n == 0)
            return TUI_HANDLED;
        return tui_open_case(v->app, rs->page->items[rs->pager.sel].case_number);
    case TUI_REQ_RELOAD:
        refs_layout(v);
        return TUI_REDRAW;
    case TUI_REQ_FILTER:
        return ask_status(v);
    case TUI_REQ_SEARCH:
        tui_say(v->app, TUI_MSG_INFO, "%s", _("Not for referrals yet."));
        return TUI_HANDLED;
    default:
        return TUI_UNHANDLED;
    }
}

static const char *refs_title(tui_view *v)
{
    refs *rs = v->data;

    if (rs->status[0] == '\0')
        return _("Referrals");
    snprintf(rs->title, sizeof rs->title, "%s  %s: %s", _("Referrals"), _("status"),
             status_label(rs->status));
    return rs->title;
}

const tui_view_ops tui_view_referrals = {
    .name = "referrals",
    .scopes = TUI_S_BROWSE | TUI_S_LIST,
    .open = refs_open,
    .close = refs_close,
    .layout = refs_layout,
    .draw = refs_draw,
    .request = refs_request,
    .title = refs_title,
};
