/* A screen of text lines that scrolls: the help, a case, a volunteer. Each line has a style
 * and may have a second column; text is copied and drawn through tui_put (sanitized). */
#ifndef BB_TUI_LINES_H
#define BB_TUI_LINES_H

#include "draw.h"

typedef struct tui_line {
    char *left, *right; /* right: NULL for a single column */
    enum tui_style style;
    int indent;
} tui_line;

typedef struct tui_lines {
    tui_line *items;
    size_t n, cap;
    int top;       /* first line shown */
    int left_cols; /* width of the left column of two-column lines */
} tui_lines;

/* Adds a line; right may be NULL. False when out of memory (the line is left out). */
bool tui_lines_add(tui_lines *l, enum tui_style style, int indent, const char *left,
                   const char *right);
/* A two-column line whose right text is word-wrapped at width columns over as many lines as
 * it needs (the left text on the first). */
bool tui_lines_add_wrapped(tui_lines *l, enum tui_style style, int indent, const char *left,
                           const char *right, int width);
/* printf-style single-column line. */
bool tui_lines_addf(tui_lines *l, enum tui_style style, int indent, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void tui_lines_clear(tui_lines *l);
/* Draws lines from l->top into rows y .. y+rows-1 of w. */
void tui_lines_draw(tui_lines *l, WINDOW *w, int y, int rows);
/* Scrolls for UP, DOWN, PAGE_UP, PAGE_DOWN, FIRST, LAST; TUI_UNHANDLED for other requests. */
int tui_lines_scroll(tui_lines *l, enum tui_request req, int rows);

#endif
