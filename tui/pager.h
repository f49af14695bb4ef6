/* Keyset paging for the list screens (cases, volunteers): a page is what fits on the screen,
 * read from the database with the cursor of the page before (libbb's `after`/`next`), never by
 * offset and never the whole list. The cursors of the pages seen are kept, so going back is
 * one query too. */
#ifndef BB_TUI_PAGER_H
#define BB_TUI_PAGER_H

#include "tui.h"

/* The longest cursor of a paged list: a case number, or a signal's "12/BB-2024-0007". */
#define TUI_CURSOR_SIZE BB_SIGNAL_CURSOR_SIZE
_Static_assert(TUI_CURSOR_SIZE >= BB_NUMBER_SIZE, "a cursor holds a case number");

/* Loads the page after cursor `after` (NULL: the first page) with at most limit rows into the
 * view's data; *n gets the rows to show, next the cursor of the following page ("" on the
 * last). Returns a bb status; on failure the view keeps its old page. */
typedef int (*tui_pager_fetch)(tui_view *v, const char *after, int limit, int *n,
                               char next[TUI_CURSOR_SIZE]);

typedef struct tui_pager {
    tui_pager_fetch fetch;
    char (*starts)[TUI_CURSOR_SIZE]; /* starts[i]: the cursor page i starts after */
    size_t n_starts, cap;
    size_t page_no;
    int sel;   /* the row under the cursor */
    int n;     /* rows on this page */
    int limit; /* rows per page */
    char next[TUI_CURSOR_SIZE];
} tui_pager;

/* Reads the current page again (after a resize with the new limit: from its first row). */
int tui_pager_load(tui_pager *p, tui_view *v);
/* Back to the first page, e.g. after a filter changed. */
int tui_pager_first(tui_pager *p, tui_view *v);
/* Sets rows per page; a change drops the cursors of later pages and reloads. */
int tui_pager_set_limit(tui_pager *p, tui_view *v, int limit);
/* UP, DOWN (across pages), PAGE_UP, PAGE_DOWN, FIRST, LAST; TUI_UNHANDLED otherwise. */
int tui_pager_request(tui_pager *p, tui_view *v, enum tui_request req);
/* "Page 3", "Page 3, last": for the footer. */
const char *tui_pager_where(const tui_pager *p, char *buf, size_t n);
void tui_pager_free(tui_pager *p);

#endif
