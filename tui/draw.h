/* Drawing text safely and the few styles bbtui uses. Every string that reaches the terminal,
 * from the database or not, goes through tui_put: sanitized (bb/text.h), measured in screen
 * columns (wide and combining characters), cut with an ellipsis, padded. */
#ifndef BB_TUI_DRAW_H
#define BB_TUI_DRAW_H

#include "tui.h"

/* Styles that read well on light and dark terminals: reverse video for bars and the cursor
 * line, bold for headings, and only red and green as colours, on the terminal's own
 * background. Without colour (NO_COLOR, or a terminal without) the same in attributes. */
enum tui_style {
    TUI_ST_NORMAL,
    TUI_ST_TITLE,
    TUI_ST_BAR_KEY,
    TUI_ST_BAR_LABEL,
    TUI_ST_HEADER,
    TUI_ST_SELECTED,
    TUI_ST_ERROR,
    TUI_ST_OK,
    TUI_ST_DIM,
    TUI_ST_FIELD,
    TUI_ST_FIELD_BAD,
};

/* Sets the styles up after initscr; colour false: attributes only. */
void tui_style_init(bool colour);
attr_t tui_style(enum tui_style s);

/* Draws s at (y, x) of w in at most width columns (width <= 0: to the end of the line), cut
 * with "…" when longer, padded with blanks to width when pad. Returns the columns drawn. */
int tui_put(WINDOW *w, int y, int x, int width, const char *s, attr_t attr, bool pad);

/* Columns s takes on screen, sanitized. */
int tui_width(const char *s);

/* Draws s right-aligned so that it ends before column x_end. */
void tui_put_right(WINDOW *w, int y, int x_end, const char *s, attr_t attr);

/* key, a Unicode code point from 0 to 0x10ffff, as UTF-8 into u; returns the bytes (1 to 4). */
size_t tui_utf8(int key, char u[4]);

/* Fills row y of w from x to the end with blanks in attr. */
void tui_fill(WINDOW *w, int y, int x, attr_t attr);

/* Length in bytes of the longest prefix of s, ending at a space, that fits in width columns
 * (0 when even the first word does not). */
size_t tui_fit_words(const char *s, int width);

/* Draws s word-wrapped into rows y.. of width columns; returns the rows used (at most
 * max_rows). w NULL: only counts the rows. */
int tui_wrap(WINDOW *w, int y, int x, int width, int max_rows, const char *s, attr_t attr);

#endif
