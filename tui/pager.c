/* Keyset paging; see pager.h. */
#include "pager.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Makes sure starts[i] exists; the first page starts after "" (nothing). */
static bool ensure(tui_pager *p, size_t i)
{
    if (i < p->cap)
        return true;
    size_t cap = p->cap ? p->cap * 2 : 16;
    while (cap <= i)
        cap *= 2;
    char(*starts)[TUI_CURSOR_SIZE] = realloc(p->starts, cap * sizeof *starts);
    if (starts == NULL)
        return false;
    p->starts = starts;
    p->cap = cap;
    return true;
}

int tui_pager_load(tui_pager *p, tui_view *v)
{
    int n = 0, rc;
    char next[TUI_CURSOR_SIZE] = "";

    if (!ensure(p, p->page_no))
        return BB_ENOMEM;
    if (p->n_starts == 0) {
        p->starts[0][0] = '\0';
        p->n_starts = 1;
    }
    rc = p->fetch(v, p->starts[p->page_no][0] ? p->starts[p->page_no] : NULL,
                  p->limit > 0 ? p->limit : 1, &n, next);
    if (rc != BB_OK)
        return rc;
    p->n = n;
    memcpy(p->next, next, sizeof next);
    if (p->sel >= p->n)
        p->sel = p->n > 0 ? p->n - 1 : 0;
    if (p->sel < 0)
        p->sel = 0;
    return BB_OK;
}

int tui_pager_first(tui_pager *p, tui_view *v)
{
    p->page_no = 0;
    p->n_starts = 1;
    p->sel = 0;
    if (!ensure(p, 0))
        return BB_ENOMEM;
    p->starts[0][0] = '\0';
    return tui_pager_load(p, v);
}

int tui_pager_set_limit(tui_pager *p, tui_view *v, int limit)
{
    if (limit < 1)
        limit = 1;
    if (limit != p->limit) {
        p->limit = limit;
        if (p->n_starts > p->page_no + 1)
            p->n_starts = p->page_no + 1; /* later pages start elsewhere now */
    }
    return tui_pager_load(p, v);
}

static int next_page(tui_pager *p, tui_view *v, int sel)
{
    size_t was = p->page_no;
    int rc;

    if (p->next[0] == '\0')
        return BB_ENOTFOUND;
    if (!ensure(p, p->page_no + 1))
        return BB_ENOMEM;
    memcpy(p->starts[p->page_no + 1], p->next, TUI_CURSOR_SIZE);
    p->n_starts = p->page_no + 2;
    p->page_no++;
    p->sel = sel;
    if ((rc = tui_pager_load(p, v)) != BB_OK)
        p->page_no = was;
    return rc;
}

static int prev_page(tui_pager *p, tui_view *v, int sel)
{
    int rc;

    if (p->page_no == 0)
        return BB_ENOTFOUND;
    p->page_no--;
    p->sel = sel;
    if ((rc = tui_pager_load(p, v)) != BB_OK)
        p->page_no++;
    return rc;
}

static int moved(tui_view *v, int rc)
{
    if (rc != BB_OK && rc != BB_ENOTFOUND)
        tui_fail(v->app, rc, _("Cannot read the next page"));
    return TUI_REDRAW;
}

int tui_pager_request(tui_pager *p, tui_view *v, enum tui_request req)
{
    switch (req) {
    case TUI_REQ_UP:
        if (p->sel > 0) {
            p->sel--;
            return TUI_REDRAW;
        }
        return moved(v, prev_page(p, v, p->limit - 1));
    case TUI_REQ_DOWN:
        if (p->sel + 1 < p->n) {
            p->sel++;
            return TUI_REDRAW;
        }
        return moved(v, next_page(p, v, 0));
    case TUI_REQ_PAGE_UP:
        return moved(v, prev_page(p, v, p->sel));
    case TUI_REQ_PAGE_DOWN:
        return moved(v, next_page(p, v, p->sel));
    case TUI_REQ_FIRST:
        return moved(v, p->page_no == 0 ? (p->sel = 0, BB_OK) : tui_pager_first(p, v));
    case TUI_REQ_LAST:
        p->sel = p->n > 0 ? p->n - 1 : 0;
        return TUI_REDRAW;
    default:
        return TUI_UNHANDLED;
    }
}

const char *tui_pager_where(const tui_pager *p, char *buf, size_t n)
{
    if (p->next[0] == '\0')
        snprintf(buf, n, _("Page %zu (last)"), p->page_no + 1);
    else
        snprintf(buf, n, _("Page %zu; PgDn for more"), p->page_no + 1);
    return buf;
}

void tui_pager_free(tui_pager *p)
{
    free(p->starts);
    p->starts = NULL;
    p->n_starts = p->cap = 0;
}
