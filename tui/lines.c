/* Scrolling text lines; see lines.h. */
#include "lines.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool tui_lines_add(tui_lines *l, enum tui_style style, int indent, const char *left,
                   const char *right)
{
    tui_line *line;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        tui_line *items = realloc(l->items, cap * sizeof *items);
        if (items == NULL)
            return false;
        l->items = items;
        l->cap = cap;
    }
    line = &l->items[l->n];
    line->left = strdup(left != NULL ? left : "");
    line->right = right != NULL ? strdup(right) : NULL;
    if (line->left == NULL || (right != NULL && line->right == NULL)) {
        free(line->left);
        free(line->right);
        return false;
    }
    line->style = style;
    line->indent = indent;
    l->n++;
    return true;
}

bool tui_lines_add_wrapped(tui_lines *l, enum tui_style style, int indent, const char *left,
                           const char *right, int width)
{
    char part[1024];
    bool first = true;

    while (*right != '\0') {
        size_t n = tui_fit_words(right, width);
        if (n == 0) /* one word longer than the line: it is cut when drawn */
            n = strcspn(right, " ");
        if (n >= sizeof part)
            n = sizeof part - 1;
        memcpy(part, right, n);
        part[n] = '\0';
        if (!tui_lines_add(l, style, indent, first ? left : "", part))
            return false;
        first = false;
        right += n;
        while (*right == ' ')
            right++;
    }
    return first ? tui_lines_add(l, style, indent, left, "") : true;
}

bool tui_lines_addf(tui_lines *l, enum tui_style style, int indent, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return tui_lines_add(l, style, indent, buf, NULL);
}

void tui_lines_clear(tui_lines *l)
{
    for (size_t i = 0; i < l->n; i++) { /* wiped: a case's lines hold names */
        explicit_bzero(l->items[i].left, strlen(l->items[i].left));
        free(l->items[i].left);
        if (l->items[i].right != NULL)
            explicit_bzero(l->items[i].right, strlen(l->items[i].right));
        free(l->items[i].right);
    }
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
    l->top = 0;
}

void tui_lines_draw(tui_lines *l, WINDOW *w, int y, int rows)
{
    int cols = getmaxx(w), lc = l->left_cols > 0 ? l->left_cols : 18;

    for (int r = 0; r < rows; r++) {
        size_t i = (size_t)(l->top + r);
        wmove(w, y + r, 0);
        wclrtoeol(w);
        if (i >= l->n)
            continue;
        tui_line *line = &l->items[i];
        int x = 1 + line->indent;
        if (line->right == NULL) {
            tui_put(w, y + r, x, cols - x - 1, line->left, tui_style(line->style), false);
            continue;
        }
        tui_put(w, y + r, x, lc, line->left, tui_style(TUI_ST_DIM), true);
        tui_put(w, y + r, x + lc + 1, cols - x - lc - 2, line->right, tui_style(line->style),
                false);
    }
}

int tui_lines_scroll(tui_lines *l, enum tui_request req, int rows)
{
    int last = (int)l->n - rows;

    if (last < 0)
        last = 0;
    switch (req) {
    case TUI_REQ_UP:
        l->top--;
        break;
    case TUI_REQ_DOWN:
        l->top++;
        break;
    case TUI_REQ_PAGE_UP:
        l->top -= rows > 1 ? rows - 1 : 1;
        break;
    case TUI_REQ_PAGE_DOWN:
        l->top += rows > 1 ? rows - 1 : 1;
        break;
    case TUI_REQ_FIRST:
        l->top = 0;
        break;
    case TUI_REQ_LAST:
        l->top = last;
        break;
    default:
        return TUI_UNHANDLED;
    }
    if (l->top > last)
        l->top = last;
    if (l->top < 0)
        l->top = 0;
    return TUI_REDRAW;
}
