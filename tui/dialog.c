/* What every dialog shares: its window over the body, its frame, and giving the answer to the
 * screen that asked; see dialog.h. */
#include "dialog.h"
#include "draw.h"

WINDOW *tui_dialog_window(tui_app *app, int h, int w)
{
    if (h > LINES - 2)
        h = LINES - 2;
    if (w > COLS - 2)
        w = COLS - 2;
    if (h < 3 || w < 10)
        return NULL;
    return newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
}

WINDOW *tui_dialog_place(tui_view *v, int h, int w, WINDOW **sub)
{
    WINDOW *win = tui_dialog_window(v->app, h, w);

    if (win == NULL)
        return NULL;
    if (*sub != NULL)
        delwin(*sub);
    *sub = NULL;
    if (v->panel == NULL)
        v->panel = new_panel(win);
    else
        replace_panel(v->panel, win); /* before the old window goes: the panel reads it */
    if (v->win != NULL && v->win != v->app->body)
        delwin(v->win);
    v->win = win;
    return win;
}

int tui_dialog_answer(tui_view *v, tui_asked who, const tui_choice *c)
{
    tui_pop(v->app); /* frees the dialog, so who is a copy */
    who.fn(who.asker, who.tag, c);
    return TUI_REDRAW;
}

void tui_dialog_frame(WINDOW *w, const char *title)
{
    werase(w);
    box(w, 0, 0);
    if (title != NULL && *title != '\0') {
        tui_put(w, 0, 2, getmaxx(w) - 4, " ", A_BOLD, false);
        tui_put(w, 0, 3, getmaxx(w) - 6, title, A_BOLD, false);
        tui_put(w, 0, 3 + tui_width(title) < getmaxx(w) - 2 ? 3 + tui_width(title) : 3, 1, " ",
                A_BOLD, false);
    }
}
