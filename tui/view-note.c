/* The note editor: a dialog over a form for a note of several lines. The text lives in one
 * buffer of ours, not in a curses window or form field, so a resize only wraps it again and
 * never loses a character. Lines wrap at a blank where they can; the view scrolls to keep the
 * cursor in sight. Enter starts a new line, F2 (Ctrl-S) is done, Esc cancels. */
#include "dialog.h"
#include "draw.h"
#include "bb/text.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define MAX_ROWS 64 /* of text shown at once: the window's height is the limit before that */

typedef struct note {
    tui_asked who;
    char *title;
    char *buf;       /* the text, NUL-terminated */
    size_t len, cap; /* bytes; cap includes the NUL */
    size_t cur;      /* the cursor, a byte offset at a character's start */
    size_t max;      /* characters at most */
    int top;         /* the first visual row shown */
    int width;       /* columns of text, as last laid out */
} note;

typedef struct note_arg {
    tui_asked who;
    const tui_note_spec *spec;
} note_arg;

/* The length of the UTF-8 character at s (1 for a broken byte, so nothing loops). */
static size_t char_len(const char *s)
{
    mbstate_t st = {0};
    size_t n = mbrtowc(NULL, s, MB_CUR_MAX, &st);

    return n == 0 || n > 4 ? 1 : n;
}

/* The columns of the character at s. */
static int char_cols(const char *s)
{
    mbstate_t st = {0};
    wchar_t wc;
    int w;

    if (mbrtowc(&wc, s, MB_CUR_MAX, &st) > 4)
        return 1;
    return (w = wcwidth(wc)) < 0 ? 1 : w;
}

static size_t chars_in(const char *s, size_t n)
{
    size_t c = 0;

    for (size_t i = 0; i < n; i += char_len(s + i))
        c++;
    return c;
}

/* The end of the visual row starting at byte b: at a line feed, or where width columns are
 * full (after the last blank that fits, when there is one). *next is where the next row
 * starts. */
static size_t row_end(const note *e, size_t b, size_t *next)
{
    size_t i = b, blank = 0;
    int cols = 0;

    while (i < e->len && e->buf[i] != '\n') {
        int w = char_cols(e->buf + i);
        if (cols + w > e->width && i > b) {
            *next = blank > b ? blank : i;
            return *next;
        }
        cols += w;
        i += char_len(e->buf + i);
        if (e->buf[i - 1] == ' ')
            blank = i;
    }
    *next = i + 1; /* past the line feed, or past the end (then > len: the last row) */
    return i;
}

/* The visual row and column of byte offset at; also the number of rows in *rows. */
static void locate(const note *e, size_t at, int *row, int *col, int *rows)
{
    size_t b = 0, next, end;
    int r = 0;

    *row = 0, *col = 0;
    for (;;) {
        end = row_end(e, b, &next);
        if (at >= b && (at < next || next > e->len)) {
            *row = r;
            *col = 0;
            for (size_t i = b; i < at && i < end; i += char_len(e->buf + i))
                *col += char_cols(e->buf + i);
        }
        if (next > e->len)
            break;
        b = next;
        r++;
    }
    *rows = r + 1;
}

/* The byte offset on visual row want nearest column col (the row's end when shorter). */
static size_t offset_at(const note *e, int want, int col)
{
    size_t b = 0, next, end, i;
    int r = 0, c = 0;

    while (r < want) {
        row_end(e, b, &next);
        if (next > e->len)
            return e->len;
        b = next;
        r++;
    }
    end = row_end(e, b, &next);
    for (i = b; i < end && c + char_cols(e->buf + i) <= col; i += char_len(e->buf + i))
        c += char_cols(e->buf + i);
    return i;
}

static void insert(note *e, int key);

static int note_open(tui_view *v, void *arg)
{
    const note_arg *a = arg;
    note *e = calloc(1, sizeof *e);
    const char *text = a->spec->text ? a->spec->text : "";

    if (e == NULL)
        return BB_ENOMEM;
    v->data = e;
    e->who = a->who;
    e->max = a->spec->max > 0 ? a->spec->max : 2000;
    e->cap = e->max * 4 + 1;
    e->title = bb_text_sanitize_dup(a->spec->title ? a->spec->title : "");
    if (e->title == NULL || (e->buf = calloc(1, e->cap)) == NULL)
        return BB_ENOMEM;
    snprintf(e->buf, e->cap, "%s", text);
    e->cur = e->len = strlen(e->buf);
    e->width = 60;
    if (a->spec->key >= 0x20 && !TUI_IS_FN(a->spec->key))
        insert(e, a->spec->key);
    return BB_OK;
}

static void note_close(tui_view *v)
{
    note *e = v->data;

    if (e == NULL)
        return;
    if (e->buf != NULL)
        explicit_bzero(e->buf, e->cap); /* a note is personal data */
    free(e->buf);
    free(e->title);
    free(e);
}

static void note_layout(tui_view *v)
{
    note *e = v->data;
    int h = LINES - 4, w = COLS - 4;
    WINDOW *sub = NULL;

    if (w > 76)
        w = 76;
    if (h > MAX_ROWS + 4)
        h = MAX_ROWS + 4;
    if (tui_dialog_place(v, h < 6 ? 6 : h, w < 24 ? 24 : w, &sub) == NULL)
        return;
    e->width = getmaxx(v->win) - 4;
}

/* Keeps the cursor's row in the rows shown. */
static void scroll_to_cursor(note *e, int shown)
{
    int row, col, rows;

    locate(e, e->cur, &row, &col, &rows);
    if (row < e->top)
        e->top = row;
    if (row >= e->top + shown)
        e->top = row - shown + 1;
}

static void note_draw(tui_view *v)
{
    note *e = v->data;
    WINDOW *w = v->win;
    int h = getmaxy(w), shown = h - 2, row, col, rows, r = 0;
    size_t b = 0, next, end;
    char count[48];

    if (w == v->app->body)
        return;
    scroll_to_cursor(e, shown);
    tui_dialog_frame(w, e->title);
    for (;; r++) {
        end = row_end(e, b, &next);
        if (r >= e->top && r < e->top + shown) {
            char *line = strndup(e->buf + b, end - b);
            tui_put(w, 1 + r - e->top, 2, e->width, line ? line : "", A_NORMAL, false);
            free(line);
        }
        if (next > e->len)
            break;
        b = next;
    }
    snprintf(count, sizeof count, " %zu/%zu ", chars_in(e->buf, e->len), e->max);
    tui_put(w, h - 1, 2, getmaxx(w) - 4,
            _(" F2: done  Enter: new line  Esc: cancel "), A_NORMAL, false);
    tui_put_right(w, h - 1, getmaxx(w) - 2, count, A_NORMAL);
    locate(e, e->cur, &row, &col, &rows);
    wmove(w, 1 + row - e->top, 2 + col);
}

/* Inserts the character key (or a line feed), when the note has room for it. */
static void insert(note *e, int key)
{
    char u[4];
    size_t n;

    if (chars_in(e->buf, e->len) >= e->max)
        return;
    n = tui_utf8(key, u);
    if (e->len + n >= e->cap)
        return;
    memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
    memcpy(e->buf + e->cur, u, n);
    e->len += n;
    e->cur += n;
}

/* The start of the character before byte offset at. */
static size_t before(const note *e, size_t at)
{
    size_t i = at;

    while (i > 0 && (e->buf[--i] & 0xc0) == 0x80)
        ;
    return i;
}

static void delete_range(note *e, size_t from, size_t to)
{
    memmove(e->buf + from, e->buf + to, e->len - to + 1);
    e->len -= to - from;
    e->cur = from;
}

/* Moves the cursor rows visual rows down (up when negative), keeping its column. */
static void vertical(note *e, int rows_by)
{
    int row, col, rows;

    locate(e, e->cur, &row, &col, &rows);
    row += rows_by;
    if (row < 0)
        row = 0;
    if (row >= rows)
        row = rows - 1;
    e->cur = offset_at(e, row, col);
}

/* A key that is no action: editing keys and typed characters. */
static void edit_key(tui_view *v, note *e, int key)
{
    int row, col, rows, page = getmaxy(v->win) - 2;

    if (key == TUI_FN(KEY_LEFT) && e->cur > 0)
        e->cur = before(e, e->cur);
    else if (key == TUI_FN(KEY_RIGHT) && e->cur < e->len)
        e->cur += char_len(e->buf + e->cur);
    else if ((key == 0x7f || key == 8 || key == TUI_FN(KEY_BACKSPACE)) && e->cur > 0)
        delete_range(e, before(e, e->cur), e->cur);
    else if (key == TUI_FN(KEY_DC) && e->cur < e->len)
        delete_range(e, e->cur, e->cur + char_len(e->buf + e->cur));
    else if (key == TUI_FN(KEY_HOME) || key == TUI_FN(KEY_END)) {
        locate(e, e->cur, &row, &col, &rows);
        e->cur = offset_at(e, row, key == TUI_FN(KEY_HOME) ? 0 : 1 << 20);
    } else if (key == TUI_FN(KEY_PPAGE) || key == TUI_FN(KEY_NPAGE))
        vertical(e, key == TUI_FN(KEY_PPAGE) ? -page : page);
    else if (!TUI_IS_FN(key) && key >= 0x20 && key != 0x7f && key <= 0x10ffff)
        insert(e, key);
}

static int answer(tui_view *v, bool cancelled)
{
    note *e = v->data;
    tui_choice c = {.cancelled = cancelled, .index = cancelled ? -1 : 0, .key = "", .text = ""};
    char *text = NULL;
    int rc;

    /* Blanks and line feeds at the end are nobody's text. */
    while (e->len > 0 && strchr(" \n", e->buf[e->len - 1]) != NULL)
        e->buf[--e->len] = '\0';
    /* The dialog is gone when the answer arrives: it gets a copy, wiped after. */
    if (!cancelled && (text = strdup(e->buf)) == NULL)
        c.cancelled = true, c.index = -1;
    if (text != NULL)
        c.text = text, c.len = strlen(text);
    rc = tui_dialog_answer(v, e->who, &c);
    if (text != NULL)
        explicit_bzero(text, strlen(text));
    free(text);
    return rc;
}

static int note_request(tui_view *v, enum tui_request req, int key)
{
    note *e = v->data;

    switch (req) {
    case TUI_REQ_SAVE:
        return answer(v, false);
    case TUI_REQ_BACK:
        return answer(v, true);
    case TUI_REQ_ENTER:
        insert(e, '\n');
        return TUI_REDRAW;
    case TUI_REQ_NEXT_FIELD: /* Down (and Tab) */
        vertical(e, 1);
        return TUI_REDRAW;
    case TUI_REQ_PREV_FIELD: /* Up */
        vertical(e, -1);
        return TUI_REDRAW;
    case TUI_REQ_NONE:
        edit_key(v, e, key);
        return TUI_REDRAW;
    default:
        return TUI_UNHANDLED;
    }
}

/* In the form's scope: F2 is done as it saves a form, Enter and the arrows are the editor's. */
const tui_view_ops tui_view_note = {
    .name = "note",
    .scopes = TUI_S_FORM,
    .flags = TUI_V_OVERLAY | TUI_V_TEXT,
    .open = note_open,
    .close = note_close,
    .layout = note_layout,
    .draw = note_draw,
    .request = note_request,
};

int tui_note_edit(tui_view *asker, int tag, const tui_note_spec *spec, tui_answer_fn fn)
{
    note_arg a = {{asker, tag, fn}, spec};

    return tui_push(asker->app, &tui_view_note, &a);
}
