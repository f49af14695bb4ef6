/* Pick lists and questions: an ncurses menu in a panel over the screen that asked. One value
 * (Enter) or several (Space marks, Enter confirms). Typing the start of a label goes to it
 * (type-ahead; arrows and Page keys move, Backspace takes a letter back). Labels are sanitized
 * before the menu library sees them, since it draws them itself. */
#include "dialog.h"
#include "draw.h"
#include "bb/text.h"

#include <menu.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct pick {
    tui_asked who;
    char *title, *text;
    char **keys, **labels;
    char *shown[TUI_PICK_MAX]; /* what the menu shows: "[x] label" in a multiple choice */
    size_t n;
    bool multi;
    unsigned long mask; /* the lines selected in a multiple choice */
    ITEM *items[TUI_PICK_MAX + 1];
    MENU *menu;
    WINDOW *sub;
    int rows; /* of the list on screen */
    int text_rows;
    char typed[32]; /* type-ahead: what was typed since the last move */
    size_t n_typed;
} pick;

typedef struct pick_arg {
    tui_asked who;
    const tui_pick_spec *spec;
} pick_arg;

static char *dup_clean(const char *s)
{
    return bb_text_sanitize_dup(s != NULL ? s : "");
}

static int pick_copy(pick *p, const tui_pick_spec *spec)
{
    p->n = spec->n > TUI_PICK_MAX ? TUI_PICK_MAX : spec->n;
    p->title = dup_clean(spec->title);
    p->text = spec->text != NULL ? dup_clean(spec->text) : NULL;
    p->keys = calloc(p->n + 1, sizeof *p->keys);
    p->labels = calloc(p->n + 1, sizeof *p->labels);
    if (p->title == NULL || p->keys == NULL || p->labels == NULL)
        return BB_ENOMEM;
    for (size_t i = 0; i < p->n; i++) {
        p->keys[i] = strdup(spec->keys != NULL ? spec->keys[i] : "");
        p->labels[i] = dup_clean(spec->labels[i]);
        if (p->keys[i] == NULL || p->labels[i] == NULL)
            return BB_ENOMEM;
        /* the menu library refuses empty names */
        if (*p->labels[i] == '\0') {
            free(p->labels[i]);
            p->labels[i] = strdup("-");
        }
    }
    return BB_OK;
}

/* Makes the menu's items from the labels; in a multiple choice each with its box. The menu
 * library marks the current line the same way as a selected one, so the box is ours. */
static int make_items(pick *p, ITEM **items)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->shown[i]);
        if (p->multi &&
            asprintf(&p->shown[i], "%s %s", p->mask >> i & 1 ? "[x]" : "[ ]", p->labels[i]) < 0)
            p->shown[i] = NULL;
        else if (!p->multi)
            p->shown[i] = strdup(p->labels[i]);
        if (p->shown[i] == NULL || (items[i] = new_item(p->shown[i], "")) == NULL)
            return BB_ENOMEM;
    }
    items[p->n] = NULL;
    return BB_OK;
}

/* Marks or unmarks the current line: the menu is made again with the new boxes (its items'
 * names cannot change), on the same line and scroll position. */
static int toggle(tui_view *v)
{
    pick *p = v->data;
    int i = item_index(current_item(p->menu)), top = top_row(p->menu);

    p->mask ^= 1ul << i;
    unpost_menu(p->menu);
    free_menu(p->menu); /* lets go of the items, so they can be freed */
    p->menu = NULL;
    for (size_t k = 0; k < p->n; k++) {
        free_item(p->items[k]);
        p->items[k] = NULL;
    }
    if (make_items(p, p->items) != BB_OK || (p->menu = new_menu(p->items)) == NULL)
        return BB_ENOMEM;
    set_menu_mark(p->menu, "");
    set_menu_win(p->menu, v->win);
    set_menu_sub(p->menu, p->sub);
    set_menu_format(p->menu, p->rows, 1);
    set_top_row(p->menu, top);
    set_current_item(p->menu, p->items[i]);
    return BB_OK;
}

static int pick_open(tui_view *v, void *arg)
{
    const pick_arg *a = arg;
    pick *p = calloc(1, sizeof *p);

    if (p == NULL)
        return BB_ENOMEM;
    v->data = p;
    p->who = a->who;
    p->multi = a->spec->multi;
    p->mask = p->multi ? a->spec->selected : 0;
    if (pick_copy(p, a->spec) != BB_OK || make_items(p, p->items) != BB_OK ||
        (p->menu = new_menu(p->items)) == NULL)
        return BB_ENOMEM;
    set_menu_mark(p->menu, p->multi ? "" : "> ");
    if (a->spec->current > 0 && (size_t)a->spec->current < p->n)
        set_current_item(p->menu, p->items[a->spec->current]);
    return BB_OK;
}

static void pick_close(tui_view *v)
{
    pick *p = v->data;

    if (p == NULL)
        return;
    if (p->menu != NULL) {
        unpost_menu(p->menu);
        free_menu(p->menu);
    }
    for (size_t i = 0; i < p->n; i++) {
        if (p->items[i] != NULL)
            free_item(p->items[i]);
        free(p->keys[i]);
        free(p->labels[i]);
        free(p->shown[i]);
    }
    if (p->sub != NULL)
        delwin(p->sub);
    free(p->keys);
    free(p->labels);
    free(p->title);
    free(p->text);
    free(p);
}

static const char *hint_text(const pick *p)
{
    return p->multi ? _(" Space: select  Enter: done  Esc: cancel ")
                    : _(" Enter: choose  Esc: cancel ");
}

static int widest(const pick *p)
{
    int w = tui_width(p->title) + 4, hint = tui_width(hint_text(p)) + 2;

    if (hint > w)
        w = hint;
    for (size_t i = 0; i < p->n; i++)
        if (tui_width(p->labels[i]) + (p->multi ? 10 : 6) > w)
            w = tui_width(p->labels[i]) + (p->multi ? 10 : 6);
    return w;
}

static void pick_layout(tui_view *v)
{
    pick *p = v->data;
    int w = widest(p) + 2, rows, h;
    WINDOW *win;
    ITEM *cur = current_item(p->menu); /* set_menu_format goes back to the first line */

    if (p->text != NULL && w < 50)
        w = 50;
    if (w > COLS - 4)
        w = COLS - 4;
    p->text_rows = p->text != NULL ? tui_wrap(NULL, 0, 0, w - 4, 10, p->text, 0) : 0;
    rows = (int)p->n;
    h = rows + 4 + p->text_rows;
    unpost_menu(p->menu);
    if ((win = tui_dialog_place(v, h, w, &p->sub)) == NULL)
        return;
    rows = getmaxy(win) - 4 - p->text_rows;
    p->sub = derwin(win, rows < 1 ? 1 : rows, w - 4, getmaxy(win) - 2 - rows, 2);
    set_menu_win(p->menu, win);
    set_menu_sub(p->menu, p->sub);
    p->rows = rows < 1 ? 1 : rows;
    set_menu_format(p->menu, p->rows, 1);
    if (cur != NULL)
        set_current_item(p->menu, cur);
}

static void pick_draw(tui_view *v)
{
    pick *p = v->data;
    int w = getmaxx(v->win);

    if (v->win == v->app->body)
        return; /* no room for the dialog */
    tui_dialog_frame(v->win, p->title);
    if (p->text != NULL)
        tui_wrap(v->win, 1, 2, w - 4, p->text_rows, p->text, A_NORMAL);
    unpost_menu(p->menu);
    post_menu(p->menu);
    tui_put(v->win, getmaxy(v->win) - 1, 2, w - 4, hint_text(p), A_NORMAL, false);
}

/* Closes the dialog, then gives the answer to the screen that asked. */
static int answer(tui_view *v, bool cancelled)
{
    pick *p = v->data;
    tui_choice c = {.cancelled = cancelled, .index = -1};
    char key[256] = "";

    if (!cancelled) {
        c.index = item_index(current_item(p->menu));
        c.mask = p->mask;
        snprintf(key, sizeof key, "%s", p->keys[c.index]);
    }
    c.key = key;
    return tui_dialog_answer(v, p->who, &c);
}

/* Type-ahead: the first line whose label starts with what was typed (case aside); a letter
 * that matches none is not taken. */
static int type_ahead(tui_view *v, int key)
{
    pick *p = v->data;

    if (key == TUI_FN(KEY_BACKSPACE) || key == 0x7f || key == '\b') {
        p->n_typed -= p->n_typed > 0;
        p->typed[p->n_typed] = '\0';
        return TUI_HANDLED;
    }
    if (key < 0x20 || key > 0xff || TUI_IS_FN(key) || p->n_typed + 1 >= sizeof p->typed)
        return TUI_UNHANDLED;
    p->typed[p->n_typed] = (char)key;
    p->typed[p->n_typed + 1] = '\0';
    for (size_t i = 0; i < p->n; i++)
        if (strncasecmp(p->labels[i], p->typed, p->n_typed + 1) == 0) {
            p->n_typed++;
            set_current_item(p->menu, p->items[i]);
            return TUI_REDRAW;
        }
    p->typed[p->n_typed] = '\0';
    return TUI_HANDLED;
}

static int pick_request(tui_view *v, enum tui_request req, int key)
{
    pick *p = v->data;
    static const struct {
        enum tui_request req;
        int menu_req;
    } moves[] = {
        {TUI_REQ_UP, REQ_UP_ITEM},        {TUI_REQ_DOWN, REQ_DOWN_ITEM},
        {TUI_REQ_PAGE_UP, REQ_SCR_UPAGE}, {TUI_REQ_PAGE_DOWN, REQ_SCR_DPAGE},
        {TUI_REQ_FIRST, REQ_FIRST_ITEM},  {TUI_REQ_LAST, REQ_LAST_ITEM},
    };

    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
        if (moves[i].req == req) {
            menu_driver(p->menu, moves[i].menu_req);
            p->n_typed = 0;
            return TUI_HANDLED;
        }
    /* Printable keys are typed (TUI_V_TEXT): Space still marks in a multiple choice. */
    if (req == TUI_REQ_NONE && key == ' ' && p->multi)
        req = TUI_REQ_TOGGLE;
    else if (req == TUI_REQ_NONE)
        return type_ahead(v, key);
    switch (req) {
    case TUI_REQ_TOGGLE:
        if (!p->multi)
            return TUI_HANDLED;
        if (toggle(v) != BB_OK) {
            tui_say(v->app, TUI_MSG_ERROR, "%s", bb_strerror(BB_ENOMEM));
            return answer(v, true);
        }
        return TUI_REDRAW;
    case TUI_REQ_ENTER:
        return answer(v, false);
    case TUI_REQ_BACK:
        return answer(v, true);
    default:
        return TUI_UNHANDLED;
    }
}

const tui_view_ops tui_view_pick = {
    .name = "pick",
    .scopes = TUI_S_DIALOG,
    .flags = TUI_V_OVERLAY | TUI_V_TEXT,
    .open = pick_open,
    .close = pick_close,
    .layout = pick_layout,
    .draw = pick_draw,
    .request = pick_request,
};

int tui_pick(tui_view *asker, int tag, const tui_pick_spec *spec, tui_answer_fn fn)
{
    pick_arg a = {{asker, tag, fn}, spec};

    return tui_push(asker->app, &tui_view_pick, &a);
}

int tui_confirm(tui_view *asker, int tag, const char *title, const char *text, const char *no,
                const char *yes, tui_answer_fn fn)
{
    const char *labels[2] = {no, yes};
    tui_pick_spec spec = {.title = title, .text = text, .labels = labels, .n = 2};

    return tui_pick(asker, tag, &spec, fn);
}
