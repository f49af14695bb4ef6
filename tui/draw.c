/* Safe text drawing and styles; see draw.h. */
#include "draw.h"
#include "bb/text.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

enum { PAIR_RED = 1, PAIR_GREEN = 2 };

static attr_t styles[TUI_ST_FIELD_BAD + 1];

void tui_style_init(bool colour)
{
    attr_t red = A_BOLD, green = A_BOLD;

    if (colour && has_colors() && start_color() == OK) {
        use_default_colors(); /* the terminal's own background, light or dark */
        init_pair(PAIR_RED, COLOR_RED, -1);
        init_pair(PAIR_GREEN, COLOR_GREEN, -1);
        red = (attr_t)COLOR_PAIR(PAIR_RED) | A_BOLD;
        green = (attr_t)COLOR_PAIR(PAIR_GREEN) | A_BOLD;
    }
    styles[TUI_ST_NORMAL] = A_NORMAL;
    styles[TUI_ST_TITLE] = A_REVERSE | A_BOLD;
    styles[TUI_ST_BAR_KEY] = A_BOLD;
    styles[TUI_ST_BAR_LABEL] = A_REVERSE;
    styles[TUI_ST_HEADER] = A_BOLD | A_UNDERLINE;
    styles[TUI_ST_SELECTED] = A_REVERSE;
    styles[TUI_ST_ERROR] = red;
    styles[TUI_ST_OK] = green;
    styles[TUI_ST_DIM] = A_DIM;
    styles[TUI_ST_FIELD] = A_UNDERLINE;
    styles[TUI_ST_FIELD_BAD] = A_UNDERLINE | red;
}

attr_t tui_style(enum tui_style s)
{
    return styles[s];
}

/* Decodes the sanitized text into wide characters that fit in width columns (all when width
 * < 0); *cols gets the columns used, *cut whether some were left out. */
static size_t to_wide(const char *s, wchar_t *out, size_t max, int width, int *cols, bool *cut)
{
    mbstate_t st = {0};
    size_t n = 0, len;
    wchar_t wc;

    *cols = 0;
    *cut = false;
    for (; *s != '\0' && n < max; s += len) {
        len = mbrtowc(&wc, s, MB_CUR_MAX, &st);
        if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
            memset(&st, 0, sizeof st);
            wc = L'?'; /* the locale cannot show it (not UTF-8) */
            len = 1;
            while ((s[len] & 0xc0) == 0x80)
                len++;
        }
        int w = wcwidth(wc);
        if (w < 0)
            wc = L'?', w = 1;
        if (width >= 0 && *cols + w > width) {
            *cut = true;
            break;
        }
        out[n++] = wc;
        *cols += w;
    }
    *cut = *cut || (*s != '\0');
    out[n] = L'\0';
    return n;
}

int tui_put(WINDOW *w, int y, int x, int width, const char *s, attr_t attr, bool pad)
{
    char clean[1024];
    wchar_t wide[512];
    int cols;
    bool cut, longer;
    size_t n;

    if (width <= 0)
        width = getmaxx(w) - x;
    if (width <= 0)
        return 0;
    longer = bb_text_sanitize(s, clean, sizeof clean) >= sizeof clean;
    n = to_wide(clean, wide, sizeof wide / sizeof wide[0] - 1, width, &cols, &cut);
    if ((cut || longer) && width > 1) {
        /* make room for the ellipsis */
        n = to_wide(clean, wide, sizeof wide / sizeof wide[0] - 1, width - 1, &cols, &cut);
        wide[n++] = MB_CUR_MAX > 1 ? L'\x2026' : L'~';
        wide[n] = L'\0';
        cols += 1;
    }
    wattr_set(w, attr, (short)PAIR_NUMBER(attr), NULL);
    mvwaddnwstr(w, y, x, wide, (int)n);
    for (; pad && cols < width; cols++)
        waddch(w, ' ');
    wattr_set(w, A_NORMAL, 0, NULL);
    return cols;
}

int tui_width(const char *s)
{
    char clean[1024];
    wchar_t wide[512];
    int cols;
    bool cut;

    bb_text_sanitize(s, clean, sizeof clean);
    to_wide(clean, wide, sizeof wide / sizeof wide[0] - 1, -1, &cols, &cut);
    return cols;
}

void tui_put_right(WINDOW *w, int y, int x_end, const char *s, attr_t attr)
{
    int width = tui_width(s);

    if (width > x_end)
        width = x_end;
    tui_put(w, y, x_end - width, width, s, attr, false);
}

void tui_fill(WINDOW *w, int y, int x, attr_t attr)
{
    int cols = getmaxx(w);

    wattr_set(w, attr, (short)PAIR_NUMBER(attr), NULL);
    wmove(w, y, x);
    for (int i = x; i < cols; i++)
        waddch(w, ' ');
    wattr_set(w, A_NORMAL, 0, NULL);
}

size_t tui_fit_words(const char *s, int width)
{
    size_t best = 0, i = 0;
    char buf[1024];

    for (;;) {
        while (s[i] != '\0' && s[i] != ' ')
            i++;
        if (i >= sizeof buf)
            break;
        memcpy(buf, s, i);
        buf[i] = '\0';
        if (tui_width(buf) > width)
            break;
        best = i;
        if (s[i] == '\0')
            break;
        i++;
    }
    return best;
}

int tui_wrap(WINDOW *w, int y, int x, int width, int max_rows, const char *s, attr_t attr)
{
    char line[1024];
    int rows = 0;

    while (*s != '\0' && rows < max_rows) {
        size_t n = tui_fit_words(s, width);
        if (n == 0) /* one word longer than the line: cut it */
            n = strcspn(s, " ");
        if (n >= sizeof line)
            n = sizeof line - 1;
        memcpy(line, s, n);
        line[n] = '\0';
        if (w != NULL)
            tui_put(w, y + rows, x, width, line, attr, false);
        rows++;
        s += n;
        while (*s == ' ')
            s++;
    }
    return rows;
}

size_t tui_utf8(int key, char u[4])
{
    size_t n = 0;

    if (key < 0x80) {
        u[n++] = (char)key;
    } else if (key < 0x800) {
        u[n++] = (char)(0xc0 | key >> 6);
        u[n++] = (char)(0x80 | (key & 0x3f));
    } else if (key < 0x10000) {
        u[n++] = (char)(0xe0 | key >> 12);
        u[n++] = (char)(0x80 | (key >> 6 & 0x3f));
        u[n++] = (char)(0x80 | (key & 0x3f));
    } else {
        u[n++] = (char)(0xf0 | key >> 18);
        u[n++] = (char)(0x80 | (key >> 12 & 0x3f));
        u[n++] = (char)(0x80 | (key >> 6 & 0x3f));
        u[n++] = (char)(0x80 | (key & 0x3f));
    }
    return n;
}
